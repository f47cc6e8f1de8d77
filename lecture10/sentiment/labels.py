"""Labels of the tweet datasets, and seeded stratified splits and samples of them.

Everything random takes a ``seed`` and uses its own :class:`numpy.random.Generator`, so a split
or a sample depends on nothing but its inputs.
"""
from __future__ import annotations

from typing import Iterable, Sequence

import numpy as np

from lecture10 import _checks

__all__ = ["NEGATIVE", "POSITIVE", "binarization_table", "binarize_ratings", "sample_stratified",
           "sentiment140_labels", "stratified_split"]

NEGATIVE, POSITIVE = 0, 1


# --- labels ---------------------------------------------------------------------------------

def binarize_ratings(ratings: Sequence[float] | np.ndarray, margin: float = 0.5) -> tuple[np.ndarray, np.ndarray]:
    """Turn mean ratings into binary labels: ``rating > margin`` is positive, ``< -margin`` negative.

    Tweets with ``|rating| <= margin`` (near neutral, where raters disagree) are dropped.
    Returns ``(kept, labels)``: the indices of the kept tweets and their labels (1 positive).
    """
    ratings = np.asarray(ratings, dtype=float)
    if ratings.ndim != 1:
        raise ValueError(f"ratings must be one-dimensional, got shape {ratings.shape}")
    if not np.all(np.isfinite(ratings)):
        raise ValueError("ratings contain NaN or infinite values")
    if not margin >= 0:
        raise ValueError(f"margin must be >= 0, got {margin}")
    kept = np.flatnonzero(np.abs(ratings) > margin)
    return kept, (ratings[kept] > 0).astype(np.int64)


def binarization_table(ratings: Sequence[float] | np.ndarray, margins: Iterable[float]) -> list[dict[str, float]]:
    """For each margin: how many tweets :func:`binarize_ratings` keeps, and how many of each class."""
    rows = []
    for margin in margins:
        kept, labels = binarize_ratings(ratings, margin)
        rows.append({"margin": margin, "kept": len(kept), "positive": int(labels.sum()),
                     "negative": int(len(labels) - labels.sum()),
                     "positive share": float(labels.mean()) if len(labels) else float("nan")})
    return rows


def sentiment140_labels(polarity: Sequence[int] | np.ndarray) -> np.ndarray:
    """Map Sentiment140 polarities 0 (negative) / 4 (positive) to 0 / 1; 2 (neutral) is an error here."""
    polarity = np.asarray(polarity)
    unexpected = sorted(set(np.unique(polarity).tolist()) - {0, 4})
    if unexpected:
        raise ValueError(f"polarity must be 0 or 4 for binary labels; found {unexpected} "
                         "(drop the neutral tweets of the test file first)")
    return (polarity == 4).astype(np.int64)


# --- seeded, stratified sampling and splitting ----------------------------------------------

def _check_labels(labels: Sequence[int] | np.ndarray) -> np.ndarray:
    labels = _checks.non_empty_1d(labels, "labels")
    if labels.dtype.kind in "fc" and not np.all(np.isfinite(labels)):
        missing = np.flatnonzero(~np.isfinite(labels))
        raise ValueError(f"labels contain {len(missing)} NaN or infinite values (first at index {missing[0]}): "
                         "drop those examples or give them a class first")
    return labels


def stratified_split(labels: Sequence[int] | np.ndarray, fractions: Sequence[float] = (0.7, 0.15, 0.15),
                     seed: int = 0) -> tuple[np.ndarray, ...]:
    """Split indices into parts of the given fractions with the class proportions of the whole.

    Each class is shuffled with the seed and cut at the same fractions (rounded), so every part
    has (to within one example per class) the class balance of ``labels``. Returns one sorted
    index array per fraction; together they are a partition of ``range(len(labels))``.
    """
    labels = _check_labels(labels)
    fractions = np.asarray(fractions, dtype=float)
    if fractions.ndim != 1 or len(fractions) < 2 or np.any(fractions <= 0) or not np.isclose(fractions.sum(), 1):
        raise ValueError(f"fractions must be two or more positive numbers summing to 1, got {fractions.tolist()}")
    rng = np.random.default_rng(seed)
    parts: list[list[np.ndarray]] = [[] for _ in fractions]
    for cls in np.unique(labels):
        members = rng.permutation(np.flatnonzero(labels == cls))
        cuts = np.round(np.cumsum(fractions)[:-1] * len(members)).astype(int)
        for part, chunk in zip(parts, np.split(members, cuts)):
            part.append(chunk)
    return tuple(np.sort(np.concatenate(part)) for part in parts)


def sample_stratified(labels: Sequence[int] | np.ndarray, per_class: int, seed: int = 0) -> np.ndarray:
    """Draw ``per_class`` examples of every class uniformly at random (seeded), in shuffled order.

    Use it on files sorted by class (and date) like Sentiment140's: any prefix of such a file
    is one class and a few days, never a sample of the whole.
    """
    labels = _check_labels(labels)
    _checks.positive_int(per_class, "per_class")
    rng = np.random.default_rng(seed)
    chosen = []
    for cls in np.unique(labels):
        members = np.flatnonzero(labels == cls)
        if len(members) < per_class:
            raise ValueError(f"class {cls!r} has only {len(members)} examples, fewer than per_class={per_class}")
        chosen.append(rng.choice(members, size=per_class, replace=False))
    return rng.permutation(np.concatenate(chosen))
