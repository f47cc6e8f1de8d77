"""The GloVe pipeline strung together: count a corpus, and read off the counts the chapters tabulate.

The chapters, ``tools/train_glove.py`` (which makes the shipped vectors) and ``tools/bench_glove.py``
(the benchmark) run the same steps through these functions::

    counts = count_corpus(documents, min_count=5, window=10)      # vocabulary, token ids, X
    result = train_glove(counts.cooccurrence, GloVeConfig(...))   # lecture10.glove.train

The tools count the maintainers' corpus with :func:`count_corpus_folder`, the same counts read
line by line instead of held in memory as Python strings, and X counted in less memory (see
:mod:`lecture10.glove.counting`).
A :class:`StepClock` passed to either records the wall and CPU seconds of each step (the tools
report them); without one nothing is timed.
"""
from __future__ import annotations

import contextlib
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

import numpy as np

from lecture10 import _checks
from lecture10.glove.cooccurrence import (Cooccurrence, Vocabulary, build_vocabulary, context_counts,
                                          cooccurrence_counts, encode)
from lecture10.glove.corpus import corpus_files
from lecture10.glove.counting import cooccurrence_counts_lean

__all__ = ["CorpusCounts", "StepClock", "cooccurrence_probes", "count_corpus", "count_corpus_folder"]


class StepClock:
    """Wall and CPU seconds of the named steps of a run, in ``steps``; with ``verbose``, progress on stderr."""

    def __init__(self, verbose: bool = False) -> None:
        self.steps: dict[str, dict[str, float]] = {}
        self.verbose = verbose

    @contextlib.contextmanager
    def time(self, name: str) -> Iterator[None]:
        """Time the block as step ``name``."""
        wall, cpu = time.perf_counter(), time.process_time()
        if self.verbose:
            print(f"{name} ...", file=sys.stderr, flush=True)
        yield
        self.steps[name] = {"wall_s": round(time.perf_counter() - wall, 2),
                            "cpu_s": round(time.process_time() - cpu, 2)}
        if self.verbose:
            print(f"  {name}: {self.steps[name]}", file=sys.stderr, flush=True)


@dataclass
class CorpusCounts:
    """A counted corpus: its vocabulary, its in-vocabulary token ids with their document numbers, and X."""

    vocabulary: Vocabulary
    ids: np.ndarray
    doc: np.ndarray
    cooccurrence: Cooccurrence
    window: int


def count_corpus(documents: Iterable[Sequence[str]], min_count: int = 5, window: int = 10,
                 clock: StepClock | None = None) -> CorpusCounts:
    """Vocabulary (words seen ``min_count`` times or more), token ids, and GloVe's co-occurrence matrix X.

    X adds 1/d for two words d <= ``window`` positions apart in one document, on either side
    (:func:`lecture10.glove.cooccurrence.cooccurrence_counts`).
    """
    clock = StepClock() if clock is None else clock
    documents = _checks.token_lists(documents, "documents")
    with clock.time("vocabulary"):
        vocabulary = build_vocabulary(documents, min_count=min_count)
    with clock.time("encode"):
        ids, doc = encode(documents, vocabulary)
    with clock.time("cooccurrence"):
        cooccurrence = cooccurrence_counts(ids, doc, len(vocabulary), window=window)
    return CorpusCounts(vocabulary, ids, doc, cooccurrence, window)


def _document_batches(files: list[Path], lines: int = 2_000) -> Iterator[list[list[str]]]:
    """The corpus's documents (one per line, as :func:`lecture10.glove.corpus.read_corpus` reads them), in batches."""
    for file in files:
        with open(file, encoding="utf-8") as handle:
            while batch := [line.split() for line in islice(handle, lines)]:
                yield batch


def count_corpus_folder(folder: str | Path, sources: Sequence[str] | None = None, min_count: int = 5,
                        window: int = 10, clock: StepClock | None = None) -> tuple[CorpusCounts, dict]:
    """:func:`count_corpus` of a corpus folder (``python -m tools.corpus.build``), streamed from disk.

    Equal to ``count_corpus(read_corpus(folder, sources)[0], ...)``, but the text is read twice,
    a batch of lines at a time (once to count the words, once to encode them), instead of being held
    in memory as ten million Python strings, and X is counted by
    :func:`lecture10.glove.counting.cooccurrence_counts_lean` (equal up to rounding). Returns the counts and the corpus manifest (with
    ``sha256``, the hash of the manifest file, and ``tokens``, the tokens read).
    """
    clock = StepClock() if clock is None else clock
    _checks.positive_int(min_count, "min_count")
    files, manifest = corpus_files(folder, sources)
    with clock.time("vocabulary"):
        counter: Counter[str] = Counter()
        for batch in _document_batches(files):
            for document in batch:
                counter.update(document)
        kept = sorted(((w, c) for w, c in counter.items() if c >= min_count), key=lambda wc: (-wc[1], wc[0]))
        # Fresh copies of the kept words, so that freeing the counter's strings frees their memory.
        vocabulary = Vocabulary(tuple(w.encode().decode() for w, _ in kept),
                                np.array([c for _, c in kept], dtype=np.int64))
        tokens = int(sum(counter.values()))
        manifest["tokens"] = tokens
        del counter, kept
    with clock.time("encode"):
        ids, doc = np.empty(tokens, np.int32), np.empty(tokens, np.int32)
        filled = documents = 0
        for batch in _document_batches(files):
            batch_ids, batch_doc = encode(batch, vocabulary)
            ids[filled:filled + len(batch_ids)] = batch_ids
            doc[filled:filled + len(batch_ids)] = batch_doc + documents
            filled += len(batch_ids)
            documents += len(batch)
        ids, doc = ids[:filled].copy(), doc[:filled].copy()
    with clock.time("cooccurrence"):
        cooccurrence = cooccurrence_counts_lean(ids, doc, len(vocabulary), window=window)
    return CorpusCounts(vocabulary, ids, doc, cooccurrence, window), manifest


def cooccurrence_probes(counts: CorpusCounts, targets: Sequence[str], contexts: Sequence[str]) -> dict:
    """The co-occurrence counts of the chapters' table: X_ik and the row sum X_i, weighted by 1/d and not.

    Returns a JSON-ready dict: ``window``, ``word_counts`` (occurrences of every word, 0 if
    out of the vocabulary) and, per target, ``weighted`` and ``unweighted`` entries holding
    ``row_sum`` and the count of each context word.
    """
    targets, contexts = _checks.words(targets, "targets"), _checks.words(contexts, "contexts")
    vocabulary = counts.vocabulary
    out: dict = {"window": counts.window, "targets": {}, "word_counts": {}}
    for word in [*targets, *contexts]:
        out["word_counts"][word] = vocabulary.count(word) if word in vocabulary else 0
    for target in targets:
        entry = {}
        for label, weighted in (("weighted", True), ("unweighted", False)):
            row = context_counts(counts.ids, counts.doc, len(vocabulary), vocabulary.index(target),
                                 window=counts.window, distance_weighting=weighted)
            entry[label] = {"row_sum": float(row.sum()),
                            "contexts": {k: float(row[vocabulary.index(k)]) if k in vocabulary else 0.0
                                         for k in contexts}}
        out["targets"][target] = entry
    return out
