"""lecture10.bias.weat on tiny hand-made vector sets whose answers are worked out by hand
or enumerated independently (plain Python, itertools, math) -- never by the code under test."""
from __future__ import annotations

import itertools
import math
import random

import numpy as np
import pytest

from lecture10.vectors import WordVectors
from lecture10.bias.weat import (MissingWords, association, effect_size, permutation_test, weat,
                                 weat_statistic)

# 2-D example. A = {e1}, B = {e2}: s(w) = cos(w, e1) - cos(w, e2).
#   x1 = e1 -> 1,  x2 = (1, 1) -> 0,  y1 = e2 -> -1,  y2 = (1, 1) -> 0.
A2 = np.array([[1.0, 0.0]])
B2 = np.array([[0.0, 1.0]])
X2 = np.array([[3.0, 0.0], [1.0, 1.0]])   # lengths do not matter: cosines only
Y2 = np.array([[0.0, 0.5], [2.0, 2.0]])


def test_association_by_hand():
    assert association(np.vstack([X2, Y2]), A2, B2) == pytest.approx([1.0, 0.0, -1.0, 0.0])


def test_association_averages_over_attribute_words():
    # w = e1; A = {e1, e2} -> mean cos = 1/2; B = {(1, 1)/sqrt2 scaled, -e1} -> (1/sqrt2 - 1)/2
    w = np.array([[1.0, 0.0]])
    A = np.array([[1.0, 0.0], [0.0, 1.0]])
    B = np.array([[5.0, 5.0], [-1.0, 0.0]])
    assert association(w, A, B)[0] == pytest.approx(0.5 - (1 / math.sqrt(2) - 1) / 2)


def test_statistic_and_effect_size_by_hand():
    # statistic: (1 + 0) - (-1 + 0) = 2; means 1/2 and -1/2; scores {1, 0, -1, 0}:
    # population std sqrt(1/2) -> d = sqrt(2); sample std sqrt(2/3) -> d = sqrt(3/2).
    assert weat_statistic(X2, Y2, A2, B2) == pytest.approx(2.0)
    assert effect_size(X2, Y2, A2, B2) == pytest.approx(math.sqrt(2))
    assert effect_size(X2, Y2, A2, B2, ddof=1) == pytest.approx(math.sqrt(1.5))


def test_exact_p_value_by_hand():
    # The 6 ways to pick 2 of the scores {1, 0, -1, 0} as X: sums 1, 0, 1, -1, 0, -1, statistics
    # 2 * sum - 0 = 2, 0, 2, -2, 0, -2. Two of six reach the observed 2 -> p = 1/3.
    test = permutation_test(X2, Y2, A2, B2)
    assert test.exact and test.n_partitions == 6
    assert test.p_value == pytest.approx(1 / 3)


def test_swapping_targets_negates_and_swapping_attributes_too():
    assert weat_statistic(Y2, X2, A2, B2) == pytest.approx(-2.0)
    assert effect_size(Y2, X2, A2, B2) == pytest.approx(-math.sqrt(2))
    assert effect_size(X2, Y2, B2, A2) == pytest.approx(-math.sqrt(2))
    assert permutation_test(Y2, X2, A2, B2).p_value == pytest.approx(1.0)  # all 6 reach -2


def _cos(u, v):
    return sum(a * b for a, b in zip(u, v)) / math.sqrt(sum(a * a for a in u) * sum(b * b for b in v))


def _s(w, A, B):
    return sum(_cos(w, a) for a in A) / len(A) - sum(_cos(w, b) for b in B) / len(B)


def _reference(X, Y, A, B):
    """Plain-Python WEAT: statistic, population-std effect size, exact one-sided p-value."""
    targets = X + Y
    stat = lambda xs, ys: sum(_s(w, A, B) for w in xs) - sum(_s(w, A, B) for w in ys)  # noqa: E731
    observed = stat(X, Y)
    hits = total = 0
    for chosen in itertools.combinations(range(len(targets)), len(X)):
        xs = [targets[i] for i in chosen]
        ys = [targets[i] for i in range(len(targets)) if i not in chosen]
        total += 1
        hits += stat(xs, ys) >= observed - 1e-9
    scores = [_s(w, A, B) for w in targets]
    mean = sum(scores) / len(scores)
    std = math.sqrt(sum((s - mean) ** 2 for s in scores) / len(scores))
    d = (sum(scores[:len(X)]) / len(X) - sum(scores[len(X):]) / len(Y)) / std
    return observed, d, hits / total, total


@pytest.mark.parametrize("seed, sizes, dim", [(1, (3, 3, 2, 2), 3), (2, (4, 5, 3, 2), 3),
                                              (3, (5, 5, 4, 4), 4), (4, (6, 4, 3, 5), 5)])
def test_matches_independent_enumeration(seed, sizes, dim):
    rng = random.Random(seed)
    X, Y, A, B = ([[rng.gauss(0, 1) for _ in range(dim)] for _ in range(n)] for n in sizes)
    stat, d, p, count = _reference(X, Y, A, B)
    arrays = [np.array(m) for m in (X, Y, A, B)]
    assert weat_statistic(*arrays) == pytest.approx(stat, abs=1e-12)
    assert effect_size(*arrays) == pytest.approx(d, rel=1e-10)
    test = permutation_test(*arrays)
    assert test.exact and test.n_partitions == count == math.comb(sizes[0] + sizes[1], sizes[0])
    assert test.p_value == pytest.approx(p, abs=1e-15)


def test_sampled_p_value_agrees_with_exact_and_is_seeded():
    rng = np.random.default_rng(7)
    X, Y, A, B = (rng.normal(size=(n, 6)) for n in (7, 7, 5, 5))
    exact = permutation_test(X, Y, A, B)
    sampled = permutation_test(X, Y, A, B, exact_limit=0, n_permutations=20_000, seed=3)
    assert exact.exact and not sampled.exact and sampled.n_partitions == 20_000
    # 20,000 draws: the standard error of the estimate is at most 0.5 / sqrt(20000) ~ 0.0035
    assert abs(sampled.p_value - exact.p_value) < 0.015
    again = permutation_test(X, Y, A, B, exact_limit=0, n_permutations=20_000, seed=3)
    assert again == sampled


def test_sampled_p_value_is_never_zero():
    # perfectly separated targets: no random partition beats the observed one
    X = np.array([[1.0, 0.01 * i] for i in range(30)])
    Y = np.array([[0.01 * i, 1.0] for i in range(30)])
    test = permutation_test(X, Y, A2, B2)            # C(60, 30) partitions: sampled
    assert not test.exact
    assert test.p_value == pytest.approx(1 / 10_001)


def test_too_few_permutations_and_bad_shapes_are_refused():
    with pytest.raises(ValueError, match="n_permutations"):
        permutation_test(X2, Y2, A2, B2, n_permutations=100)
    with pytest.raises(ValueError, match="dimensions"):
        association(X2, np.ones((2, 3)), B2)
    with pytest.raises(ValueError, match="non-empty 2-D"):
        weat_statistic(np.zeros((0, 2)), Y2, A2, B2)
    with pytest.raises(ValueError, match="zero vector"):
        association(np.zeros((1, 2)), A2, B2)
    with pytest.raises(ValueError, match="undefined"):
        effect_size(X2[:1], X2[:1], A2, B2)       # both words have the same association


VOCAB = WordVectors(["rose", "daisy", "Bill", "bill", "wasp", "ant", "love", "hate"],
                    np.array([[1.0, 0.2, 0.0], [0.9, 0.1, 0.1], [0.1, 0.1, 1.0], [0.0, 1.0, 0.3],
                              [0.1, 1.0, 0.0], [0.3, 0.8, 0.2], [1.0, 0.0, 0.1], [0.0, 1.0, 0.0]]))


def test_weat_on_words_reports_missing_words_and_matches_the_arrays():
    result = weat(VOCAB, ["rose", "daisy", "tulip"], ["wasp", "ant", "moth"], ["love"], ["hate"])
    assert result.missing == {"X": ["tulip"], "Y": ["moth"], "A": [], "B": []}
    assert result.sizes == {"X": 2, "Y": 2, "A": 1, "B": 1}
    X, Y = VOCAB.matrix[[0, 1]], VOCAB.matrix[[4, 5]]
    A, B = VOCAB.matrix[[6]], VOCAB.matrix[[7]]
    assert result.effect_size == pytest.approx(effect_size(X, Y, A, B))
    assert result.statistic == pytest.approx(weat_statistic(X, Y, A, B))
    assert result.exact and result.n_partitions == 6 and result.p_value == pytest.approx(1 / 6)


def test_weat_lookup_is_case_sensitive_unless_lowercase():
    upper = weat(VOCAB, ["Bill", "rose"], ["wasp"], ["love"], ["hate"])
    lower = weat(VOCAB, ["Bill", "rose"], ["wasp"], ["love"], ["hate"], lowercase=True)
    assert upper.statistic != pytest.approx(lower.statistic)
    expected = weat_statistic(VOCAB.matrix[[3, 0]], VOCAB.matrix[[4]], VOCAB.matrix[[6]],
                              VOCAB.matrix[[7]])
    assert lower.statistic == pytest.approx(expected)     # 'Bill' was looked up as 'bill'


def test_weat_raises_when_a_whole_list_is_missing():
    with pytest.raises(MissingWords) as info:
        weat(VOCAB, ["rose"], ["Ethel", "Agnes"], ["love"], ["hate"])
    assert info.value.missing["Y"] == ["Ethel", "Agnes"] and info.value.empty == ["Y"]


def test_effect_size_of_rounding_noise_is_refused():
    # a = u + v and b = u - v with every target orthogonal to v: every association is exactly
    # 0 in exact arithmetic. After a random rotation Q the computed ones are rounding noise.
    rng = np.random.default_rng(5)
    Q, _ = np.linalg.qr(rng.normal(size=(4, 4)))
    u, v = np.array([1.0, 0, 0, 0]), np.array([0, 1.0, 0, 0])
    targets = rng.normal(size=(6, 4)) * np.array([1, 0, 1, 1])      # no e2 component
    X, Y, A, B = targets[:3] @ Q, targets[3:] @ Q, (u + v)[None] @ Q, (u - v)[None] @ Q
    assert np.abs(association(np.vstack([X, Y]), A, B)).max() < 1e-14
    with pytest.raises(ValueError, match="within rounding"):
        effect_size(X, Y, A, B)
    assert permutation_test(X, Y, A, B).p_value == 1.0               # every partition ties
    # stored as float32 (like every WordVectors), the noise is ~1e-8: still refused
    X32, Y32, A32, B32 = (m.astype(np.float32) for m in (X, Y, A, B))
    assert 1e-12 < np.abs(association(np.vstack([X32, Y32]), A32, B32)).max() < 1e-6
    with pytest.raises(ValueError, match="within rounding"):
        effect_size(X32, Y32, A32, B32)


def test_replicate_and_tables_keep_every_test_and_every_missing_word():
    from lecture10.bias.replication import missing_words_table, replicate, weat_table
    from lecture10.bias.wordlists import WeatTest

    lists = {"flowers": ["rose", "daisy", "tulip"], "insects": ["wasp", "ant"],
             "pleasant": ["love"], "unpleasant": ["hate"], "old": ["Ethel"], "young": ["Bill"]}
    tests = [WeatTest("Flowers/insects", "flowers", "insects", "pleasant", "unpleasant", 1.5, 1e-7),
             WeatTest("Young/old", "young", "old", "pleasant", "unpleasant", 1.21, 1e-2)]
    rows = replicate(VOCAB, tests, lists=lists)
    assert rows[0].result is not None and rows[0].missing["X"] == ["tulip"]
    assert rows[0].result.effect_size == pytest.approx(
        weat(VOCAB, ["rose", "daisy"], ["wasp", "ant"], ["love"], ["hate"]).effect_size)
    assert rows[1].result is None and rows[1].missing["Y"] == ["Ethel"] and rows[1].empty == ("Y",)
    table = weat_table({"toy": rows}, tests)
    lines = table.splitlines()
    assert len(lines) == 4 and lines[0].count("|") == 4
    # 2 + 2 targets: 6 splits, so the smallest attainable p-value is 1/6 > 0.05: flagged with a dagger
    assert f"| {rows[0].result.effect_size:.2f} (0.17†; 2+2) |" in lines[2]
    assert lines[2].startswith("| Flowers/insects | 1.50 (1e-07) |")
    assert lines[3].endswith("| no Y words |")
    assert "tulip" in missing_words_table({"toy": rows}).splitlines()[2]
    with pytest.raises(KeyError, match="no word list named"):
        replicate(VOCAB, [WeatTest("?", "flowers", "bees", "pleasant", "unpleasant", 0, 1)], lists=lists)
    with pytest.raises(ValueError, match="does not hold the tests"):
        weat_table({"toy": rows[:1]}, tests)


@pytest.mark.parametrize("role", ["X", "Y", "A", "B"])
def test_a_single_string_for_a_word_list_is_refused_not_read_letter_by_letter(role):
    """weat(vectors, "rose", ...) used to test the letters r, o, s, e (when the vocabulary has them)."""
    letters = sorted(set("rosedaiyswpntlvh"))
    vocab = WordVectors(VOCAB.words + letters, np.vstack([VOCAB.matrix, np.eye(3)[np.arange(len(letters)) % 3] + 0.1]))
    lists = {"X": ["rose", "daisy"], "Y": ["wasp", "ant"], "A": ["love"], "B": ["hate"]}
    lists[role] = lists[role][0]
    with pytest.raises(TypeError, match=rf"{role} must be a list of words, not the string '{lists[role]}'"):
        weat(vocab, lists["X"], lists["Y"], lists["A"], lists["B"])


def _row(d: float, p: float, exact: bool, n_partitions: int):
    from lecture10.bias.replication import Replication
    from lecture10.bias.weat import WeatResult
    from lecture10.bias.wordlists import WeatTest

    result = WeatResult(statistic=1.0, effect_size=d, p_value=p, exact=exact, n_partitions=n_partitions,
                        sizes={"X": 8, "Y": 8, "A": 5, "B": 5})
    return Replication(WeatTest("T", "x", "y", "a", "b", 1.0, 0.01), result)


def test_table_cells_mark_significance_sampling_and_refuse_a_value_on_a_rounding_boundary():
    from lecture10.bias.replication import TABLE_NOTE, weat_table
    from lecture10.stable import UnstableOutput

    tests = [_row(0, 0, True, 1).test]
    cell = lambda row: weat_table({"v": [row]}, tests).splitlines()[2].split(" | ")[-1]  # noqa: E731
    assert cell(_row(1.234, 0.0003, True, 12_870)) == "**1.23** (0.0003; 8+8) |"        # p < 0.05: bold
    assert cell(_row(-0.35, 0.73, False, 10_000)) == "-0.35 (0.73*; 8+8) |"              # sampled: *
    assert cell(_row(0.004, 0.5, False, 10_000)).startswith("0.00 (")                     # never "-0.00"
    with pytest.raises(UnstableOutput):
        cell(_row(0.125, 0.2, True, 12_870))      # could print as 0.12 or 0.13 on another machine
    assert "**bold**" in TABLE_NOTE and "*" in TABLE_NOTE and "†" in TABLE_NOTE


def test_runs_table_spans_the_seed_runs_only():
    from lecture10.bias.replication import runs_table
    from lecture10.bias.wordlists import WeatTest

    tests = [WeatTest("Flowers/insects", "f", "i", "p", "u", 1.5, 1e-7), WeatTest("Young/old", "y", "o", "p", "u", 1.2, 0.01)]
    run = lambda x_max, d, p: {"config": {"x_max": x_max},  # noqa: E731
                               "weat": {"Flowers/insects": {"effect_size": d, "p_value": p}, "Young/old": None}}
    report = {"shipped_config": {"x_max": 10.0},
              "runs": [run(10.0, 0.62, 0.01), run(10.0, 0.01, 0.48), run(10.0, 0.35, 0.2), run(100.0, 3.0, 0.0)]}
    lines = runs_table(report, tests).splitlines()
    assert "of 3 runs" in lines[0]                         # the x_max = 100 run is not a seed run
    assert lines[2] == "| Flowers/insects | 0.01 to 0.62 | 1 of 3 |"
    assert lines[3] == "| Young/old | no run could test it | 0 |"
    with pytest.raises(ValueError, match="no run with the shipped"):
        runs_table({"shipped_config": {"x_max": 1.0}, "runs": report["runs"]}, tests)
