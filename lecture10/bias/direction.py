"""A gender direction in embedding space, and the projection of words onto it.

Two estimates, as in Bolukbasi et al. (2016):

* the difference of one pair, ``he - she`` (each word's vector scaled to unit length first);
* the first principal component of several *definitional pairs* (woman/man, girl/boy, ...):
  each pair is centred on its own mean, and the PCA of the centred vectors finds the one
  direction along which the pairs differ most consistently.

Directions are unit vectors. The sign is a convention: here a direction points from the
second word of each pair to the first, so ``difference_direction(v, "he", "she")`` gives
male words positive projections.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from lecture10.vectors import VectorSet, lookup

__all__ = ["PcaDirection", "difference_direction", "pca_direction", "project", "unit", "unit_rows"]


def unit(vector: np.ndarray) -> np.ndarray:
    """Return ``vector / ||vector||`` as float64; raise ValueError for a zero or non-1-D vector."""
    vector = np.asarray(vector, dtype=np.float64)
    if vector.ndim != 1:
        raise ValueError(f"expected a 1-D vector, got shape {vector.shape}")
    norm = np.linalg.norm(vector)
    if norm == 0:
        raise ValueError("the zero vector has no direction")
    return vector / norm


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


def _unit_vectors(vectors: VectorSet, words: Sequence[str]) -> np.ndarray:
    matrix, _, missing = lookup(vectors, words)
    if missing:
        raise KeyError(f"not in the vocabulary: {missing}")
    return unit_rows(matrix)


def difference_direction(vectors: VectorSet, first: str, second: str) -> np.ndarray:
    """Return the unit direction of ``first - second`` (both words scaled to unit length first)."""
    a, b = _unit_vectors(vectors, [first, second])
    return unit(a - b)


@dataclass(frozen=True)
class PcaDirection:
    """The first principal component of centred definitional pairs, with what the PCA found."""

    direction: np.ndarray          #: unit vector, oriented from the pairs' second words to their first
    explained_variance_ratio: np.ndarray  #: share of the variance along each component, largest first
    pairs: tuple[tuple[str, str], ...]    #: the pairs used (all must be in the vocabulary)


def pca_direction(vectors: VectorSet, pairs: Iterable[tuple[str, str]]) -> PcaDirection:
    """Estimate a direction as the top principal component of the pairs centred on their means.

    For each pair (a, b) of unit vectors with mean m, the rows a - m and b - m = -(a - m) go into
    a matrix; its top right singular vector is the direction (the matrix has mean zero already,
    so this is PCA). The sign is chosen so that the mean of (a - b) projects positively.
    """
    pairs = tuple((str(a), str(b)) for a, b in pairs)
    if len(pairs) < 2:
        raise ValueError(f"need at least 2 pairs for a principal component, got {len(pairs)}")
    words = [w for pair in pairs for w in pair]
    unit_matrix = _unit_vectors(vectors, words)
    first, second = unit_matrix[0::2], unit_matrix[1::2]
    half = (first - second) / 2                      # a - m for each pair; b - m is its negative
    centred = np.concatenate([half, -half])
    _, singular, components = np.linalg.svd(centred, full_matrices=False)
    direction = components[0]
    if half.sum(axis=0) @ direction < 0:
        direction = -direction
    variance = singular ** 2
    return PcaDirection(direction=direction, explained_variance_ratio=variance / variance.sum(),
                        pairs=pairs)


def project(vectors: VectorSet, words: Iterable[str], direction: np.ndarray) -> np.ndarray:
    """Return the cosine of each word's vector with ``direction`` (its projection once both are unit).

    Raises KeyError naming the words that are not in the vocabulary.
    """
    words = list(words)
    direction = unit(direction)
    matrix = _unit_vectors(vectors, words)
    if matrix.shape[1] != direction.shape[0]:
        raise ValueError(f"direction has {direction.shape[0]} dimensions, the vectors {matrix.shape[1]}")
    return matrix @ direction
