"""The multi-seed figures draw the artefact's numbers: means over seeds, one line or dot row per model."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from lecture10.sentiment import figures  # noqa: E402
from lecture10.sentiment.comparison import spread  # noqa: E402


def _results() -> dict:
    rng = np.random.default_rng(0)

    def model(label: str, accuracy: float) -> dict:
        right = rng.random((3, 50)) < accuracy
        return {"label": label, "test_correct": ["".join("1" if c else "0" for c in row) for row in right],
                "train_curve": rng.random((3, 4)).tolist(), "val_curve": rng.random((3, 4)).tolist(),
                "sensitivity": (1 + rng.random((3, 20))).tolist()}

    models = {"rnn": model("RNN", 0.7), "gru": model("GRU", 0.9)}
    curve = {"train_sizes": [10, 20, 40], "test_accuracy": {"rnn": rng.random((3, 2)).tolist()}}
    return {"embeddings": {"a": {"models": models}, "b": {"models": models}}, "learning_curve": curve}


def test_seed_accuracies_draws_a_dot_per_seed_and_the_mean():
    results = _results()
    ax = figures.seed_accuracies(plt.subplots()[1], results, ["rnn", "gru"], embeddings=("a", "b"))
    dots = [line for line in ax.lines if line.get_marker() == "o"]
    assert len(dots) == 4 and all(len(line.get_xdata()) == 3 for line in dots)  # 2 models x 2 embeddings
    right = np.array([[c == "1" for c in bits] for bits in results["embeddings"]["a"]["models"]["gru"]["test_correct"]])
    np.testing.assert_allclose(sorted(dots[1].get_xdata()), sorted(100 * right.mean(axis=1)))
    bars = [line for line in ax.lines if line.get_marker() != "o"]
    assert bars[1].get_xdata()[0] == pytest.approx(100 * right.mean())
    assert [t.get_text() for t in ax.get_yticklabels()] == ["RNN", "GRU"]
    plt.close("all")


def test_curves_are_means_over_seeds():
    results = _results()
    ax = figures.accuracy_curves(plt.subplots()[1], results, {"rnn": "frozen"}, "a")
    train, val = ax.lines
    assert val.get_label() == "frozen"
    entry = results["embeddings"]["a"]["models"]["rnn"]
    np.testing.assert_allclose(train.get_ydata(), 100 * np.mean(entry["train_curve"], axis=0))
    np.testing.assert_allclose(val.get_ydata(), 100 * np.mean(entry["val_curve"], axis=0))
    ax = figures.learning_curves(plt.subplots()[1], results, {"rnn": "RNN"})
    np.testing.assert_allclose(ax.lines[0].get_ydata(), 100 * np.mean(results["learning_curve"]["test_accuracy"]["rnn"], axis=1))
    ax = figures.sensitivity(plt.subplots()[1], results, ["gru"], "a")
    s = np.array(results["embeddings"]["a"]["models"]["gru"]["sensitivity"])
    np.testing.assert_allclose(ax.lines[0].get_ydata(), (s / s[:, :1]).mean(axis=0))
    assert ax.lines[0].get_ydata()[0] == pytest.approx(1.0)
    plt.close("all")


def test_spread_says_mean_and_range():
    assert spread([0.8, 0.7, 0.75]) == "75.0 % (70.0 to 80.0 % over 3 seeds)"
    assert spread([0.8, 0.7], short=True) == "75.0 [70.0, 80.0]"
    with pytest.raises(ValueError, match="values"):
        spread([])
