"""Judging a classifier on held-out tweets: probabilities, accuracy with a bootstrap interval, confusions."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
import torch
from torch import nn

from lecture10 import _checks
from lecture10.sentiment.batching import EncodedTweets, sorted_batches
from lecture10.sentiment.model import SentimentRNN

__all__ = ["Score", "bootstrap_interval", "confusion_matrix", "input_sensitivity", "predict_proba", "score"]


@torch.no_grad()
def predict_proba(model: nn.Module, data: EncodedTweets, batch_size: int = 256,
                  device: str | torch.device = "cpu") -> np.ndarray:
    """Class probabilities ``(len(data), classes)`` (softmax of the logits), in the order of ``data``."""
    model.eval()
    batches, order = sorted_batches(data, batch_size)
    probabilities = torch.cat([torch.softmax(model(tokens.to(device), lengths), dim=-1).cpu()
                               for tokens, lengths, _ in batches])
    result = np.empty(tuple(probabilities.shape))
    result[order] = probabilities.double().numpy()
    return result


def _check_pair(y_true: Sequence[int] | np.ndarray, y_pred: Sequence[int] | np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if y_true.shape != y_pred.shape or y_true.ndim != 1 or len(y_true) == 0:
        raise ValueError(f"y_true and y_pred must be non-empty 1-d arrays of one length, got {y_true.shape} and {y_pred.shape}")
    return y_true, y_pred


def bootstrap_interval(correct: Sequence[bool] | np.ndarray, n_resamples: int = 2000, level: float = 0.95,
                       seed: int = 0) -> tuple[float, float]:
    """Percentile bootstrap interval of the accuracy ``mean(correct)``: resample the test set with replacement."""
    correct = _checks.non_empty_1d(correct, "correct", dtype=float)
    _checks.in_open_interval(level, "level")
    if n_resamples < 100:
        raise ValueError(f"n_resamples must be >= 100 for a percentile interval, got {n_resamples}")
    rng = np.random.default_rng(seed)
    counts = rng.multinomial(len(correct), np.full(len(correct), 1 / len(correct)), size=n_resamples)
    accuracies = counts @ correct / len(correct)
    low, high = np.quantile(accuracies, [(1 - level) / 2, (1 + level) / 2])
    return float(low), float(high)


@dataclass(frozen=True)
class Score:
    """Test accuracy with its bootstrap interval."""

    accuracy: float
    low: float
    high: float
    n: int

    def __str__(self) -> str:
        return f"{100 * self.accuracy:.1f} % [{100 * self.low:.1f}, {100 * self.high:.1f}] (n = {self.n})"


def score(y_true: Sequence[int] | np.ndarray, y_pred: Sequence[int] | np.ndarray, seed: int = 0,
          level: float = 0.95) -> Score:
    """Accuracy of ``y_pred`` and its ``level`` bootstrap interval."""
    y_true, y_pred = _check_pair(y_true, y_pred)
    correct = y_true == y_pred
    return Score(float(correct.mean()), *bootstrap_interval(correct, level=level, seed=seed), n=len(correct))


def confusion_matrix(y_true: Sequence[int] | np.ndarray, y_pred: Sequence[int] | np.ndarray,
                     num_classes: int = 2) -> np.ndarray:
    """Counts ``C[i, j]`` of examples of true class ``i`` predicted as class ``j``."""
    y_true, y_pred = _check_pair(y_true, y_pred)
    if y_true.min() < 0 or y_pred.min() < 0 or max(y_true.max(), y_pred.max()) >= num_classes:
        raise ValueError(f"labels must lie in [0, {num_classes - 1}]")
    matrix = np.zeros((num_classes, num_classes), dtype=np.int64)
    np.add.at(matrix, (y_true, y_pred), 1)
    return matrix


def input_sensitivity(model: SentimentRNN, data: EncodedTweets, span: int = 20) -> np.ndarray:
    """How much each of a tweet's last ``span`` input vectors moves the decision, by distance from the end.

    For every tweet of at least ``span`` tokens, the norm of the gradient of the logit
    difference (positive minus negative class) with respect to the input vector
    :math:`\\mathbf x^{(T-k)}`, for :math:`k = 0, \\dots, span - 1`; returns the mean over those
    tweets (entry ``k``: ``k`` tokens before the last one). A vanilla RNN read at its final state
    typically shows the influence of early tokens fading fast.
    """
    _checks.positive_int(span, "span")
    chosen = [i for i in range(len(data)) if data.lengths[i] >= span]
    if not chosen:
        raise ValueError(f"no tweet has {span} tokens or more")
    model.eval()
    device = next(model.parameters()).device
    norms = []
    for i in chosen:
        ids = data[i][0].to(device)
        x = model.embedding(ids[None]).detach().requires_grad_(True)
        logits = model.output(model.summarize(x, torch.tensor([len(ids)])))
        (logits[0, 1] - logits[0, 0]).backward()
        norms.append(x.grad[0].norm(dim=1).flip(0)[:span].cpu().numpy())
    return np.mean(norms, axis=0)
