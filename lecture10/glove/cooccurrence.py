"""Vocabulary and word-word co-occurrence counts, as GloVe defines them, vectorised with numpy.

GloVe's statistic :math:`X_{ij}` adds :math:`1/d` whenever word :math:`j` appears
:math:`d \\le` ``window`` positions from word :math:`i` inside one document (one line of
the corpus), on either side (a *symmetric* window), so that :math:`X` is symmetric. As in
Stanford's reference code, out-of-vocabulary words are removed *before* the windows are
laid (the window reaches over them), and windows never cross a document boundary.

Counting is vectorised, offset by offset: for each :math:`d = 1 \\dots` ``window`` the
pairs ``(ids[:-d], ids[d:])`` that lie in one document get the weight :math:`1/d`; each
unordered pair is stored once, as (smaller id, larger id), in a :mod:`scipy.sparse`
matrix whose conversion to CSR sums the duplicates; the upper triangle is then mirrored.
No Python code runs per pair.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import chain, repeat
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from lecture10 import _checks

__all__ = ["Cooccurrence", "Vocabulary", "build_vocabulary", "context_counts", "cooccurrence_counts", "encode",
           "probability_ratio"]


@dataclass(frozen=True)
class Vocabulary:
    """The words kept for training, most frequent first, with their corpus counts."""

    words: tuple[str, ...]
    counts: np.ndarray  # int64, same order as words

    def __post_init__(self) -> None:
        if len(self.words) != len(self.counts):
            raise ValueError(f"{len(self.words)} words but {len(self.counts)} counts")
        object.__setattr__(self, "_index", {w: i for i, w in enumerate(self.words)})

    def __len__(self) -> int:
        return len(self.words)

    def __contains__(self, word: object) -> bool:
        return word in self._index  # type: ignore[attr-defined]

    def index(self, word: str) -> int:
        """The id of ``word``; KeyError naming the word if it is not in the vocabulary."""
        try:
            return self._index[word]  # type: ignore[attr-defined]
        except KeyError:
            raise KeyError(f"{word!r} is not in the vocabulary ({len(self)} words)") from None

    def count(self, word: str) -> int:
        """How often ``word`` occurs in the corpus the vocabulary was built from."""
        return int(self.counts[self.index(word)])


def build_vocabulary(documents: Iterable[Sequence[str]], min_count: int = 5,
                     max_size: int | None = None) -> Vocabulary:
    """Count the tokens of ``documents``; keep those seen ``min_count`` times or more.

    Words are ordered by decreasing count, ties alphabetically, so the result does not
    depend on the order of the documents. ``max_size`` keeps only the most frequent words.
    """
    _checks.positive_int(min_count, "min_count")
    _checks.optional_positive_int(max_size, "max_size")
    counter: Counter[str] = Counter()
    for document in _checks.token_lists(documents, "documents"):
        counter.update(document)
    kept = sorted(((w, c) for w, c in counter.items() if c >= min_count), key=lambda wc: (-wc[1], wc[0]))
    kept = kept[:max_size] if max_size is not None else kept
    return Vocabulary(tuple(w for w, _ in kept), np.array([c for _, c in kept], dtype=np.int64))


def encode(documents: Iterable[Sequence[str]], vocabulary: Vocabulary) -> tuple[np.ndarray, np.ndarray]:
    """Token ids of the in-vocabulary words and, for each, the number of its document.

    Returns ``(ids, doc)``, two int32 arrays of the same length: out-of-vocabulary tokens are
    left out, so the windows of :func:`cooccurrence_counts` reach over them.
    """
    documents = _checks.token_lists(documents, "documents")
    index = vocabulary._index  # type: ignore[attr-defined]
    lengths = np.fromiter(map(len, documents), dtype=np.int64, count=len(documents))
    flat = chain.from_iterable(documents)
    ids = np.fromiter(map(index.get, flat, repeat(-1)), dtype=np.int32, count=int(lengths.sum()))
    doc = np.repeat(np.arange(len(documents), dtype=np.int32), lengths)
    known = ids >= 0
    return ids[known], doc[known]


@dataclass(frozen=True)
class Cooccurrence:
    """A symmetric co-occurrence matrix X (V x V, float64), stored sparse (CSR)."""

    matrix: sp.csr_matrix

    def __post_init__(self) -> None:
        if self.matrix.shape[0] != self.matrix.shape[1]:
            raise ValueError(f"a co-occurrence matrix is square, got shape {self.matrix.shape}")

    @property
    def size(self) -> int:
        """The vocabulary size V."""
        return self.matrix.shape[0]

    def __len__(self) -> int:
        """The number of non-zero entries."""
        return self.matrix.nnz

    def get(self, i: int, j: int) -> float:
        """The entry X_ij (0.0 where the pair never co-occurs)."""
        for k in (i, j):
            if not 0 <= k < self.size:
                raise IndexError(f"index {k} is outside the vocabulary of {self.size} words")
        return float(self.matrix[i, j])

    def row_sums(self) -> np.ndarray:
        """X_i = sum_k X_ik for every word i (float64, length V)."""
        return np.asarray(self.matrix.sum(axis=1)).ravel()

    def pairs(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The non-zero entries as (rows int32, cols int32, values float64), sorted by (row, col)."""
        rows = np.repeat(np.arange(self.size, dtype=np.int32), np.diff(self.matrix.indptr))
        return rows, self.matrix.indices.astype(np.int32), self.matrix.data

    def to_dense(self) -> np.ndarray:
        """The full V x V matrix (for small vocabularies only)."""
        if self.size > 20_000:
            raise ValueError(f"a dense {self.size} x {self.size} matrix is too large")
        return self.matrix.toarray()


def checked_token_ids(ids: np.ndarray, doc: np.ndarray | None, vocab_size: int, window: int) -> np.ndarray:
    """The token ids of a corpus as int32, after checking them, ``doc`` and ``window`` for counting."""
    ids = np.asarray(ids)
    if ids.ndim != 1:
        raise ValueError(f"ids must be one-dimensional, got shape {ids.shape}")
    _checks.positive_int(window, "window")
    _checks.positive_int(vocab_size, "vocab_size")
    if len(ids) and (ids.min() < 0 or ids.max() >= vocab_size):
        raise ValueError(f"token ids must lie in [0, {vocab_size}), got [{ids.min()}, {ids.max()}]")
    if doc is not None and np.shape(doc) != ids.shape:
        raise ValueError(f"doc has shape {np.shape(doc)}, ids has shape {ids.shape}")
    ids = ids.astype(np.int32, copy=False)
    return ids


def cooccurrence_counts(ids: np.ndarray, doc: np.ndarray | None, vocab_size: int, window: int = 10,
                        distance_weighting: bool = True) -> Cooccurrence:
    """GloVe's symmetric co-occurrence matrix of a corpus given as token ids (see module docstring).

    ``doc`` gives each token's document number (None: one document); ``distance_weighting``
    adds 1/d for a pair d positions apart (as in the paper) instead of 1.
    """
    ids = checked_token_ids(ids, doc, vocab_size, window)
    upper = sp.csr_matrix((vocab_size, vocab_size), dtype=np.float64)
    for d in range(1, min(window, len(ids) - 1) + 1):
        left, right = ids[:-d], ids[d:]
        if doc is not None:
            same = doc[:-d] == doc[d:]
            left, right = left[same], right[same]
        weight = np.full(len(left), 1.0 / d if distance_weighting else 1.0)
        pairs = sp.coo_matrix((weight, (np.minimum(left, right), np.maximum(left, right))),
                              shape=(vocab_size, vocab_size)).tocsr()
        pairs.sum_duplicates()
        upper = upper + pairs
    # X = U + U^T: (i, j) and (j, i) for i != j; a word next to itself adds to X_ii from both sides.
    full = (upper + upper.T).tocsr()
    full.sum_duplicates()
    full.sort_indices()
    return Cooccurrence(full)


def context_counts(ids: np.ndarray, doc: np.ndarray | None, vocab_size: int, target: int,
                   window: int = 10, distance_weighting: bool = True) -> np.ndarray:
    """Row ``target`` of the co-occurrence matrix, computed from the target's occurrences only.

    Equal to ``cooccurrence_counts(...).matrix[target]`` as a dense vector, but cheap for a
    few words (it looks only around each occurrence of ``target``).
    """
    ids = np.asarray(ids)
    if not 0 <= target < vocab_size:
        raise IndexError(f"target {target} is outside the vocabulary of {vocab_size} words")
    _checks.positive_int(window, "window")
    positions = np.flatnonzero(ids == target)
    row = np.zeros(vocab_size)
    for d in range(-window, window + 1):
        if d == 0:
            continue
        other = positions + d
        ok = (other >= 0) & (other < len(ids))
        if doc is not None:
            ok[ok] = doc[other[ok]] == doc[positions[ok]]
        weight = 1.0 / abs(d) if distance_weighting else 1.0
        row += np.bincount(ids[other[ok]], minlength=vocab_size) * weight
    return row


def probability_ratio(X: Cooccurrence | np.ndarray, i: int, j: int, k: int | np.ndarray) -> float | np.ndarray:
    """P(k | i) / P(k | j), where P(k | i) = X_ik / X_i is the share of word i's counts that go to k.

    ``X`` is a :class:`Cooccurrence` or a dense square array; ``k`` a word id or an array of them.
    ValueError where P(k | j) = 0: the ratio is undefined (or infinite) there.
    """
    dense = X.matrix if isinstance(X, Cooccurrence) else np.asarray(X, dtype=np.float64)
    if dense.ndim != 2 or dense.shape[0] != dense.shape[1]:
        raise ValueError(f"X must be a square matrix, got shape {dense.shape}")

    def probability(word: int) -> np.ndarray:
        row = np.asarray(dense[word].todense()).ravel() if sp.issparse(dense) else dense[word]
        return row[k] / row.sum()

    with np.errstate(divide="ignore", invalid="ignore"):
        p_i, p_j = probability(i), probability(j)
    if np.any(~(p_j > 0)):
        raise ValueError(f"P(k | j) = 0 for word id(s) {np.atleast_1d(k)[~(np.atleast_1d(p_j) > 0)].tolist()} "
                         f"and j = {j}: the ratio is undefined")
    ratio = p_i / p_j
    return float(ratio) if np.ndim(ratio) == 0 else ratio
