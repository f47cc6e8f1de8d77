"""Paired comparisons over seeds and test tweets: the exact sign-flip test, the summaries, the shared sentence,
and the shipped multi-seed artefact."""
from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from lecture10 import artefacts, data
from lecture10.sentiment.comparison import (Paired, accuracies, correct_bits, correctness, gating_statement, p_text,
                                            paired, sign_flip_test)
from lecture10.sentiment.experiment import MODELS


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_sign_flip_test_matches_scipys_exact_permutation_test(seed):
    rng = np.random.default_rng(seed)
    d = rng.integers(-3, 5, size=11)
    reference = stats.permutation_test((d,), np.sum, permutation_type="samples", n_resamples=10**6,
                                       alternative="two-sided")  # 2^11 sign patterns: enumerated exactly
    assert sign_flip_test(d) == pytest.approx(reference.pvalue, rel=1e-9)
    greater = stats.permutation_test((d,), np.sum, permutation_type="samples", n_resamples=10**6,
                                     alternative="greater")
    assert sign_flip_test(d, "greater") == pytest.approx(greater.pvalue, rel=1e-9)


def test_sign_flip_test_by_hand():
    assert sign_flip_test([0, 0, 0]) == 1.0  # nothing to flip
    assert sign_flip_test([1] * 10, "greater") == pytest.approx(2.0**-10)  # only the all-plus pattern reaches 10
    assert sign_flip_test([1] * 10) == pytest.approx(2 * 2.0**-10)
    assert sign_flip_test([-1] * 10, "less") == pytest.approx(2.0**-10)
    assert sign_flip_test([3, -3]) == 1.0
    with pytest.raises(ValueError, match="integers"):
        sign_flip_test([0.5, 1.0])
    with pytest.raises(ValueError, match="alternative"):
        sign_flip_test([1, 2], "bigger")


def test_correct_bits_and_p_text():
    assert correct_bits([1, 0, 1, 1], [1, 1, 1, 0]) == "1010"
    with pytest.raises(ValueError, match="one length"):
        correct_bits([1, 0], [1, 0, 1])
    assert p_text(0.0004) == "p < 0.001" and p_text(0.0312) == "p = 0.031" and p_text(0.3) == "p = 0.3"
    with pytest.raises(ValueError, match="p-value"):
        p_text(1.5)


def _results(right: dict[str, np.ndarray]) -> dict:
    """A results dict in the artefact's layout from (seeds, tweets) arrays of correctness per model."""
    models = {m: {"test_correct": ["".join("1" if c else "0" for c in row) for row in r],
                  "val_accuracy": r.mean(axis=1).tolist()} for m, r in right.items()}
    return {"embeddings": {"stanford-glove-50d": {"models": models}}}


def test_paired_counts_seeds_and_tests_tweets():
    rng = np.random.default_rng(0)
    rnn = rng.random((5, 400)) < 0.75
    better = rnn | (rng.random((5, 400)) < 0.4)  # right wherever the RNN is, and on more
    results = _results({"rnn": rnn, "gru": better, "lstm": rnn.copy()})
    result = paired(results, "gru", "rnn")
    assert isinstance(result, Paired) and result.seeds == 5 and result.wins == 5 and result.losses == 0
    assert result.mean_difference == pytest.approx((better.mean() - rnn.mean()))
    assert result.p_value < 1e-6 and result.significant
    same = paired(results, "lstm", "rnn")
    assert same.p_value == 1.0 and same.wins == same.losses == 0 and not same.significant
    assert accuracies(results, "gru").shape == (5,) and correctness(results, "rnn").shape == (5, 400)
    assert np.allclose(accuracies(results, "rnn", split="val"), rnn.mean(axis=1))
    with pytest.raises(ValueError, match="model"):
        paired(results, "transformer", "rnn")


def test_gating_statement_says_what_the_numbers_say():
    rng = np.random.default_rng(1)
    rnn = rng.random((6, 300)) < 0.75
    better = rnn | (rng.random((6, 300)) < 0.4)
    worse = rnn & (rng.random((6, 300)) < 0.8)
    text = gating_statement(_results({"rnn": rnn, "gru": better, "lstm": rnn.copy()}), width=None)
    assert text.startswith("Over 6 training seeds with Stanford's GloVe 50d, tested on the same 300 tweets, ")
    assert "the GRU beat the vanilla RNN (more accurate on 6 of 6 seeds, by " in text and "p < 0.001" in text
    assert "and the LSTM did not differ clearly from it (0 of 6 seeds, 0.0 points, p = 1)." in text
    text = gating_statement(_results({"rnn": rnn, "gru": better, "lstm": better.copy()}), width=None)
    assert "and so did the LSTM (6 of 6 seeds, " in text
    text = gating_statement(_results({"rnn": rnn, "gru": worse, "lstm": better}))
    assert "the GRU lost to the vanilla RNN (less accurate on 6 of 6 seeds" in " ".join(text.split())
    assert "and the LSTM beat it" in " ".join(text.split())
    assert all(len(line) <= 88 for line in text.splitlines()) and "\n" in text


# --- the shipped artefact -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def shipped() -> dict:
    return artefacts.sentiment_comparison()


def test_the_artefact_holds_every_model_with_the_same_seeds_and_tweets(shipped):
    for name, part in shipped["embeddings"].items():
        assert set(part["models"]) == set(MODELS)
        seeds = part["manifest"]["seeds"]
        assert len(seeds) >= 5 and part["manifest"]["command"].startswith("python -m tools.sentiment_comparison")
        for model in part["models"].values():
            assert len(model["test_correct"]) == len(seeds)
            assert {len(bits) for bits in model["test_correct"]} == {part["sizes"]["test"]}
            assert all(len(curve) == shipped["settings"]["epochs"] for curve in model["val_curve"])
            # The validation accuracy kept is the best of the curve: the epoch was chosen on validation.
            assert all(v == max(c) for v, c in zip(model["val_accuracy"], model["val_curve"]))


def test_the_learning_curves_whole_split_repeats_the_models_runs(shipped):
    """Independent code paths (training_subset(1.0) and the full data) give the same runs: same data, same seeds."""
    curve = shipped["learning_curve"]
    assert curve["fractions"][-1] == 1.0 and curve["train_sizes"][-1] == shipped["embeddings"][
        curve["embeddings"]]["sizes"]["train"]
    for model in ("rnn", "rnn-finetuned", "rnn-scratch"):
        full = accuracies(shipped, model, curve["embeddings"])[:len(curve["manifest"]["seeds"])]
        assert np.allclose(curve["test_accuracy"][model][-1], full, atol=1e-4)


def test_the_artefacts_inputs_are_the_shipped_ones(shipped):
    """A stale artefact (the vectors or tweets changed since) fails here: rerun the command in the message."""
    book = shipped["embeddings"]["book-glove"]["manifest"]["inputs"]
    assert book["vectors"] == "sha256:" + data.file_hash(artefacts.path(artefacts.GLOVE_VECTORS)), (
        "the book's GloVe vectors changed: python -m tools.sentiment_comparison --parts models "
        "--embeddings book-glove")
    assert book["vader-tweets"] == data.get("vader-tweets").checksum


def test_a_deterministic_baseline_is_compared_with_every_seed():
    from lecture10.sentiment.comparison import paired_arrays

    rng = np.random.default_rng(2)
    seeds = rng.random((4, 200)) < 0.7
    baseline = np.ones(200, dtype=bool)  # right on every tweet
    result = paired_arrays(baseline, seeds, "baseline", "rnn")
    assert result.seeds == 4 and result.wins == 4 and result.p_value < 1e-6
    with pytest.raises(ValueError, match="same seeds and tweets"):
        paired_arrays(seeds, seeds[:, :100])
