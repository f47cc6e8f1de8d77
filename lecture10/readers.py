"""Readers for the real file formats the course book uses.

Each reader takes a path (from :func:`lecture10.data.fetch`) and returns plain Python
lists and numpy arrays. Malformed input raises ValueError naming the file and the line.

* word vectors: GloVe text (``word v1 ... vd``, no header), word2vec text (an ``n d``
  header line first; ``.gz`` is read transparently) and word2vec binary;
* Sentiment140's CSV (no header, 6 quoted columns), from the ``.csv`` or from the zip;
* VADER's tweet ratings (tab-separated id, mean rating, text).
"""
from __future__ import annotations

import contextlib
import csv
import gzip
import mmap
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import numpy as np

__all__ = ["read_sentiment140_csv", "read_vader_tweets", "read_word2vec_binary",
           "read_word_vectors_text"]

SENTIMENT140_TRAIN = "training.1600000.processed.noemoticon.csv"
SENTIMENT140_COLUMNS = ("polarity", "id", "date", "query", "user", "text")
REPLACEMENT = "\ufffd"


def _text_lines(path: Path) -> Iterator[tuple[int, str]]:
    """Yield (line number from 1, line without its line ending) of a UTF-8 file, maybe gzipped."""
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8", newline="\n") as handle:
        for number, line in enumerate(handle, 1):
            yield number, line.rstrip("\r\n")


def read_word_vectors_text(path: str | Path, *, limit: int | None = None
                           ) -> tuple[list[str], np.ndarray]:
    """Read GloVe or word2vec *text* vectors; return (words, float32 array of shape (n, d)).

    A first line of exactly two integers is a word2vec header ``n d``; otherwise every
    line is ``word v1 ... vd``, separated by single spaces. ``limit`` keeps the first rows.
    """
    path = Path(path)
    words: list[str] = []
    rows: list[np.ndarray] = []
    dim = expected = None
    for number, line in _text_lines(path):
        if limit is not None and len(words) >= limit:
            break
        if not line:
            continue
        fields = line.rstrip(" ").split(" ")
        if number == 1 and len(fields) == 2 and all(f.isdigit() for f in fields):
            expected, dim = int(fields[0]), int(fields[1])
            continue
        if dim is None:
            dim = len(fields) - 1
            if dim < 1:
                raise ValueError(f"{path}:{number}: expected 'word v1 ... vd', got {line[:60]!r}")
        if len(fields) != dim + 1:
            raise ValueError(f"{path}:{number}: word {fields[0]!r} has {len(fields) - 1} values, "
                             f"expected {dim} like the lines before it")
        try:
            rows.append(np.array(fields[1:], dtype=np.float32))
        except ValueError:
            raise ValueError(f"{path}:{number}: non-numeric value in the vector of {fields[0]!r}") from None
        words.append(fields[0])
    if expected is not None and limit is None and len(words) != expected:
        raise ValueError(f"{path}: header says {expected} vectors, the file has {len(words)}")
    vectors = np.stack(rows) if rows else np.zeros((0, dim or 0), dtype=np.float32)
    return words, vectors


def read_word2vec_binary(path: str | Path, *, limit: int | None = None
                         ) -> tuple[list[str], np.ndarray]:
    """Read word2vec *binary* vectors (header ``n d``, then ``word<space>`` + d little-endian
    float32 each); return (words, float32 array of shape (n, d))."""
    path = Path(path)
    with open(path, "rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
        end = data.find(b"\n")
        header = data[:end].split() if end > 0 else []
        if len(header) != 2 or not all(h.isdigit() for h in header):
            raise ValueError(f"{path}:1: expected a word2vec header 'n d', got {data[:40]!r}")
        count, dim = int(header[0]), int(header[1])
        count = count if limit is None else min(count, limit)
        vectors = np.empty((count, dim), dtype=np.float32)
        words: list[str] = []
        pos, width = end + 1, 4 * dim
        for index in range(count):
            space = data.find(b" ", pos)
            if space < 0 or space + 1 + width > len(data):
                raise ValueError(f"{path}: file ends inside vector {index + 1} of {count}")
            word = data[pos:space].lstrip(b"\n")
            try:
                words.append(word.decode("utf-8"))
            except UnicodeDecodeError:
                raise ValueError(f"{path}: word {index + 1} at byte {pos} is not UTF-8: "
                                 f"{word[:40]!r}") from None
            vectors[index] = np.frombuffer(data, dtype="<f4", count=dim, offset=space + 1)
            pos = space + 1 + width
    return words, vectors


def _decode_leniently(raw: bytes) -> tuple[str, int]:
    """Decode UTF-8, replacing bad bytes; return (text, number of characters replaced)."""
    try:
        return raw.decode("utf-8"), 0
    except UnicodeDecodeError:
        text = raw.decode("utf-8", errors="replace")
        return text, text.count(REPLACEMENT) - raw.count(REPLACEMENT.encode("utf-8"))


def read_sentiment140_csv(path: str | Path, *, member: str = SENTIMENT140_TRAIN
                          ) -> tuple[dict[str, np.ndarray], int]:
    """Read Sentiment140's CSV; return ({column: array}, number of characters replaced).

    Columns: ``polarity`` (int8: 0 negative, 2 neutral, 4 positive), ``id`` (int64), and
    ``date``, ``query``, ``user``, ``text`` (object arrays of str, HTML entities such as
    ``&quot;`` left as they are). The file is not cleanly one encoding, so each line is
    decoded as UTF-8 with bad bytes replaced by U+FFFD, and the replacements are counted.
    ``path`` may also be ``trainingandtestdata.zip``, in which case ``member`` is read.
    """
    path = Path(path)
    with contextlib.ExitStack() as stack:
        if zipfile.is_zipfile(path):
            archive = stack.enter_context(zipfile.ZipFile(path))
            handle, label = stack.enter_context(archive.open(member)), f"{path}!{member}"
        else:
            handle, label = stack.enter_context(open(path, "rb")), str(path)
        replaced = [0]
        reader = csv.reader(_lenient_lines(handle, replaced))
        table = _sentiment140_columns(reader, label)
    return table, replaced[0]


def _lenient_lines(handle: BinaryIO, replaced: list[int]) -> Iterator[str]:
    """Yield the lines of a binary file decoded leniently; add the replacements to replaced[0]."""
    for raw in handle:
        text, bad = _decode_leniently(raw)
        replaced[0] += bad
        yield text


def _sentiment140_columns(reader, label: str) -> dict[str, np.ndarray]:
    columns: dict[str, list] = {name: [] for name in SENTIMENT140_COLUMNS}
    for record in reader:
        if not record:
            continue
        if len(record) != len(SENTIMENT140_COLUMNS):
            raise ValueError(f"{label}:{reader.line_num}: expected 6 columns "
                             f"(polarity, id, date, query, user, text), got {len(record)}")
        if record[0] not in ("0", "2", "4") or not record[1].isdigit():
            raise ValueError(f"{label}:{reader.line_num}: polarity must be 0, 2 or 4 and id an "
                             f"integer, got {record[0]!r} and {record[1]!r}")
        for name, value in zip(SENTIMENT140_COLUMNS, record):
            columns[name].append(value)
    return {name: np.array(values, dtype={"polarity": np.int8, "id": np.int64}.get(name, object))
            for name, values in columns.items()}


def read_vader_tweets(path: str | Path) -> dict[str, np.ndarray]:
    """Read VADER's ``tweets_GroundTruth.txt``: {'id': int64, 'rating': float64, 'text': object}.

    Each line is ``id<TAB>mean rating in [-4, 4]<TAB>text``.
    """
    path = Path(path)
    ids, ratings, texts = [], [], []
    for number, line in _text_lines(path):
        if not line:
            continue
        fields = line.split("\t", 2)
        if len(fields) != 3:
            raise ValueError(f"{path}:{number}: expected 'id<TAB>rating<TAB>text', got {line[:60]!r}")
        try:
            ids.append(int(fields[0]))
            ratings.append(float(fields[1]))
        except ValueError:
            raise ValueError(f"{path}:{number}: id must be an integer and rating a number, "
                             f"got {fields[0]!r} and {fields[1]!r}") from None
        texts.append(fields[2])
    return {"id": np.array(ids, dtype=np.int64), "rating": np.array(ratings, dtype=np.float64),
            "text": np.array(texts, dtype=object)}
