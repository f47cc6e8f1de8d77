"""The figures of the multi-seed experiment (:func:`lecture10.artefacts.sentiment_comparison`), one function each.

Every function draws on the Axes it is given and returns it, so that a chapter cell holds the
layout and the titles, and a test can read back what was drawn. Accuracies are drawn in %.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from matplotlib.ticker import FormatStrFormatter

from lecture10.sentiment.comparison import EMBEDDING_NAMES, accuracies
from lecture10.style import CYCLE

__all__ = ["accuracy_curves", "learning_curves", "seed_accuracies", "sensitivity"]


def _models(results: Mapping[str, Any], embeddings: str) -> Mapping[str, Any]:
    return results["embeddings"][embeddings]["models"]


def seed_accuracies(ax, results: Mapping[str, Any], models: Sequence[str],
                    embeddings: Sequence[str] = ("stanford-glove-50d", "book-glove")):
    """One dot per seed and a bar at the mean: the test accuracy of each model (rows) with each set of vectors."""
    offsets = np.linspace(-0.18, 0.18, len(embeddings)) if len(embeddings) > 1 else [0.0]
    for (name, offset), colour in zip(zip(embeddings, offsets), CYCLE):
        for row, model in enumerate(models):
            values = 100 * accuracies(results, model, name)
            ax.plot(values, np.full(len(values), row + offset), "o", ms=4, alpha=0.7, color=colour,
                    label=EMBEDDING_NAMES.get(name, name) if row == 0 else None)
            ax.plot([values.mean()] * 2, [row + offset - 0.15, row + offset + 0.15], color=colour, lw=2.5)
    labels = [_models(results, embeddings[0])[m]["label"] for m in models]
    ax.set(yticks=range(len(models)), yticklabels=labels, ylim=(len(models) - 0.5, -0.5),
           xlabel="test accuracy (%): a dot per seed, a bar at the mean")
    return ax


def accuracy_curves(ax, results: Mapping[str, Any], labels: Mapping[str, str], embeddings: str):
    """Mean over seeds of the training (dashed) and validation (solid) accuracy after every epoch.

    ``labels`` maps each model to draw to its name in the legend.
    """
    for (model, label), colour in zip(labels.items(), CYCLE):
        entry = _models(results, embeddings)[model]
        epochs = np.arange(1, len(entry["val_curve"][0]) + 1)
        ax.plot(epochs, 100 * np.mean(entry["train_curve"], axis=0), "--", color=colour)
        ax.plot(epochs, 100 * np.mean(entry["val_curve"], axis=0), "-", color=colour, label=label)
    ax.set(xlabel="epoch", ylabel="accuracy (%)")
    return ax


def learning_curves(ax, results: Mapping[str, Any], labels: Mapping[str, str]):
    """Mean test accuracy (over the curve's seeds) against the number of training tweets, one line per model."""
    curve = results["learning_curve"]
    for (model, label), colour in zip(labels.items(), CYCLE):
        means = 100 * np.mean(curve["test_accuracy"][model], axis=1)
        ax.plot(curve["train_sizes"], means, "o-", color=colour, label=label)
    ax.set(xscale="log", xticks=curve["train_sizes"], xticklabels=[f"{n:,}" for n in curve["train_sizes"]],
           xlabel="training tweets (log scale)", ylabel="test accuracy (%)")
    ax.minorticks_off()
    return ax


def sensitivity(ax, results: Mapping[str, Any], models: Sequence[str], embeddings: str):
    """Mean over seeds of each model's input sensitivity by distance from the last token, relative to distance 0."""
    for model, colour in zip(models, CYCLE):
        entry = _models(results, embeddings)[model]
        relative = np.array(entry["sensitivity"]) / np.array(entry["sensitivity"])[:, :1]
        ax.plot(relative.mean(axis=0), "o-", ms=3, color=colour, label=entry["label"])
    ax.set(yscale="log", xlabel="distance from the last token (tokens)",
           ylabel="gradient norm, relative to the last token")
    for axis in (ax.yaxis.set_major_formatter, ax.yaxis.set_minor_formatter):
        axis(FormatStrFormatter("%g"))  # 0.3 rather than 3 x 10^-1
    return ax
