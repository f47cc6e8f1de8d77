"""The majority-class and bag-of-words baselines."""
from __future__ import annotations

import numpy as np
import pytest

from lecture10.sentiment.baselines import BagOfWordsLogReg, MajorityClass


def test_majority_class():
    baseline = MajorityClass().fit([1, 0, 1, 1])
    assert baseline.predict(["a", "b", "c"]).tolist() == [1, 1, 1]
    assert MajorityClass().fit([0, 1]).label_ == 0  # a tie goes to the smaller label
    with pytest.raises(ValueError, match="non-empty"):
        MajorityClass().fit([])


def test_bag_of_words_learns_word_polarity_and_ignores_order():
    rng = np.random.default_rng(0)
    filler = ["the", "day", "was", "a", "movie", "it"]

    def tweets(n):
        labels = rng.integers(0, 2, n)
        tokens = [list(rng.choice(filler, 4)) + [["awful", "sad"][rng.integers(2)] if y == 0 else
                                                 ["great", "happy"][rng.integers(2)]] for y in labels]
        return tokens, labels

    (train, y_train), (val, y_val), (test, y_test) = tweets(200), tweets(50), tweets(50)
    model = BagOfWordsLogReg(Cs=(0.01, 1.0)).fit(train, y_train, val, y_val)
    assert (model.predict(test) == y_test).mean() == 1.0
    assert set(model.val_accuracy_) == {0.01, 1.0} and model.C_ in (0.01, 1.0)
    weights = model.weights()
    assert min(weights["great"], weights["happy"]) > 0 > max(weights["awful"], weights["sad"])
    assert abs(weights["the"]) < weights["great"]
    np.testing.assert_allclose(model.predict_proba([["sad", "the", "day"]]),
                               model.predict_proba([["day", "the", "sad"]]))  # order does not matter
    with pytest.raises(ValueError, match="Cs"):
        BagOfWordsLogReg(Cs=(0.0,))
