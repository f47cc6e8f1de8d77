"""Word vectors for the bias measurements: the Bolukbasi et al. word2vec subset, the book's GloVe.

Both load as :class:`lecture10.glove.vectors.WordVectors`. The functions of
:mod:`lecture10.bias` read a vector set through three of its attributes only, so any object
that has them works:

* ``words``: the words, in row order;
* ``index``: word -> row;
* ``matrix``: the ``(n_words, dim)`` array of vectors.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

import numpy as np

from lecture10.glove.vectors import WordVectors

__all__ = ["VectorSet", "WordVectors", "load_bolukbasi_word2vec", "load_book_glove", "lookup",
           "unit_rows"]


class VectorSet(Protocol):
    """What the bias functions need from a set of word vectors."""

    words: list[str]
    index: dict[str, int]
    matrix: np.ndarray


def unit_rows(matrix: np.ndarray) -> np.ndarray:
    """Return ``matrix`` with every row scaled to unit Euclidean length (float64 copy)."""
    matrix = np.asarray(matrix, dtype=np.float64)
    if matrix.ndim != 2:
        raise ValueError(f"expected a 2-D matrix of row vectors, got shape {matrix.shape}")
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    if np.any(norms == 0):
        raise ValueError("cannot normalise a zero vector (row "
                         f"{int(np.flatnonzero(norms[:, 0] == 0)[0])})")
    return matrix / norms


def lookup(vectors: VectorSet, words: Iterable[str]) -> tuple[np.ndarray, list[str], list[str]]:
    """Return (matrix of the words found, the words found, the words missing), in input order.

    Words are matched exactly (case-sensitively): word2vec's ``Bill`` and ``bill`` are two words.
    """
    found, missing = [], []
    for word in words:
        (found if word in vectors.index else missing).append(word)
    rows = [vectors.index[w] for w in found]
    matrix = np.asarray(vectors.matrix)
    return (matrix[rows] if rows else np.zeros((0, matrix.shape[1]), dtype=matrix.dtype)), found, missing


def load_bolukbasi_word2vec() -> WordVectors:
    """Load the 26,423 x 300 word2vec (Google News) subset of Bolukbasi et al. (2016)."""
    from lecture10 import data
    from lecture10.readers import read_word2vec_binary

    words, matrix = read_word2vec_binary(data.fetch("bolukbasi-word2vec", progress=False))
    return WordVectors(words, matrix, name="word2vec (Bolukbasi subset)")


def load_book_glove() -> WordVectors | None:
    """Return the book's own GloVe vectors, or None while their file is not shipped yet."""
    from lecture10.glove import vectors as glove

    return glove.load_shipped() if glove.SHIPPED.is_file() else None
