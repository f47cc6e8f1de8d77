"""GloVe's co-occurrence counts on corpora small enough to count by hand."""
from __future__ import annotations

import numpy as np
import pytest

import scipy.sparse as sp

from lecture10.glove.cooccurrence import (Cooccurrence, build_vocabulary, context_counts, cooccurrence_counts, encode,
                                          probability_ratio)


def counts_of(documents: list[list[str]], window: int, min_count: int = 1, **kwargs):
    vocabulary = build_vocabulary(documents, min_count=min_count)
    ids, doc = encode(documents, vocabulary)
    return vocabulary, cooccurrence_counts(ids, doc, len(vocabulary), window=window, **kwargs)


def brute_force(documents: list[list[str]], words: list[str], window: int) -> np.ndarray:
    """The definition, pair by pair: X_ij += 1/d for j at distance d <= window on either side."""
    index = {w: k for k, w in enumerate(words)}
    X = np.zeros((len(words), len(words)))
    for document in documents:
        kept = [index[w] for w in document if w in index]
        for p, i in enumerate(kept):
            for q, j in enumerate(kept):
                if p != q and abs(p - q) <= window:
                    X[i, j] += 1.0 / abs(p - q)
    return X


def test_vocabulary_is_sorted_by_count_then_alphabetically() -> None:
    vocabulary = build_vocabulary([["b", "a", "c", "a"], ["c", "d"]], min_count=1)
    assert vocabulary.words == ("a", "c", "b", "d")
    assert vocabulary.counts.tolist() == [2, 2, 1, 1]
    assert vocabulary.index("b") == 2 and vocabulary.count("c") == 2
    with pytest.raises(KeyError, match="'zebra'"):
        vocabulary.index("zebra")


def test_counts_of_a_four_word_sentence_by_hand() -> None:
    # "a b c a", window 2: distance 1 pairs a-b, b-c, c-a; distance 2 pairs a-c, b-a (weight 1/2).
    vocabulary, X = counts_of([["a", "b", "c", "a"]], window=2)
    a, b, c = (vocabulary.index(w) for w in "abc")
    assert X.get(a, b) == X.get(b, a) == 1.5
    assert X.get(a, c) == X.get(c, a) == 1.5
    assert X.get(b, c) == X.get(c, b) == 1.0
    assert X.get(a, a) == 0.0  # the two a's are 3 apart
    assert len(X) == 6


def test_a_word_next_to_itself_counts_from_both_sides() -> None:
    vocabulary, X = counts_of([["a", "b", "c", "a"]], window=3)
    a = vocabulary.index("a")
    assert X.get(a, a) == pytest.approx(2 / 3)


def test_unweighted_counts_add_one_per_pair() -> None:
    vocabulary, X = counts_of([["a", "b", "c", "a"]], window=2, distance_weighting=False)
    assert X.get(vocabulary.index("a"), vocabulary.index("b")) == 2.0


def test_windows_do_not_cross_documents() -> None:
    vocabulary, X = counts_of([["a", "b"], ["c", "a"]], window=5)
    assert X.get(vocabulary.index("b"), vocabulary.index("c")) == 0.0
    assert X.get(vocabulary.index("a"), vocabulary.index("b")) == 1.0


def test_out_of_vocabulary_words_are_removed_before_the_windows() -> None:
    # 'z' occurs once: with min_count 2 it is dropped, and a, b become neighbours (d = 1).
    vocabulary, X = counts_of([["a", "z", "b"], ["a", "b"]], window=1, min_count=2)
    assert "z" not in vocabulary
    assert X.get(vocabulary.index("a"), vocabulary.index("b")) == 2.0


def test_matches_the_definition_on_a_random_corpus() -> None:
    rng = np.random.default_rng(0)
    words = [f"w{k}" for k in range(12)]
    documents = [[words[k] for k in rng.integers(0, 12, size=rng.integers(1, 30))] for _ in range(8)]
    vocabulary, X = counts_of(documents, window=4)
    expected = brute_force(documents, list(vocabulary.words), window=4)
    np.testing.assert_allclose(X.to_dense(), expected, rtol=1e-12)
    np.testing.assert_allclose(X.row_sums(), expected.sum(axis=1), rtol=1e-12)
    rows, cols, values = X.pairs()
    assert np.all(values > 0) and len(values) == np.count_nonzero(expected)
    np.testing.assert_allclose(values, expected[rows, cols], rtol=1e-12)


def test_bad_input_is_rejected() -> None:
    with pytest.raises(ValueError, match="window"):
        cooccurrence_counts(np.array([0, 1]), None, 2, window=0)
    with pytest.raises(ValueError, match="token ids"):
        cooccurrence_counts(np.array([0, 5]), None, 2)
    with pytest.raises(TypeError, match="tokenize"):
        build_vocabulary(["a string, not tokens"])
    with pytest.raises(ValueError, match="min_count"):
        build_vocabulary([["a"]], min_count=0)


def test_context_counts_equal_the_matrix_row() -> None:
    rng = np.random.default_rng(1)
    documents = [[f"w{k}" for k in rng.integers(0, 9, size=rng.integers(1, 25))] for _ in range(6)]
    vocabulary = build_vocabulary(documents, min_count=1)
    ids, doc = encode(documents, vocabulary)
    X = cooccurrence_counts(ids, doc, len(vocabulary), window=3)
    for target in range(len(vocabulary)):
        row = context_counts(ids, doc, len(vocabulary), target, window=3)
        np.testing.assert_allclose(row, X.to_dense()[target], rtol=1e-12)
    unweighted = cooccurrence_counts(ids, doc, len(vocabulary), window=3, distance_weighting=False)
    np.testing.assert_allclose(context_counts(ids, doc, len(vocabulary), 0, window=3, distance_weighting=False),
                               unweighted.to_dense()[0])


def test_probability_ratio_divides_the_two_rows_shares() -> None:
    X = np.array([[0.0, 2.0, 1.0, 1.0], [2.0, 0.0, 0.0, 2.0], [1.0, 0.0, 0.0, 3.0], [1.0, 2.0, 3.0, 0.0]])
    # P(3 | 1) = 2/4, P(3 | 2) = 3/4; P(0 | 1) = 2/4, P(0 | 2) = 1/4.
    assert probability_ratio(X, 1, 2, 3) == pytest.approx((2 / 4) / (3 / 4))
    np.testing.assert_allclose(probability_ratio(X, 1, 2, np.array([0, 3])), [2.0, 2 / 3])
    sparse = Cooccurrence(sp.csr_matrix(X))
    np.testing.assert_allclose(probability_ratio(sparse, 1, 2, np.array([0, 3])), [2.0, 2 / 3])
    assert isinstance(probability_ratio(sparse, 1, 2, 3), float)


def test_probability_ratio_is_undefined_where_the_denominator_is_zero() -> None:
    X = np.array([[0.0, 2.0, 1.0], [2.0, 0.0, 0.0], [1.0, 0.0, 0.0]])
    with pytest.raises(ValueError, match=r"P\(k \| j\) = 0 for word id\(s\) \[2\]"):
        probability_ratio(X, 0, 1, np.array([0, 2]))
    with pytest.raises(ValueError, match="square"):
        probability_ratio(np.ones((2, 3)), 0, 1, 0)
