"""Baselines an RNN must beat, trained and evaluated on the same split.

* :class:`MajorityClass` - always predict the most common training label;
* :class:`BagOfWordsLogReg` - logistic regression on word counts (word order ignored), its
  regularisation strength chosen on the validation split;
* :class:`VaderBaseline` - the VADER lexicon scorer (no training at all, see
  :mod:`lecture10.sentiment.vader`): positive when the compound score is above 0.
"""
from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression

from lecture10 import _checks
from lecture10.sentiment.vader import compound_scores, load_lexicon

__all__ = ["BagOfWordsLogReg", "MajorityClass", "VaderBaseline"]


def _labels(labels: Sequence[int] | np.ndarray) -> np.ndarray:
    return _checks.non_empty_1d(labels, "labels")


class MajorityClass:
    """Predict the most frequent training label for every input (ties: the smaller label)."""

    def fit(self, labels: Sequence[int] | np.ndarray) -> "MajorityClass":
        """Remember the most frequent label of ``labels``."""
        values, counts = np.unique(_labels(labels), return_counts=True)
        self.label_ = int(values[np.argmax(counts)])
        return self

    def predict(self, inputs: Sequence) -> np.ndarray:
        """The majority label, once per input."""
        return np.full(len(inputs), self.label_, dtype=np.int64)


def _tokens_as_given(tokens: Sequence[str]) -> Sequence[str]:
    return tokens


class BagOfWordsLogReg:
    """Logistic regression on token counts of already-tokenized tweets (the same tokens as the RNN).

    :meth:`fit` tries each inverse regularisation strength in ``Cs`` and keeps the one with the
    best validation accuracy (the RNN uses the validation split to pick its epoch, likewise).
    """

    def __init__(self, Cs: Sequence[float] = (0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0)):
        if not Cs or min(Cs) <= 0:
            raise ValueError(f"Cs must be positive numbers, got {Cs}")
        self.Cs = tuple(Cs)

    def fit(self, train_tokens: Sequence[Sequence[str]], train_labels: Sequence[int] | np.ndarray,
            val_tokens: Sequence[Sequence[str]], val_labels: Sequence[int] | np.ndarray) -> "BagOfWordsLogReg":
        """Count tokens of the training tweets (their vocabulary only) and fit; choose ``C`` on validation."""
        self.vectorizer_ = CountVectorizer(analyzer=_tokens_as_given)
        x_train = self.vectorizer_.fit_transform(train_tokens)
        x_val = self.vectorizer_.transform(val_tokens)
        val_labels = _labels(val_labels)
        self.val_accuracy_: dict[float, float] = {}
        best = None
        for C in self.Cs:
            model = LogisticRegression(C=C, solver="liblinear").fit(x_train, _labels(train_labels))
            self.val_accuracy_[C] = float((model.predict(x_val) == val_labels).mean())
            if best is None or self.val_accuracy_[C] > self.val_accuracy_[best[0]]:
                best = (C, model)
        self.C_, self.model_ = best
        return self

    def predict_proba(self, tokens: Sequence[Sequence[str]]) -> np.ndarray:
        """Class probabilities ``(n, 2)``."""
        return self.model_.predict_proba(self.vectorizer_.transform(tokens))

    def predict(self, tokens: Sequence[Sequence[str]]) -> np.ndarray:
        """Predicted labels."""
        return self.model_.predict(self.vectorizer_.transform(tokens)).astype(np.int64)

    def weights(self) -> dict[str, float]:
        """Each token's weight towards the positive class."""
        return dict(zip(self.vectorizer_.get_feature_names_out(), self.model_.coef_[0].tolist()))


class VaderBaseline:
    """VADER's compound score turned into a label: > 0 positive, < 0 negative.

    A compound score of exactly 0 (no lexicon word in the tweet) gets ``tie_label``; :meth:`fit`
    sets it to the majority label of the training split, the only thing VADER "learns" here.
    """

    def __init__(self, lexicon: Mapping[str, float] | None = None, tie_label: int = 1):
        self.lexicon = load_lexicon() if lexicon is None else lexicon
        self.tie_label = tie_label

    def fit(self, labels: Sequence[int] | np.ndarray) -> "VaderBaseline":
        """Send ties to the majority training label."""
        self.tie_label = MajorityClass().fit(labels).label_
        return self

    def scores(self, texts: Sequence[str]) -> np.ndarray:
        """Compound scores in (-1, 1) of the raw tweets (VADER reads case and punctuation itself)."""
        return compound_scores(texts, self.lexicon)

    def predict(self, texts: Sequence[str]) -> np.ndarray:
        """Labels: 1 if the compound score is positive, 0 if negative, ``tie_label`` if 0."""
        scores = self.scores(texts)
        return np.where(scores > 0, 1, np.where(scores < 0, 0, self.tie_label)).astype(np.int64)
