"""Word vectors seen in two dimensions: a principal-component projection of a few groups of words.

:func:`unit_points` takes the unit vectors of the chosen words; :func:`project` projects them onto
their first two principal components (scikit-learn's PCA); :func:`draw_projection` plots them,
one colour per group, with labels moved apart by adjustText so that none overlaps another or a
point (:func:`overlapping_labels` checks that); :func:`nearest_group` says, for each word, which group's centre is nearest -- in the
picture or in the full space -- the check behind a sentence like "the groups form clusters".
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from lecture10 import _checks
from lecture10.style import CYCLE
from lecture10.vectors import VectorSet

__all__ = ["draw_projection", "nearest_group", "overlapping_labels", "project", "unit_points"]


def _words(groups: Mapping[str, Sequence[str]]) -> list[str]:
    if not groups or any(not list(ws) for ws in groups.values()):
        raise ValueError("groups must map each group's name to a non-empty list of words")
    words = [w for ws in groups.values() for w in _checks.words(ws, "a group's words")]
    if len(set(words)) != len(words):
        raise ValueError("a word appears in two groups")
    if len(words) < 3:
        raise ValueError(f"a 2-D projection needs at least 3 words, got {len(words)}")
    return words


def unit_points(vectors: VectorSet, groups: Mapping[str, Sequence[str]]) -> np.ndarray:
    """The unit vectors of the words of ``groups``, in order, shape (n, dim) (cosine geometry)."""
    words = _words(groups)
    missing = [w for w in words if w not in vectors.index]
    if missing:
        raise KeyError(f"no vectors for {missing}")
    points = np.asarray(vectors.matrix)[[vectors.index[w] for w in words]].astype(np.float64)
    return points / np.linalg.norm(points, axis=1, keepdims=True)


def project(vectors: VectorSet, groups: Mapping[str, Sequence[str]]) -> np.ndarray:
    """The words of ``groups`` (in order) as points on their first two principal components, shape (n, 2)."""
    from sklearn.decomposition import PCA

    return PCA(n_components=2, svd_solver="full").fit_transform(unit_points(vectors, groups))


def nearest_group(points: np.ndarray, groups: Mapping[str, Sequence[str]]) -> dict[str, str]:
    """For each word, the group whose centre (the mean of its members' ``points``) is nearest.

    ``points`` has one row per word of ``groups``: the picture of :func:`project` (n, 2), or the
    unit vectors of :func:`unit_points` (n, dim).
    """
    words = _words(groups)
    points = np.asarray(points, dtype=np.float64)
    if points.ndim != 2 or len(points) != len(words):
        raise ValueError(f"points must have shape ({len(words)}, d), got {points.shape}")
    names = list(groups)
    labels = np.repeat(np.arange(len(names)), [len(groups[g]) for g in names])
    centres = np.stack([points[labels == k].mean(axis=0) for k in range(len(names))])
    nearest = np.linalg.norm(points[:, None] - centres[None], axis=-1).argmin(axis=1)
    return {w: names[k] for w, k in zip(words, nearest)}


def draw_projection(ax, xy: np.ndarray, groups: Mapping[str, Sequence[str]], fontsize: float = 10):
    """Scatter ``xy`` (from :func:`project`), one colour per group, each point labelled; return the Axes."""
    from adjustText import adjust_text

    words = _words(groups)
    xy = np.asarray(xy, dtype=np.float64)
    if xy.shape != (len(words), 2):
        raise ValueError(f"xy must have shape ({len(words)}, 2), got {xy.shape}")
    if len(groups) > len(CYCLE):
        raise ValueError(f"at most {len(CYCLE)} groups (one colour each), got {len(groups)}")
    start, texts = 0, []
    for colour, (name, members) in zip(CYCLE, groups.items()):
        part = xy[start:start + len(members)]
        ax.scatter(part[:, 0], part[:, 1], color=colour, label=name, zorder=3)
        texts += [ax.text(x, y, w, fontsize=fontsize) for (x, y), w in zip(part, members)]
        start += len(members)
    adjust_text(texts, x=xy[:, 0], y=xy[:, 1], ax=ax, expand=(1.6, 2.0), force_text=(0.4, 0.6),
                arrowprops={"arrowstyle": "-", "color": "0.5", "lw": 0.5})
    ax.set_xlabel("first principal component")
    ax.set_ylabel("second principal component")
    return ax


def overlapping_labels(ax) -> list[tuple[str, str]]:
    """The pairs of texts of ``ax`` whose boxes overlap on the drawn figure (none: every label is legible)."""
    import itertools

    ax.figure.canvas.draw()
    renderer = ax.figure.canvas.get_renderer()
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in ax.texts]
    return [(a, b) for (a, box_a), (b, box_b) in itertools.combinations(boxes, 2) if box_a.overlaps(box_b)]
