"""The 2-D picture of word vectors: a PCA that keeps distances in a plane, groups, labels that do not overlap."""
from __future__ import annotations

import itertools

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402

from lecture10.glove.projection import (  # noqa: E402
    draw_projection,
    nearest_group,
    overlapping_labels,
    project,
    unit_points,
)
from lecture10.style import CYCLE  # noqa: E402
from lecture10.vectors import WordVectors  # noqa: E402

GROUPS = {"a": ["a1", "a2", "a3", "a4"], "b": ["b1", "b2", "b3"], "c": ["c1", "c2", "c3"]}


def planar_vectors(seed: int = 0) -> WordVectors:
    """Unit vectors in a 2-D plane of a 6-D space: their PCA picture is exact."""
    rng = np.random.default_rng(seed)
    basis = np.linalg.qr(rng.normal(size=(6, 2)))[0].T  # two orthonormal 6-D directions
    words = [w for ws in GROUPS.values() for w in ws] + ["other"]
    centres = {"a": 0.3, "b": 2.4, "c": 4.4}  # angles of the three groups
    angles = [centres[w[0]] + 0.05 * k for k, w in enumerate(words[:-1])] + [1.0]
    plane = np.stack([np.cos(angles), np.sin(angles)], axis=1)
    return WordVectors(words, 3.0 * plane @ basis, name="planar")


def test_the_projection_keeps_the_distances_of_points_in_a_plane() -> None:
    vectors = planar_vectors()
    xy = project(vectors, GROUPS)
    units = vectors.unit[[vectors.id(w) for ws in GROUPS.values() for w in ws]]
    for i, j in itertools.combinations(range(len(xy)), 2):
        assert np.linalg.norm(xy[i] - xy[j]) == pytest.approx(np.linalg.norm(units[i] - units[j]), abs=1e-5)
    assert np.allclose(xy.mean(axis=0), 0.0)  # centred


def test_overlapping_labels_names_the_pairs_that_touch() -> None:
    fig, ax = plt.subplots()
    ax.text(0.5, 0.5, "first")
    ax.text(0.5, 0.5, "second")
    ax.text(0.05, 0.05, "alone")
    assert overlapping_labels(ax) == [("first", "second")]
    plt.close(fig)


def test_nearest_group_finds_each_words_own_cluster_and_flags_an_outlier() -> None:
    xy = project(planar_vectors(), GROUPS)
    assert set(nearest_group(xy, GROUPS).values()) == {"a", "b", "c"}
    assert all(name == word[0] for word, name in nearest_group(xy, GROUPS).items())
    moved = xy.copy()
    moved[0] = xy[5]  # a1 drawn on top of b2
    assert nearest_group(moved, GROUPS)["a1"] == "b"
    full = unit_points(planar_vectors(), GROUPS)  # the same check in the full 6-D space
    assert full.shape == (10, 6) and np.allclose(np.linalg.norm(full, axis=1), 1.0)
    assert all(name == word[0] for word, name in nearest_group(full, GROUPS).items())


def test_drawing_colours_each_group_and_no_label_overlaps_another() -> None:
    rng = np.random.default_rng(1)
    crowded = {"g": [f"word{k}" for k in range(12)]}  # twelve points in a tight cluster
    xy = rng.normal(scale=0.01, size=(12, 2))
    fig, ax = plt.subplots(figsize=(7, 4))
    draw_projection(ax, xy, crowded)
    assert len(ax.texts) == 12 and overlapping_labels(ax) == []
    plt.close(fig)
    fig, ax = plt.subplots()
    draw_projection(ax, project(planar_vectors(), GROUPS), GROUPS)
    colours = [to_hex(c.get_facecolor()[0]) for c in ax.collections]
    assert colours == [to_hex(c) for c in CYCLE[:3]]
    assert ax.get_xlabel() == "first principal component"
    plt.close(fig)


@pytest.mark.parametrize("groups, error, message", [
    ({}, ValueError, "non-empty"),
    ({"a": []}, ValueError, "non-empty"),
    ({"a": ["a1", "a2"], "b": ["a2"]}, ValueError, "two groups"),
    ({"a": ["a1", "a2"]}, ValueError, "at least 3"),
    ({"a": "a1 a2 a3"}, TypeError, "list of words"),
    ({"a": ["a1", "a2", "unknown"]}, KeyError, "unknown"),
])
def test_bad_groups_are_refused_with_the_reason(groups, error, message) -> None:
    with pytest.raises(error, match=message):
        project(planar_vectors(), groups)


def test_points_that_do_not_match_the_words_are_refused() -> None:
    with pytest.raises(ValueError, match="shape"):
        nearest_group(np.zeros((3, 2)), GROUPS)
    with pytest.raises(ValueError, match="shape"):
        nearest_group(np.zeros(10), GROUPS)
    fig, ax = plt.subplots()
    with pytest.raises(ValueError, match="shape"):
        draw_projection(ax, np.zeros((10, 3)), GROUPS)
    plt.close(fig)
