"""The book's shared tokenizer: every normalisation step of lecture10.tokenize's docstring."""
from __future__ import annotations

import pytest

from lecture10.tokenize import normalize, tokenize


def test_lowercases_and_splits_on_punctuation_and_spaces() -> None:
    assert tokenize("The cat SAT, on the mat!") == ["the", "cat", "sat", "on", "the", "mat"]


def test_contractions_stay_whole_and_curly_apostrophes_become_straight() -> None:
    assert tokenize("Don't") == ["don't"]
    assert tokenize("Don\u2019t, I\u2019m") == ["don't", "i'm"]
    assert tokenize("rock'n'roll o'clock") == ["rock'n'roll", "o'clock"]


def test_possessive_s_is_split_off_like_the_penn_treebank() -> None:
    assert tokenize("The King's crown") == ["the", "king", "'s", "crown"]
    assert tokenize("it's") == ["it", "'s"]


def test_quotes_and_leading_or_trailing_apostrophes_are_dropped() -> None:
    assert tokenize("'hello' said the boys' father") == ["hello", "said", "the", "boys", "father"]
    assert tokenize("\u2018Tis") == ["tis"]


def test_hyphens_underscores_and_slashes_separate_words() -> None:
    assert tokenize("well-known _italic_ and/or") == ["well", "known", "italic", "and", "or"]


def test_numbers_keep_inner_separators() -> None:
    assert tokenize("3.14 and 1,000,000 in the 1990s; 2nd.") == ["3.14", "and", "1,000,000", "in", "the",
                                                                  "1990s", "2nd"]


def test_nfkc_folds_ligatures_and_full_width_letters() -> None:
    assert tokenize("\ufb01ne \uff21\uff22\uff23") == ["fine", "abc"]


def test_unicode_letters_stay_whole() -> None:
    assert tokenize("Caf\u00e9 na\u00efve") == ["caf\u00e9", "na\u00efve"]


def test_normalize_does_not_casefold_sharp_s() -> None:
    assert normalize("STRA\u00dfE") == "stra\u00dfe"


def test_empty_and_symbol_only_text_give_no_tokens() -> None:
    assert tokenize("") == []
    assert tokenize(" -- !!! ... ") == []


def test_non_string_input_is_rejected() -> None:
    with pytest.raises(TypeError, match="str"):
        tokenize(["not", "a", "string"])  # type: ignore[arg-type]
