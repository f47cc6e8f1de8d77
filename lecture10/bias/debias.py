"""Hard debiasing (Bolukbasi et al. 2016): neutralize, then equalize.

With g a unit gender direction and every word vector scaled to unit length:

* **neutralize** a gender-neutral word w (``doctor``): remove its component along g and
  rescale, w <- (w - (w.g) g) / ||w - (w.g) g||, so its projection on g becomes 0;
* **equalize** a pair (a, b) that should differ *only* in gender (``grandmother``,
  ``grandfather``): with mu = (a + b)/2 and nu = mu - (mu.g) g, set
  a <- nu + z g and b <- nu - z g with z = sqrt(1 - ||nu||^2) (sign so a keeps its side),
  so both are unit vectors at the same distance from every neutralized word.

Words listed as gender-specific (``mother``, ``king``) are left alone.
"""
from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from lecture10.bias.direction import unit, unit_rows
from lecture10.vectors import VectorSet, WordVectors

__all__ = ["equalize", "hard_debias", "neutralize"]


def _direction_for(matrix: np.ndarray, direction: np.ndarray) -> np.ndarray:
    g = unit(direction)
    if matrix.shape[-1] != g.shape[0]:
        raise ValueError(f"direction has {g.shape[0]} dimensions, the vectors {matrix.shape[-1]}")
    return g


def neutralize(matrix: np.ndarray, direction: np.ndarray) -> np.ndarray:
    """Return the rows of ``matrix`` without their component along ``direction``, rescaled to unit length."""
    matrix = np.asarray(matrix, dtype=np.float64)
    if matrix.ndim != 2:
        raise ValueError(f"expected a 2-D matrix of row vectors, got shape {matrix.shape}")
    g = _direction_for(matrix, direction)
    return unit_rows(matrix - np.outer(matrix @ g, g))


def equalize(a: np.ndarray, b: np.ndarray, direction: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return unit vectors (a', b') that share their part orthogonal to ``direction`` and mirror along it.

    ``a`` and ``b`` are scaled to unit length first; a' keeps the side of the direction that
    a - b points to.
    """
    a, b = unit(a), unit(b)
    g = _direction_for(a[None, :], direction)
    mu = (a + b) / 2
    nu = mu - (mu @ g) * g
    z = np.sqrt(max(0.0, 1.0 - nu @ nu))
    if (a - b) @ g < 0:
        z = -z
    return nu + z * g, nu - z * g


def hard_debias(vectors: VectorSet, direction: np.ndarray, gender_specific: Iterable[str],
                equalize_pairs: Iterable[tuple[str, str]], *, case_variants: bool = True) -> WordVectors:
    """Return a new, unit-normalised vector set (float32): neutralize every word not in ``gender_specific``,
    then equalize each pair in ``equalize_pairs`` whose two words are in the vocabulary.

    ``case_variants`` also equalizes the Title-case and UPPER-case forms of each pair, as
    Bolukbasi et al.'s code does for word2vec's case-sensitive vocabulary.
    """
    words = list(vectors.words)
    matrix = unit_rows(np.asarray(vectors.matrix))
    g = _direction_for(matrix, direction)
    specific = set(gender_specific)
    neutral = np.array([w not in specific for w in words])
    if neutral.any():
        matrix[neutral] = neutralize(matrix[neutral], g)
    index = vectors.index
    candidates: dict[tuple[str, str], None] = {}
    for a, b in equalize_pairs:
        forms = (str.lower, str.title, str.upper) if case_variants else (lambda s: s,)
        for form in forms:
            candidates[(form(a), form(b))] = None
    for a, b in candidates:
        if a in index and b in index:
            matrix[index[a]], matrix[index[b]] = equalize(matrix[index[a]], matrix[index[b]], g)
    name = getattr(vectors, "name", "vectors")
    return WordVectors(words, matrix, name=f"{name}, hard-debiased")
