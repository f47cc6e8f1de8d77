"""Is the bias still there after debiasing? The measurements of Gonen and Goldberg (2019).

Hard debiasing zeroes every neutral word's projection on the gender direction, but the
words that *were* most male- or female-leaning may still sit near each other. Three checks,
each on vectors *after* debiasing, against labels taken from the projections *before*:

* :func:`cluster_accuracy`: split the most biased words into 2 clusters with k-means; how
  well do the clusters match the original male/female labels?
* :func:`classifier_accuracy`: cross-validated accuracy of a logistic regression that
  predicts the original label from the debiased vector;
* :func:`neighbour_bias`: for each word, the share of male-leaning words among its k nearest
  neighbours (its correlation with the original projection says the neighbourhoods kept
  the bias).

scikit-learn is imported inside the two functions that use it. They run its native code on one
thread: on a small problem, OpenMP threads competing for a busy CPU cost seconds and gain nothing.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from lecture10 import _checks
from lecture10.bias.direction import project, unit_rows
from lecture10.vectors import VectorSet, lookup

__all__ = ["BiasedWords", "classifier_accuracy", "cluster_accuracy", "most_biased_words",
           "neighbour_bias"]


@dataclass(frozen=True)
class BiasedWords:
    """The ``n`` most male- and most female-leaning words by their projection on a direction."""

    male: tuple[str, ...]     #: largest projections first
    female: tuple[str, ...]   #: most negative projections first

    @property
    def words(self) -> list[str]:
        """Male words, then female words."""
        return list(self.male) + list(self.female)

    @property
    def labels(self) -> np.ndarray:
        """1 for each male word, 0 for each female word, in the order of :attr:`words`."""
        return np.r_[np.ones(len(self.male), dtype=int), np.zeros(len(self.female), dtype=int)]


def most_biased_words(vectors: VectorSet, direction: np.ndarray, n: int,
                      exclude: Iterable[str] = ()) -> BiasedWords:
    """Return the ``n`` words with the largest and the ``n`` with the smallest projection,
    leaving out the words in ``exclude`` (such as the gender-specific ones)."""
    _checks.positive_int(n, "n")
    skip = set(exclude)
    words = [w for w in vectors.words if w not in skip]
    if len(words) < 2 * n:
        raise ValueError(f"only {len(words)} words left, cannot take {n} from each side")
    order = np.argsort(project(vectors, words, direction), kind="stable")
    return BiasedWords(male=tuple(words[i] for i in order[::-1][:n]),
                       female=tuple(words[i] for i in order[:n]))


def _matrix(vectors: VectorSet, words: Sequence[str]) -> np.ndarray:
    matrix, _, missing = lookup(vectors, words)
    if missing:
        raise KeyError(f"not in the vocabulary: {missing[:10]}")
    return unit_rows(matrix)


def _binary_labels(labels: np.ndarray, count: int) -> np.ndarray:
    labels = np.asarray(labels)
    if labels.shape != (count,) or not np.isin(labels, (0, 1)).all():
        raise ValueError(f"labels must be {count} values in {{0, 1}}, got shape {labels.shape}")
    if labels.min() == labels.max():
        raise ValueError("labels must contain both classes")
    return labels.astype(int)


def cluster_accuracy(vectors: VectorSet, words: Sequence[str], labels: np.ndarray, *,
                     seed: int = 0) -> float:
    """Return how well 2-means clusters of the words' unit vectors match ``labels`` (0/1), in [0.5, 1]."""
    from sklearn.cluster import KMeans
    from threadpoolctl import threadpool_limits

    matrix = _matrix(vectors, words)
    labels = _binary_labels(labels, len(words))
    with threadpool_limits(limits=1):
        clusters = KMeans(n_clusters=2, n_init=10, random_state=seed).fit_predict(matrix)
    agreement = float(np.mean(clusters == labels))
    return max(agreement, 1.0 - agreement)  # cluster numbers are arbitrary


def classifier_accuracy(vectors: VectorSet, words: Sequence[str], labels: np.ndarray, *,
                        folds: int = 5, seed: int = 0) -> float:
    """Return the mean accuracy of a logistic regression predicting ``labels`` from the unit vectors,
    over stratified, shuffled cross-validation ``folds``."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_score
    from threadpoolctl import threadpool_limits

    matrix = _matrix(vectors, words)
    labels = _binary_labels(labels, len(words))
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    with threadpool_limits(limits=1):
        scores = cross_val_score(LogisticRegression(max_iter=2000), matrix, labels, cv=splitter)
    return float(scores.mean())


def neighbour_bias(vectors: VectorSet, words: Sequence[str], pool: Sequence[str],
                   pool_labels: np.ndarray, k: int = 100) -> np.ndarray:
    """Return, for each of ``words``, the share of label-1 words among its ``k`` nearest
    neighbours (cosine) in ``pool``, the word itself excluded."""
    _checks.int_between(k, "k", 1, len(pool) - 1)
    pool_labels = _binary_labels(pool_labels, len(pool))
    queries, candidates = _matrix(vectors, words), _matrix(vectors, pool)
    similarity = queries @ candidates.T
    position = {w: i for i, w in enumerate(pool)}
    for row, word in enumerate(words):
        if word in position:
            similarity[row, position[word]] = -np.inf
    nearest = np.argpartition(-similarity, k - 1, axis=1)[:, :k]
    return pool_labels[nearest].mean(axis=1)
