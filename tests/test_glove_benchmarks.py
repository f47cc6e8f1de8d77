"""Comparing two sets of word vectors on the same benchmark items: per-question hits, McNemar, a paired bootstrap."""
from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import spearmanr

from lecture10.glove.benchmarks import (analogy_accuracy, analogy_hits, compare_vectors, mcnemar, section_accuracies,
                                        similarity_correlation, similarity_difference)
from lecture10.vectors import WordVectors
from test_glove_vectors import toy  # man, woman, king, queen, apple, pear: king - man + woman is queen

QUESTIONS = [("royal", "man", "king", "woman", "queen"),      # right in toy(): queen is nearest after the inputs
             ("gram-fruit", "apple", "pear", "man", "woman"),  # wrong: another word is nearer than woman
             ("royal", "man", "king", "cat", "kitten")]        # never asked: no cat, no kitten


def test_hits_are_one_zero_or_nan_per_question_and_agree_with_the_accuracy() -> None:
    hits = analogy_hits(toy(), QUESTIONS)
    assert hits[0] == 1.0 and hits[1] == 0.0 and np.isnan(hits[2])
    score = analogy_accuracy(toy(), QUESTIONS)
    assert score.accuracy == np.nanmean(hits) and score.covered == 2


def test_only_asks_the_questions_whose_words_are_all_in_it() -> None:
    hits = analogy_hits(toy(), QUESTIONS, only={"man", "king", "woman", "queen"})
    assert hits[0] == 1.0 and np.isnan(hits[1]) and np.isnan(hits[2])
    score = similarity_correlation(toy(), [("king", "queen", 3.0), ("apple", "pear", 9.0), ("man", "apple", 1.0),
                                           ("man", "woman", 2.0)], only={"man", "woman", "king", "queen", "apple"})
    assert (score.covered, score.total) == (3, 4)  # the pear pair is left out


def test_mcnemar_counts_the_discordant_questions_asked_of_both() -> None:
    a = np.array([1, 1, 1, 1, 1, 1, 0, 0, np.nan, 1.0])
    b = np.array([1, 0, 0, 0, 0, 0, 0, 1, 1.0, np.nan])
    result = mcnemar(a, b)
    assert result["questions"] == 8
    assert (result["only_a"], result["only_b"]) == (5, 1)
    assert result["accuracy_a"] == 6 / 8 and result["accuracy_b"] == 2 / 8
    # Two-sided exact binomial: P(X <= 1 or X >= 5), X ~ Binomial(6, 1/2) = 14/64.
    assert result["p_value"] == pytest.approx(14 / 64)
    assert mcnemar(np.ones(3), np.ones(3))["p_value"] == 1.0  # no discordant question: no evidence


def test_mcnemar_refuses_hits_of_different_lengths() -> None:
    with pytest.raises(ValueError, match="one length"):
        mcnemar(np.ones(3), np.ones(4))


def test_similarity_difference_is_the_difference_of_the_two_correlations_with_an_interval_around_it() -> None:
    rng = np.random.default_rng(1)
    words = [f"w{k}" for k in range(40)]
    good = WordVectors(words, rng.normal(size=(40, 5)), name="good")
    noisy = WordVectors(words, good.matrix + rng.normal(scale=2.0, size=(40, 5)), name="noisy")
    pairs = [(words[k], words[k + 1], good.cosine(words[k], words[k + 1])) for k in range(39)]
    result = similarity_difference(good, noisy, pairs, n_resamples=500)
    human = [s for *_, s in pairs]
    rho_noisy = spearmanr([noisy.cosine(x, y) for x, y, _ in pairs], human).statistic
    assert result["rho_a"] == pytest.approx(1.0) and result["rho_b"] == pytest.approx(rho_noisy)
    assert result["difference"] == pytest.approx(1.0 - rho_noisy)
    assert result["low"] <= result["difference"] <= result["high"] and result["low"] > 0  # good is better
    again = similarity_difference(good, noisy, pairs, n_resamples=500)
    assert (again["low"], again["high"]) == (result["low"], result["high"])  # seeded


def test_similarity_difference_needs_pairs_both_sets_know() -> None:
    with pytest.raises(ValueError, match="too few"):
        similarity_difference(toy(), toy(), [("king", "cat", 1.0), ("man", "dog", 2.0)])
    with pytest.raises(ValueError, match="confidence"):
        similarity_difference(toy(), toy(), [("king", "queen", 1.0)] * 3, confidence=1.5)


def test_section_accuracies_keep_the_file_order_and_skip_what_was_not_asked() -> None:
    hits = analogy_hits(toy(), QUESTIONS)
    assert section_accuracies(hits, QUESTIONS) == {"royal": {"asked": 1, "accuracy": 1.0},
                                                   "gram-fruit": {"asked": 1, "accuracy": 0.0}}
    with pytest.raises(ValueError, match="3 questions"):
        section_accuracies(hits[:2], QUESTIONS)


@pytest.mark.filterwarnings("ignore::scipy.stats.ConstantInputWarning")  # resamples of 3 pairs can tie
def test_compare_vectors_asks_both_sets_the_same_items(tmp_path, monkeypatch) -> None:
    import lecture10.data

    files = {"questions-words": ": royal\nman king woman queen\n: gram-fruit\napple pear man woman\n",
             "wordsim353": "king\tqueen\t8\napple\tpear\t9\nman\tapple\t1\nwoman\tapple\t2\n",
             "simlex999": "king\tqueen\t8\napple\tpear\t9\nman\tapple\t1\n"}
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    monkeypatch.setattr(lecture10.data, "fetch", lambda name, **kwargs: tmp_path / name)
    no_pear = WordVectors(toy().words[:5], toy().matrix[:5], name="no pear")
    with pytest.raises(ValueError, match="only 2 pairs"):  # SimLex: only king/queen and man/apple are shared
        compare_vectors(toy(), no_pear, n_resamples=50)
    files["simlex999"] += "woman\tqueen\t5\n"
    (tmp_path / "simlex999").write_text(files["simlex999"])
    result = compare_vectors(toy(), no_pear, n_resamples=50)
    assert result["shared_words"] == 5
    assert result["analogy"]["questions"] == 1 and result["analogy"]["total"] == 2  # fruit: asked of neither
    assert result["analogy"]["sections"]["a"]["royal"] == {"asked": 1, "accuracy": 1.0}
    assert np.isnan(result["analogy"]["sections"]["b"]["gram-fruit"]["accuracy"])
    assert result["wordsim353"]["pairs"] == result["simlex999"]["pairs"] == 3
