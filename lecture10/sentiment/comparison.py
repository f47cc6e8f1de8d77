"""Comparing models over several seeds on the same test tweets, and the one sentence the book says about gating.

The multi-seed experiment (``python -m tools.sentiment_comparison``, read with
:func:`lecture10.artefacts.sentiment_comparison`) trains every model of
:data:`~lecture10.sentiment.experiment.MODELS` with several seeds on the same split, and records
for each seed which test tweets it got right (a string of ``0``/``1``, one per test tweet).

Two models are compared *paired*, on the same tweets: for tweet ``i``, ``d_i`` is the number of
seeds on which model A got it right minus the number on which B did. If A and B were
interchangeable, each ``d_i`` would be as likely negative as positive, so the observed total
``sum(d_i)`` is judged against the totals of all ``2^n`` ways of flipping the signs
(:func:`sign_flip_test`, exact). Using the tweets as the unit, hundreds of them, is what lets a
real difference reach significance; the seeds show how much training randomness moves the
result (``wins``: on how many seeds A beat B).
"""
from __future__ import annotations

import textwrap
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

import numpy as np

from lecture10 import _checks

__all__ = ["DEFAULT_EMBEDDINGS", "Paired", "accuracies", "correct_bits", "correctness", "gating_statement",
           "p_text", "paired", "paired_arrays", "sign_flip_test", "spread"]

#: The embeddings of the chapter (and of :func:`gating_statement`): Stanford's GloVe 6B 50-d, as in the lecture.
DEFAULT_EMBEDDINGS = "stanford-glove-50d"
#: What a set of vectors is called in the book's sentences.
EMBEDDING_NAMES = {"stanford-glove-50d": "Stanford's GloVe 50d", "book-glove": "the book's GloVe"}


def correct_bits(predictions: Sequence[int] | np.ndarray, labels: Sequence[int] | np.ndarray) -> str:
    """Which predictions are right, as a string of ``1`` (right) and ``0`` (wrong): compact, exact JSON."""
    predictions, labels = np.asarray(predictions), np.asarray(labels)
    if predictions.shape != labels.shape or predictions.ndim != 1:
        raise ValueError(f"predictions and labels must be 1-d of one length, got {predictions.shape} and {labels.shape}")
    return "".join("1" if ok else "0" for ok in predictions == labels)


def _model(results: Mapping[str, Any], model: str, embeddings: str) -> Mapping[str, Any]:
    runs = _checks.one_of(embeddings, results["embeddings"], "embeddings")
    return results["embeddings"][runs]["models"][_checks.one_of(model, results["embeddings"][runs]["models"],
                                                                       "model")]


def correctness(results: Mapping[str, Any], model: str, embeddings: str = DEFAULT_EMBEDDINGS) -> np.ndarray:
    """A boolean array (seeds, test tweets): which test tweets each seed of ``model`` got right."""
    return np.array([[c == "1" for c in bits] for bits in _model(results, model, embeddings)["test_correct"]])


def accuracies(results: Mapping[str, Any], model: str, embeddings: str = DEFAULT_EMBEDDINGS,
               split: str = "test") -> np.ndarray:
    """The accuracy of each seed of ``model`` on the test split (or "val": the epoch kept)."""
    if split == "test":
        return correctness(results, model, embeddings).mean(axis=1)
    return np.array(_model(results, model, embeddings)[f"{_checks.one_of(split, ('val',), 'split')}_accuracy"])


def sign_flip_test(differences: Sequence[int] | np.ndarray, alternative: str = "two-sided") -> float:
    """Exact p-value of the paired sign-flip test of integer differences ``d_i`` (statistic: their sum).

    Under the null hypothesis each ``d_i`` is as likely to be ``+|d_i|`` as ``-|d_i|``. The
    distribution of the sum over all ``2^n`` sign patterns is built one difference at a time.
    ``alternative``: "greater" (P[sum >= observed]), "less", or "two-sided" (twice the smaller, at most 1).
    """
    d = _checks.non_empty_1d(differences, "differences")
    if not np.issubdtype(d.dtype, np.integer):
        raise ValueError(f"differences must be integers (counts of seeds), got dtype {d.dtype}")
    _checks.one_of(alternative, ("two-sided", "greater", "less"), "alternative")
    size = int(np.abs(d).sum())
    probability = np.zeros(2 * size + 1)  # probability[size + s] = P(sum = s)
    probability[size] = 1.0
    for k in np.abs(d[d != 0]):
        probability = 0.5 * (np.roll(probability, k) + np.roll(probability, -k))  # no wrap: |sum| <= size
    observed = size + int(d.sum())
    greater, less = probability[observed:].sum(), probability[:observed + 1].sum()
    if alternative == "greater":
        return float(min(greater, 1.0))
    if alternative == "less":
        return float(min(less, 1.0))
    return float(min(1.0, 2 * min(greater, less)))


def spread(values: Sequence[float] | np.ndarray, short: bool = False) -> str:
    """Accuracies of several seeds in words: "79.5 % (77.2 to 83.1 % over 10 seeds)"; short: "79.5 [77.2, 83.1]"."""
    values = 100 * _checks.non_empty_1d(values, "values", dtype=float)
    if short:
        return f"{values.mean():.1f} [{values.min():.1f}, {values.max():.1f}]"
    return f"{values.mean():.1f} % ({values.min():.1f} to {values.max():.1f} % over {len(values)} seeds)"


def p_text(p: float) -> str:
    """A p-value as the book prints it: "p < 0.001", or two significant digits ("p = 0.032")."""
    if not 0 <= p <= 1:
        raise ValueError(f"a p-value lies in [0, 1], got {p!r}")
    return "p < 0.001" if p < 0.001 else f"p = {float(f'{p:.2g}'):g}"


@dataclass(frozen=True)
class Paired:
    """Model ``a`` against model ``b`` on the same test tweets, over the same seeds."""

    a: str
    b: str
    seeds: int
    wins: int  # seeds on which a was more accurate than b
    losses: int  # seeds on which b was more accurate
    mean_difference: float  # accuracy of a minus b, averaged over seeds (a fraction)
    p_value: float  # two-sided exact sign-flip test over the test tweets

    @property
    def significant(self) -> bool:
        """Whether the difference is significant at the 5 % level."""
        return self.p_value < 0.05


def paired(results: Mapping[str, Any], a: str, b: str, embeddings: str = DEFAULT_EMBEDDINGS) -> Paired:
    """Compare model ``a`` with ``b`` seed by seed and, with :func:`sign_flip_test`, tweet by tweet."""
    return paired_arrays(correctness(results, a, embeddings), correctness(results, b, embeddings), a, b)


def paired_arrays(right_a: np.ndarray, right_b: np.ndarray, a: str = "a", b: str = "b") -> Paired:
    """:func:`paired` on boolean arrays (seeds, tweets) of which tweets each seed of ``a`` and ``b`` got right.

    A model without seeds (a deterministic baseline) is compared by repeating its one row.
    """
    right_a, right_b = np.atleast_2d(right_a).astype(bool), np.atleast_2d(right_b).astype(bool)
    try:
        right_a, right_b = np.broadcast_arrays(right_a, right_b)
    except ValueError:
        raise ValueError(f"{a} and {b} were not run on the same seeds and tweets: "
                         f"{right_a.shape} vs {right_b.shape}") from None
    per_seed = right_a.mean(axis=1) - right_b.mean(axis=1)
    per_tweet = right_a.sum(axis=0).astype(np.int64) - right_b.sum(axis=0)
    return Paired(a, b, len(per_seed), int((per_seed > 0).sum()), int((per_seed < 0).sum()),
                  float(per_seed.mean()), sign_flip_test(per_tweet))


def _verdict(comparison: Paired) -> str:
    """What a paired comparison says of ``comparison.a`` against ``comparison.b``, in one verb phrase."""
    if not comparison.significant:
        return "did not differ clearly from"
    return "beat" if comparison.mean_difference > 0 else "lost to"


def _evidence(comparison: Paired, full: bool) -> str:
    """The numbers behind a verdict: seeds won, the mean difference in points, the p-value."""
    ahead = comparison.mean_difference >= 0
    seeds = comparison.wins if ahead else comparison.losses
    points = f"{100 * abs(comparison.mean_difference):.1f} points"
    if not full:
        return f"{seeds} of {comparison.seeds} seeds, {points}, {p_text(comparison.p_value)}"
    return (f"{'more' if ahead else 'less'} accurate on {seeds} of {comparison.seeds} seeds, by {points} on "
            f"average; paired sign-flip test over the test tweets, {p_text(comparison.p_value)}")


def gating_statement(results: Mapping[str, Any], embeddings: str = DEFAULT_EMBEDDINGS, width: int | None = 88) -> str:
    """The book's one sentence on gated cells against the vanilla RNN on tweets, from the multi-seed experiment.

    Built from the committed artefact only, so it prints the same on every machine; wrapped at
    ``width`` characters (None: one line).
    """
    gru, lstm = (paired(results, cell, "rnn", embeddings) for cell in ("gru", "lstm"))
    tweets = len(results["embeddings"][embeddings]["models"]["rnn"]["test_correct"][0])
    first = f"the GRU {_verdict(gru)} the vanilla RNN ({_evidence(gru, full=True)})"
    if _verdict(lstm) == _verdict(gru) == "beat":
        second = f"and so did the LSTM ({_evidence(lstm, full=False)})"
    else:
        second = f"and the LSTM {_verdict(lstm)} it ({_evidence(lstm, full=False)})"
    sentence = (f"Over {gru.seeds} training seeds with {EMBEDDING_NAMES.get(embeddings, embeddings)}, tested on "
                f"the same {tweets} tweets, {first}, {second}.")
    return sentence if width is None else textwrap.fill(sentence, width)
