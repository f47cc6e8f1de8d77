"""VADER (Hutto & Gilbert 2014): a rule-based sentiment scorer from a human-rated lexicon.

A port of the scoring rules of ``vaderSentiment`` 3.3.2 (MIT licence, C.J. Hutto), which is not
a dependency of the book: the lexicon ``vader_lexicon.txt`` (7,500 tokens with mean human
valence in [-4, 4]) is fetched from the same pinned sdist as the tweets, by
:func:`lecture10.data.fetch` (dataset ``vader-lexicon``). The rules, applied per word:

* the word's lexicon valence; ALL-CAPS words (when the tweet is not all caps) gain 0.733;
* up to three preceding booster/dampener words ("very", "kinda") add +-0.293, less with distance;
* a negation ("not", "isn't", "never"...) within the three preceding words multiplies by -0.74;
* "but": valences before it are halved, those after it multiplied by 1.5;
* a few idioms ("the shit", "kind of", "least");
* then the sum, pushed away from 0 by ``!`` (0.292 each, up to 4) and ``??`` marks, is
  squashed into the *compound* score ``s / sqrt(s^2 + 15)`` in (-1, 1).

Differences from the reference: emoji are not translated into words (the 4,200 tweets of the
VADER dataset contain none), and the "but" rule scales each word by its own position (the
reference scales the first of equal valences twice). ``tests/test_sentiment_vader.py`` checks the
compound scores against the reference code from the sdist.
"""
from __future__ import annotations

import math
import string
from pathlib import Path
from typing import Mapping, Sequence

import numpy as np

from lecture10.data import fetch

__all__ = ["LEXICON_DATASET", "compound_score", "compound_scores", "load_lexicon"]

B_INCR, B_DECR = 0.293, -0.293  # booster / dampener
C_INCR = 0.733  # ALL-CAPS emphasis
N_SCALAR = -0.74  # negation
NEGATE = frozenset("""aint arent cannot cant couldnt darent didnt doesnt ain't aren't can't couldn't daren't didn't
    doesn't dont hadnt hasnt havent isnt mightnt mustnt neither don't hadn't hasn't haven't isn't mightn't mustn't
    neednt needn't never none nope nor not nothing nowhere oughtnt shant shouldnt uhuh wasnt werent oughtn't shan't
    shouldn't uh-uh wasn't weren't without wont wouldnt won't wouldn't rarely seldom despite""".split())
_BOOST_UP = """absolutely amazingly awfully completely considerable considerably decidedly deeply effing enormous
    enormously entirely especially exceptional exceptionally extreme extremely fabulously flipping flippin frackin
    fracking fricking frickin frigging friggin fully fuckin fucking fuggin fugging greatly hella highly hugely
    incredible incredibly intensely major majorly more most particularly purely quite really remarkably so
    substantially thoroughly total totally tremendous tremendously uber unbelievably unusually utter utterly very"""
_BOOST_DOWN = """almost barely hardly kinda kindof kind-of less little marginal marginally occasional occasionally
    partly scarce scarcely slight slightly somewhat sorta sortof sort-of"""
BOOSTERS: dict[str, float] = {**{w: B_INCR for w in _BOOST_UP.split()}, **{w: B_DECR for w in _BOOST_DOWN.split()},
                              "just enough": B_DECR, "kind of": B_DECR, "sort of": B_DECR}
SPECIAL_CASES: dict[str, float] = {"the shit": 3, "the bomb": 3, "bad ass": 1.5, "badass": 1.5, "bus stop": 0.0,
                                   "yeah right": -2, "kiss of death": -1.5, "to die for": 3, "beating heart": 3.5}

#: The lexicon's name in the book's data catalogue (same sdist as the ``vader-tweets`` dataset).
LEXICON_DATASET = "vader-lexicon"


def load_lexicon(path: str | Path | None = None) -> dict[str, float]:
    """Read ``vader_lexicon.txt`` (fetched with :func:`lecture10.data.fetch` when ``path`` is None)."""
    path = Path(path) if path is not None else fetch(LEXICON_DATASET, progress=False)
    lexicon = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        fields = line.strip().split("\t")
        try:
            lexicon[fields[0]] = float(fields[1])
        except (IndexError, ValueError):
            raise ValueError(f"{path}:{number}: expected 'token<TAB>mean rating<TAB>...', got {line[:60]!r}") from None
    return lexicon


def _negated(word: str) -> bool:
    return word in NEGATE or "n't" in word


def _split(text: str) -> list[str]:
    """Whitespace tokens with leading/trailing punctuation stripped, unless that leaves <= 2 characters."""
    words = []
    for token in text.split():
        stripped = token.strip(string.punctuation)
        words.append(token if len(stripped) <= 2 else stripped)
    return words


def _booster(word: str, valence: float, cap_differential: bool) -> float:
    scalar = BOOSTERS.get(word.lower(), 0.0)
    if scalar:
        scalar = -scalar if valence < 0 else scalar
        if word.isupper() and cap_differential:
            scalar += C_INCR if valence > 0 else -C_INCR
    return scalar


def _idioms(valence: float, low: list[str], i: int) -> float:
    """Idioms that contain the word at ``i`` (needs ``i >= 3``), and two-word dampeners before it."""
    one_zero, two_one_zero = f"{low[i - 1]} {low[i]}", f"{low[i - 2]} {low[i - 1]} {low[i]}"
    two_one, three_two_one = f"{low[i - 2]} {low[i - 1]}", f"{low[i - 3]} {low[i - 2]} {low[i - 1]}"
    three_two = f"{low[i - 3]} {low[i - 2]}"
    for sequence in (one_zero, two_one_zero, two_one, three_two_one, three_two):
        if sequence in SPECIAL_CASES:
            valence = SPECIAL_CASES[sequence]
            break
    if len(low) - 1 > i and f"{low[i]} {low[i + 1]}" in SPECIAL_CASES:
        valence = SPECIAL_CASES[f"{low[i]} {low[i + 1]}"]
    if len(low) - 1 > i + 1 and f"{low[i]} {low[i + 1]} {low[i + 2]}" in SPECIAL_CASES:
        valence = SPECIAL_CASES[f"{low[i]} {low[i + 1]} {low[i + 2]}"]
    for n_gram in (three_two_one, three_two, two_one):
        valence += BOOSTERS.get(n_gram, 0.0)
    return valence


def _negation(valence: float, low: list[str], distance: int, i: int) -> float:
    """Negation by the word ``distance + 1`` places before ``i`` (with "never so/this" and "without doubt")."""
    if distance == 0:
        return valence * N_SCALAR if _negated(low[i - 1]) else valence
    if distance == 1:
        if low[i - 2] == "never" and low[i - 1] in ("so", "this"):
            return valence * 1.25
        if low[i - 2] == "without" and low[i - 1] == "doubt":
            return valence
        return valence * N_SCALAR if _negated(low[i - 2]) else valence
    if (low[i - 3] == "never" and low[i - 2] in ("so", "this")) or low[i - 1] in ("so", "this"):
        return valence * 1.25
    if low[i - 3] == "without" and "doubt" in (low[i - 2], low[i - 1]):
        return valence
    return valence * N_SCALAR if _negated(low[i - 3]) else valence


def _valence(lexicon: Mapping[str, float], words: list[str], low: list[str], i: int, cap_differential: bool) -> float:
    """The rule-adjusted valence of word ``i`` (0 when it is not in the lexicon)."""
    word = low[i]
    if word not in lexicon:
        return 0.0
    valence = lexicon[word]
    if word == "no" and i != len(words) - 1 and low[i + 1] in lexicon:
        valence = 0.0  # "no" negates the next lexicon word instead of counting itself
    if (i > 0 and low[i - 1] == "no") or (i > 1 and low[i - 2] == "no") or (
            i > 2 and low[i - 3] == "no" and low[i - 1] in ("or", "nor")):
        valence = lexicon[word] * N_SCALAR
    if words[i].isupper() and cap_differential:
        valence += C_INCR if valence > 0 else -C_INCR
    for distance in range(3):
        if i > distance and low[i - distance - 1] not in lexicon:
            scalar = _booster(words[i - distance - 1], valence, cap_differential)
            scalar *= (1.0, 0.95, 0.9)[distance]
            valence = _negation(valence + scalar, low, distance, i)
            if distance == 2:
                valence = _idioms(valence, low, i)
    if i > 1 and low[i - 1] not in lexicon and low[i - 1] == "least":
        if low[i - 2] not in ("at", "very"):
            valence *= N_SCALAR
    elif i > 0 and low[i - 1] not in lexicon and low[i - 1] == "least":
        valence *= N_SCALAR
    return valence


def _punctuation_emphasis(text: str) -> float:
    exclamations = min(text.count("!"), 4) * 0.292
    questions = text.count("?")
    return exclamations + (0.0 if questions <= 1 else questions * 0.18 if questions <= 3 else 0.96)


def compound_score(text: str, lexicon: Mapping[str, float]) -> float:
    """VADER's compound score of ``text`` in (-1, 1): > 0 positive, < 0 negative, 0 no sentiment word."""
    if not isinstance(text, str):
        raise TypeError(f"compound_score expects a str, got {type(text).__name__}")
    words = _split(text.strip())
    low = [w.lower() for w in words]
    capitals = sum(w.isupper() for w in words)
    cap_differential = 0 < len(words) - capitals < len(words)
    sentiments = []
    for i, word in enumerate(low):
        if word in BOOSTERS or (word == "kind" and i < len(low) - 1 and low[i + 1] == "of"):
            sentiments.append(0.0)
        else:
            sentiments.append(_valence(lexicon, words, low, i, cap_differential))
    if "but" in low:
        pivot = low.index("but")
        sentiments = [s * 0.5 if k < pivot else s * 1.5 if k > pivot else s for k, s in enumerate(sentiments)]
    total = float(sum(sentiments))
    if total == 0:
        return 0.0
    total += math.copysign(_punctuation_emphasis(text), total)
    return max(-1.0, min(1.0, total / math.sqrt(total * total + 15)))


def compound_scores(texts: Sequence[str], lexicon: Mapping[str, float] | None = None) -> np.ndarray:
    """Compound scores of many texts (the lexicon is fetched and read once when not given)."""
    lexicon = load_lexicon() if lexicon is None else lexicon
    return np.array([compound_score(text, lexicon) for text in texts])
