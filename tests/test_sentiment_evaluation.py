"""Probabilities in data order, the bootstrap interval, the confusion matrix."""
from __future__ import annotations

import numpy as np
import pytest
import torch
from sklearn.metrics import confusion_matrix as sklearn_confusion_matrix

from lecture10.sentiment.batching import EncodedTweets
from lecture10.sentiment.evaluation import (bootstrap_interval, confusion_matrix, input_sensitivity, predict_proba,
                                            score)
from lecture10.sentiment.model import SentimentRNN


def test_confusion_matrix_matches_scikit_learn():
    rng = np.random.default_rng(0)
    y_true, y_pred = rng.integers(0, 3, 200), rng.integers(0, 3, 200)
    assert np.array_equal(confusion_matrix(y_true, y_pred, 3), sklearn_confusion_matrix(y_true, y_pred))
    assert confusion_matrix([1, 1, 0], [1, 0, 0]).tolist() == [[1, 0], [1, 1]]
    with pytest.raises(ValueError, match="lie in"):
        confusion_matrix([0, 2], [0, 1])
    with pytest.raises(ValueError, match="one length"):
        confusion_matrix([0, 1], [0])


def test_bootstrap_interval_agrees_with_the_normal_approximation():
    correct = np.arange(2000) % 5 != 0  # accuracy 0.8 on 2,000 examples
    low, high = bootstrap_interval(correct, n_resamples=4000, seed=1)
    half_width = 1.96 * np.sqrt(0.8 * 0.2 / 2000)
    assert low == pytest.approx(0.8 - half_width, abs=0.004) and high == pytest.approx(0.8 + half_width, abs=0.004)
    assert bootstrap_interval(correct, seed=3) == bootstrap_interval(correct, seed=3)
    wider = bootstrap_interval(correct[:200], seed=1)
    assert wider[1] - wider[0] > 2.5 * (high - low)  # ~ sqrt(10) times wider with 10x fewer examples
    with pytest.raises(ValueError, match="level"):
        bootstrap_interval(correct, level=1.5)


def test_score_reports_accuracy_inside_its_interval():
    result = score([1, 0, 1, 1] * 50, [1, 0, 0, 1] * 50)
    assert result.accuracy == 0.75 and result.n == 200 and result.low < 0.75 < result.high
    assert str(result).startswith("75.0 % [")


def test_predict_proba_is_in_data_order():
    torch.manual_seed(0)
    model = SentimentRNN(torch.randn(20, 4), hidden_size=3, cell="gru")
    ids = [[2, 3, 4], [5], [6, 7, 8, 9, 10], [11, 12]]
    probabilities = predict_proba(model, EncodedTweets(ids, [0, 1, 0, 1]), batch_size=3)
    assert probabilities.shape == (4, 2) and np.allclose(probabilities.sum(1), 1)
    with torch.no_grad():
        alone = [torch.softmax(model(torch.tensor([seq]), torch.tensor([len(seq)])), -1)[0].numpy() for seq in ids]
    np.testing.assert_allclose(probabilities, np.stack(alone), atol=1e-6)


def test_input_sensitivity_matches_finite_differences():
    torch.manual_seed(0)
    model = SentimentRNN(torch.randn(20, 3), hidden_size=4, cell="rnn").double()
    ids = [[2, 3, 4, 5, 6], [7, 8, 9], [10, 11, 12, 13, 14, 15]]
    data = EncodedTweets(ids, [0, 1, 0])
    sensitivity = input_sensitivity(model, data, span=4)  # the 5- and 6-token tweets

    def decision(x: torch.Tensor) -> float:
        logits = model.output(model.summarize(x[None], torch.tensor([x.shape[0]])))
        return float(logits[0, 1] - logits[0, 0])

    expected = np.zeros(4)
    with torch.no_grad():
        for seq in (ids[0], ids[2]):
            x = model.embedding(torch.tensor(seq))
            for k in range(4):  # k tokens before the last one
                t, grad = len(seq) - 1 - k, np.zeros(3)
                for d in range(3):
                    step = torch.zeros_like(x)
                    step[t, d] = 1e-6
                    grad[d] = (decision(x + step) - decision(x - step)) / 2e-6
                expected[k] += np.linalg.norm(grad) / 2
    np.testing.assert_allclose(sensitivity, expected, rtol=1e-6)
    with pytest.raises(ValueError, match="7 tokens"):
        input_sensitivity(model, data, span=7)
