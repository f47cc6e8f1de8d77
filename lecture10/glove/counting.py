"""GloVe's co-occurrence counts again, in bounded memory: what the tools count the full corpus with.

:func:`lecture10.glove.cooccurrence.cooccurrence_counts` (the chapters' version) adds one sparse
matrix per offset and mirrors the upper triangle at the end; on the book's corpus (10.8M tokens,
27.6M non-zero pairs) its peak is about 1.4 GB. :func:`cooccurrence_counts_lean` computes the same
matrix in well under half of that: each unordered pair is one int64 key ``lo * V + hi``; the keys of
one offset are sorted in place and run-length counted, then merged into one sorted array of
distinct keys with their weighted counts (the upper triangle, about 14M entries); the symmetric CSR
matrix is assembled from that triangle and its transpose at the end, without a sparse sum of the two.
"""
from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from lecture10.glove.cooccurrence import Cooccurrence, checked_token_ids

__all__ = ["cooccurrence_counts_lean"]


def _key_type(vocab_size: int) -> type:
    """The smallest unsigned integer type that holds lo * V + hi."""
    return np.uint32 if vocab_size * vocab_size <= 2**32 else np.uint64


def _offset_counts(ids: np.ndarray, doc: np.ndarray | None, vocab_size: int, d: int) -> tuple[np.ndarray, np.ndarray]:
    """The distinct keys lo * V + hi of the word pairs ``d`` positions apart in one document, and their counts."""
    left, right = ids[:-d], ids[d:]
    if doc is not None:
        same = doc[:-d] == doc[d:]
        left, right = left[same], right[same]
    key_type = _key_type(vocab_size)
    keys = np.minimum(left, right).astype(key_type)
    keys *= key_type(vocab_size)
    keys += np.maximum(left, right).astype(key_type)
    del left, right
    keys.sort()
    if len(keys) == 0:
        return keys, np.zeros(0, np.int64)
    starts = np.flatnonzero(keys[1:] != keys[:-1])
    starts += 1
    starts = np.concatenate([[0], starts])
    counts = np.diff(np.append(starts, len(keys)))
    return keys[starts], counts


def cooccurrence_counts_lean(ids: np.ndarray, doc: np.ndarray | None, vocab_size: int, window: int = 10,
                             distance_weighting: bool = True) -> Cooccurrence:
    """The matrix of :func:`lecture10.glove.cooccurrence.cooccurrence_counts`, computed in less memory."""
    ids = checked_token_ids(ids, doc, vocab_size, window)
    keys, values = np.zeros(0, _key_type(vocab_size)), np.zeros(0, np.float64)
    for d in range(1, min(window, len(ids) - 1) + 1):
        new_keys, counts = _offset_counts(ids, doc, vocab_size, d)
        weights = counts * (1.0 / d if distance_weighting else 1.0)
        del counts
        where = np.searchsorted(keys, new_keys)
        found = where < len(keys)
        found[found] = keys[where[found]] == new_keys[found]
        values[where[found]] += weights[found]
        fresh = ~found
        keys = np.insert(keys, where[fresh], new_keys[fresh])
        values = np.insert(values, where[fresh], weights[fresh])
        del new_keys, weights, where, found, fresh
    # The upper triangle (i <= j), row-major since the keys are sorted. X = U + U^T, as in
    # cooccurrence_counts: a word next to itself adds to X_ii from both sides, so the diagonal
    # doubles; the strictly lower part is the transpose of the strictly upper one. The two parts
    # share no entry, so each row of X is its lower part, then its upper part.
    rows = (keys // keys.dtype.type(vocab_size)).astype(np.int32)
    cols = (keys % keys.dtype.type(vocab_size)).astype(np.int32)
    del keys
    off = rows != cols
    values[~off] *= 2
    lower = _csr(values[off], rows[off], cols[off], vocab_size).T.tocsr()
    lower.sort_indices()
    del off
    upper = _csr(values, rows, cols, vocab_size)
    del rows, cols, values
    return Cooccurrence(_concatenate_rows(lower, upper))


def _csr(values: np.ndarray, rows: np.ndarray, cols: np.ndarray, size: int) -> sp.csr_matrix:
    """A CSR matrix of entries sorted by row, sharing ``values`` and ``cols`` (no copy)."""
    indptr = np.zeros(size + 1, np.int64)
    np.cumsum(np.bincount(rows, minlength=size), out=indptr[1:])
    return sp.csr_matrix((values, cols, indptr), shape=(size, size), copy=False)


def _concatenate_rows(first: sp.csr_matrix, second: sp.csr_matrix) -> sp.csr_matrix:
    """Row i of the result is row i of ``first`` followed by row i of ``second`` (their columns must not overlap)."""
    lengths_first, lengths_second = np.diff(first.indptr), np.diff(second.indptr)
    indptr = np.zeros(first.shape[0] + 1, np.int64)
    np.cumsum(lengths_first + lengths_second, out=indptr[1:])
    nnz = int(indptr[-1])
    index_type = np.int32 if nnz < 2**31 else np.int64
    indices = np.empty(nnz, first.indices.dtype)
    data = np.empty(nnz, np.float64)
    for part, before, lengths in ((second, lengths_first, lengths_second),
                                  (first, np.zeros_like(lengths_first), lengths_first)):
        offset = indptr[:-1] + before - part.indptr[:-1]  # where row i's entries of this part go, less their start
        # In runs of rows of about nnz / 16 entries, so that the index arrays stay small.
        rows = first.shape[0]
        bounds = np.unique(np.r_[0, np.searchsorted(part.indptr[:-1], np.linspace(0, part.nnz, 17)[1:-1]), rows])
        for r0, r1 in zip(bounds[:-1], bounds[1:]):
            lo, hi = part.indptr[r0], part.indptr[r1]
            destination = np.repeat(offset[r0:r1].astype(index_type), lengths[r0:r1])
            destination += np.arange(lo, hi, dtype=index_type)
            indices[destination] = part.indices[lo:hi]
            data[destination] = part.data[lo:hi]
        del offset
    return sp.csr_matrix((data, indices, indptr.astype(index_type)), shape=first.shape, copy=False)
