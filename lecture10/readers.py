"""Readers for the real file formats the course book uses.

Each reader takes a path (from :func:`lecture10.data.fetch`) and returns plain Python
lists and numpy arrays. Malformed input raises ValueError naming the file and the line
(a damaged or truncated file: the file, and that it should be fetched again).

* word vectors: GloVe text (``word v1 ... vd``, no header), word2vec text (an ``n d``
  header line first; ``.gz`` is read transparently), word2vec binary, and a words file
  (one per line) with a float32 ``.npy`` matrix;
* Sentiment140's CSV (no header, 6 quoted columns), from the ``.csv`` or from the zip;
* VADER's tweet ratings (tab-separated id, mean rating, text).
"""
from __future__ import annotations

import contextlib
import csv
import gzip
import mmap
import os
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import numpy as np

__all__ = ["read_sentiment140_csv", "read_vader_tweets", "read_vectors_npy", "read_word2vec_binary",
           "read_word_vectors_text"]

SENTIMENT140_TRAIN = "training.1600000.processed.noemoticon.csv"
SENTIMENT140_COLUMNS = ("polarity", "id", "date", "query", "user", "text")
REPLACEMENT = "\ufffd"
BOM = "\ufeff"
INT64_MAX = np.iinfo(np.int64).max
FLOAT32_MAX = float(np.finfo(np.float32).max)
_DAMAGED = (EOFError, zlib.error, gzip.BadGzipFile, zipfile.BadZipFile)


def _as_path(path: object, what: str = "path") -> Path:
    """Return ``path`` as a Path; TypeError naming ``what`` for anything but str / os.PathLike."""
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"{what} must be a file path (str or pathlib.Path), not {type(path).__name__}: {path!r}")
    return Path(path)


def _check_limit(limit: object) -> None:
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 0):
        raise ValueError(f"limit must be None or a non-negative integer, not {limit!r}")


def _decode(raw: bytes, label: str, number: int) -> str:
    """Decode one line as strict UTF-8, or raise ValueError naming the file, line and byte."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(f"{label}:{number}: not UTF-8 (byte 0x{raw[exc.start]:02x} at column "
                         f"{exc.start + 1}); the file is damaged or in another encoding") from None


def _text_lines(path: Path) -> Iterator[tuple[int, str]]:
    """Yield (line number from 1, line without its line ending) of a UTF-8 file, maybe gzipped.

    A UTF-8 byte-order mark at the start is dropped. A truncated or damaged ``.gz`` raises
    ValueError naming the file.
    """
    opener = gzip.open if str(path).endswith(".gz") else open
    number = 0
    try:
        with opener(path, "rb") as handle:
            for number, raw in enumerate(handle, 1):
                line = _decode(raw, str(path), number).rstrip("\r\n")
                yield number, (line[1:] if number == 1 and line.startswith(BOM) else line)
    except _DAMAGED as exc:
        raise ValueError(f"{path}: the compressed file is truncated or damaged after line {number} "
                         f"({type(exc).__name__}: {exc}); fetch it again") from None


def _finite_row(fields: list[str], label: str, number: int) -> np.ndarray:
    """Parse the values of one vector; ValueError naming the line for text, nan, inf or overflow."""
    try:
        row = np.array(fields[1:], dtype=np.float64)
    except ValueError:
        raise ValueError(f"{label}:{number}: non-numeric value in the vector of {fields[0]!r}") from None
    bad = ~(np.abs(row) <= FLOAT32_MAX)  # also true for nan
    if bad.any():
        value = fields[1 + int(np.argmax(bad))]
        raise ValueError(f"{label}:{number}: value {value!r} in the vector of {fields[0]!r} is not a "
                         f"finite float32 number")
    return row.astype(np.float32)


def read_word_vectors_text(path: str | Path, *, limit: int | None = None
                           ) -> tuple[list[str], np.ndarray]:
    """Read GloVe or word2vec *text* vectors; return (words, float32 array of shape (n, d)).

    A first line of exactly two integers is a word2vec header ``n d``; otherwise every
    line is ``word v1 ... vd``, separated by single spaces. ``limit`` keeps the first rows.
    """
    path = _as_path(path)
    _check_limit(limit)
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
        rows.append(_finite_row(fields, str(path), number))
        words.append(fields[0])
    if not words and limit != 0:
        raise ValueError(f"{path}: no vectors in the file (is it empty?); fetch it again")
    if expected is not None and limit is None and len(words) != expected:
        raise ValueError(f"{path}: header says {expected} vectors, the file has {len(words)}")
    vectors = np.stack(rows) if rows else np.zeros((0, dim or 0), dtype=np.float32)
    return words, vectors


def _word2vec_header(data: mmap.mmap, path: Path) -> tuple[int, int, int]:
    """Return (count, dim, offset of the first record) of a word2vec binary file, checked."""
    end = data.find(b"\n", 0, 100)
    header = data[:end].split() if end > 0 else []
    if len(header) != 2 or not all(h.isdigit() for h in header):
        raise ValueError(f"{path}:1: expected a word2vec header 'n d', got {data[:40]!r}")
    count, dim = int(header[0]), int(header[1])
    if count < 1 or dim < 1:
        raise ValueError(f"{path}:1: the header says {count} vectors of {dim} values")
    needed = count * (1 + 4 * dim)  # each record: at least a space and dim floats
    if needed > len(data) - end - 1:
        raise ValueError(f"{path}:1: the header says {count:,} vectors of {dim:,} values, which need "
                         f"at least {needed:,} bytes, but the file has {len(data):,}; it is damaged "
                         f"or truncated")
    return count, dim, end + 1


def read_word2vec_binary(path: str | Path, *, limit: int | None = None
                         ) -> tuple[list[str], np.ndarray]:
    """Read word2vec *binary* vectors (header ``n d``, then ``word<space>`` + d little-endian
    float32 each); return (words, float32 array of shape (n, d))."""
    path = _as_path(path)
    _check_limit(limit)
    if path.stat().st_size == 0:
        raise ValueError(f"{path}: the file is empty; expected a word2vec header 'n d'")
    with open(path, "rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
        count, dim, pos = _word2vec_header(data, path)
        count = count if limit is None else min(count, limit)
        vectors = np.empty((count, dim), dtype=np.float32)
        words: list[str] = []
        width = 4 * dim
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
    if not np.isfinite(vectors).all():
        row = int(np.argmin(np.isfinite(vectors).all(axis=1)))
        raise ValueError(f"{path}: the vector of {words[row]!r} (number {row + 1}) holds nan or inf")
    return words, vectors


def read_vectors_npy(words_path: str | Path, vectors_path: str | Path, *, mmap: bool = False
                     ) -> tuple[list[str], np.ndarray]:
    """Read a words file (UTF-8, one word per line) and a float32 ``.npy`` matrix with a row per word.

    Returns (words, matrix of shape (len(words), d)). With ``mmap`` the matrix is a read-only
    memory map of the file instead of a copy in memory.
    """
    words_path, vectors_path = _as_path(words_path, "words_path"), _as_path(vectors_path, "vectors_path")
    raw = words_path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise ValueError(f"{words_path}:{line}: not UTF-8 (byte 0x{raw[exc.start]:02x}); fetch it again") from None
    words = text.removeprefix(BOM).split("\n")
    if words and words[-1] == "":
        words.pop()
    if not words or "" in words:
        line = words.index("") + 1 if "" in words else 1
        raise ValueError(f"{words_path}:{line}: an empty word (is the file empty or damaged?)")
    try:
        matrix = np.load(vectors_path, mmap_mode="r" if mmap else None, allow_pickle=False)
    except (ValueError, EOFError, OSError) as exc:
        if isinstance(exc, FileNotFoundError):
            raise
        raise ValueError(f"{vectors_path}: not a readable .npy matrix ({exc}); fetch it again") from None
    if matrix.ndim != 2 or matrix.dtype != np.float32:
        raise ValueError(f"{vectors_path}: expected a 2-D float32 matrix, got {matrix.dtype} of shape {matrix.shape}")
    if matrix.shape[0] != len(words):
        raise ValueError(f"{vectors_path} has {matrix.shape[0]:,} rows but {words_path} has {len(words):,} words")
    finite = np.isfinite(matrix).all(axis=1)
    if not finite.all():
        row = int(np.argmin(finite))
        raise ValueError(f"{vectors_path}: the vector of {words[row]!r} (row {row + 1}) holds nan or inf")
    return words, matrix


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
    path = _as_path(path)
    label = str(path)
    try:
        with contextlib.ExitStack() as stack:
            if zipfile.is_zipfile(path):
                archive = stack.enter_context(zipfile.ZipFile(path))
                label = f"{path}!{member}"
                try:
                    handle = stack.enter_context(archive.open(member))
                except KeyError:
                    raise ValueError(f"{path} has no member {member!r}") from None
            else:
                handle = stack.enter_context(open(path, "rb"))
            replaced = [0]
            reader = csv.reader(_lenient_lines(handle, replaced))
            table = _sentiment140_columns(reader, label)
    except _DAMAGED as exc:
        raise ValueError(f"{label}: the file is truncated or damaged ({type(exc).__name__}: {exc}); "
                         f"fetch it again") from None
    return table, replaced[0]


def _lenient_lines(handle: BinaryIO, replaced: list[int]) -> Iterator[str]:
    """Yield the lines of a binary file decoded leniently; add the replacements to replaced[0]."""
    for number, raw in enumerate(handle, 1):
        text, bad = _decode_leniently(raw)
        replaced[0] += bad
        yield text[1:] if number == 1 and text.startswith(BOM) else text


def _sentiment140_columns(reader, label: str) -> dict[str, np.ndarray]:
    columns: dict[str, list] = {name: [] for name in SENTIMENT140_COLUMNS}
    try:
        for record in reader:
            if not record:
                continue
            if len(record) != len(SENTIMENT140_COLUMNS):
                raise ValueError(f"{label}:{reader.line_num}: expected 6 columns "
                                 f"(polarity, id, date, query, user, text), got {len(record)}")
            if record[0] not in ("0", "2", "4") or not record[1].isdigit():
                raise ValueError(f"{label}:{reader.line_num}: polarity must be 0, 2 or 4 and id an "
                                 f"integer, got {record[0]!r} and {record[1]!r}")
            if int(record[1]) > INT64_MAX:
                raise ValueError(f"{label}:{reader.line_num}: id {record[1]} is larger than a 64-bit "
                                 f"integer can hold")
            for name, value in zip(SENTIMENT140_COLUMNS, record):
                columns[name].append(value)
    except csv.Error as exc:
        raise ValueError(f"{label}:{reader.line_num}: not CSV ({exc})") from None
    return {name: np.array(values, dtype={"polarity": np.int8, "id": np.int64}.get(name, object))
            for name, values in columns.items()}


def read_vader_tweets(path: str | Path) -> dict[str, np.ndarray]:
    """Read VADER's ``tweets_GroundTruth.txt``: {'id': int64, 'rating': float64, 'text': object}.

    Each line is ``id<TAB>mean rating in [-4, 4]<TAB>text``.
    """
    path = _as_path(path)
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
        if not (-4 <= ratings[-1] <= 4) or not (0 <= ids[-1] <= INT64_MAX):
            raise ValueError(f"{path}:{number}: the id must fit 64 bits and the rating be in [-4, 4], "
                             f"got {fields[0]!r} and {fields[1]!r}")
        texts.append(fields[2])
    return {"id": np.array(ids, dtype=np.int64), "rating": np.array(ratings, dtype=np.float64),
            "text": np.array(texts, dtype=object)}
