"""The private argument checks that the public functions open with: what passes, and what each refuses, by name."""
from __future__ import annotations

import math

import numpy as np
import pytest

from lecture10 import _checks


@pytest.mark.parametrize("value", [1, 7, np.int64(3)])
def test_positive_int_accepts_integers_including_numpy_ones(value) -> None:
    assert _checks.positive_int(value, "n") == int(value) and type(_checks.positive_int(value, "n")) is int


@pytest.mark.parametrize("value", [0, -2, True, 2.0, "3", None])
def test_positive_int_refuses_bools_floats_strings_and_small_values(value) -> None:
    with pytest.raises(ValueError, match=rf"^n must be a positive int, got {value!r}$"):
        _checks.positive_int(value, "n")


def test_the_other_integer_checks() -> None:
    assert _checks.non_negative_int(0, "k") == 0 and _checks.optional_positive_int(None, "k") is None
    assert _checks.int_between(8, "T", 1, 8) == 8
    for call, message in [(lambda: _checks.non_negative_int(-1, "k"), "k must be a non-negative int"),
                          (lambda: _checks.non_negative_int(False, "k"), "k must be a non-negative int"),
                          (lambda: _checks.int_between(9, "T", 1, 8), "T must be an int between 1 and 8, got 9")]:
        with pytest.raises(ValueError, match=message):
            call()


def test_positive_numbers_and_open_intervals() -> None:
    assert _checks.positive(0.5, "lr") == 0.5 and _checks.positive(math.inf, "eta") == math.inf
    assert _checks.in_open_interval(0.95, "level") == 0.95
    for value in (0, -1.0, math.nan, True, "1"):
        with pytest.raises(ValueError, match="lr must be positive"):
            _checks.positive(value, "lr")
    with pytest.raises(ValueError, match="r must be a positive finite number, got inf"):
        _checks.positive(math.inf, "r", finite=True)
    with pytest.raises(ValueError, match=r"level must be in \(0, 1\), got 1"):
        _checks.in_open_interval(1, "level")


def test_one_of_lists_the_choices_and_survives_unhashable_values() -> None:
    assert _checks.one_of("rnn", ("rnn", "gru"), "cell") == "rnn"
    with pytest.raises(ValueError, match=r"cell must be one of \['gru', 'rnn'\], got \['rnn'\]"):
        _checks.one_of(["rnn"], {"rnn": 1, "gru": 2}, "cell")


def test_a_string_is_never_taken_for_a_list_of_words_or_of_token_lists() -> None:
    assert _checks.words(("rose", "daisy"), "X") == ["rose", "daisy"]
    assert _checks.words(iter(["a"]), "X") == ["a"]
    with pytest.raises(TypeError, match=r"X must be a list of words, not the string 'rose' \(write \['rose'\]\)"):
        _checks.words("rose", "X")
    with pytest.raises(TypeError, match="X must hold words \\(str\\), got int 3"):
        _checks.words(["rose", 3], "X")
    with pytest.raises(TypeError, match="texts must be a list of tweets"):
        _checks.words("so good", "texts", kind="tweets")
    assert _checks.token_lists([["a", "b"], ("c",)], "documents") == [["a", "b"], ("c",)]
    with pytest.raises(TypeError, match=r"documents must be sequences of tokens, not strings \(documents\[1\]"):
        _checks.token_lists([["a"], "b c"], "documents")
    with pytest.raises(TypeError, match="documents must be a list of token lists, got str"):
        _checks.token_lists("a b", "documents")


def test_non_empty_1d_names_the_shape() -> None:
    assert _checks.non_empty_1d([1, 2], "labels").tolist() == [1, 2]
    for value, shape in (([], r"\(0,\)"), ([[1]], r"\(1, 1\)")):
        with pytest.raises(ValueError, match=rf"labels must be a non-empty one-dimensional array, got shape {shape}"):
            _checks.non_empty_1d(value, "labels")
