"""The VADER port: its rules on a tiny lexicon by hand, and against the reference code from the sdist."""
from __future__ import annotations

import math
import subprocess
import sys
import tarfile

import numpy as np
import pytest

from lecture10 import data
from lecture10.readers import read_vader_tweets
from lecture10.sentiment.baselines import VaderBaseline
from lecture10.sentiment.vader import LEXICON_DATASET, compound_score, load_lexicon

LEXICON = {"good": 1.9, "bad": -2.5, "great": 3.1}


def squash(s: float) -> float:
    return s / math.sqrt(s * s + 15)


@pytest.mark.parametrize("text, raw_sum", [
    ("good", 1.9),
    ("the movie was good", 1.9),
    ("not good", 1.9 * -0.74),                   # negation
    ("it isn't really good", (1.9 + 0.293) * -0.74),  # booster just before, negation two words back
    ("really quite good", 1.9 + 0.293 + 0.95 * 0.293),  # a booster two words back counts 95 %
    ("very good", 1.9 + 0.293),                  # booster
    ("very bad", -2.5 - 0.293),                  # boosters push away from zero
    ("what a GOOD day", 1.9 + 0.733),            # ALL CAPS among lower case
    ("good!", 1.9 + 0.292),                      # exclamation mark (word punctuation stripped)
    ("bad!!!!!!", -2.5 - 4 * 0.292),             # at most four count
    ("good, but bad", 0.5 * 1.9 + 1.5 * -2.5),   # "but" shifts the weight to what follows
    ("no good", 1.9 * -0.74),                    # "no" before a lexicon word negates it
    ("good great", 1.9 + 3.1),
])
def test_rules_by_hand(text, raw_sum):
    assert compound_score(text, LEXICON) == pytest.approx(squash(raw_sum), abs=1e-12)


def test_no_lexicon_word_scores_zero_whatever_the_punctuation():
    assert compound_score("nothing to see here!!!", LEXICON) == 0.0
    assert compound_score("", LEXICON) == 0.0


def test_vader_baseline_labels_and_ties():
    baseline = VaderBaseline(LEXICON).fit([0, 0, 1])
    assert baseline.tie_label == 0
    assert baseline.predict(["good", "bad", "meh"]).tolist() == [1, 0, 0]
    assert VaderBaseline(LEXICON).fit([1, 1, 0]).predict(["meh"]).tolist() == [1]


def test_lexicon_reader_rejects_malformed_lines(tmp_path):
    path = tmp_path / "lexicon.txt"
    path.write_text("good\t1.9\t0.5\t[2, 2]\n\nbad\t-2.5\n", encoding="utf-8")
    assert load_lexicon(path) == {"good": 1.9, "bad": -2.5}
    path.write_text("good 1.9\n", encoding="utf-8")
    with pytest.raises(ValueError, match="lexicon.txt:1"):
        load_lexicon(path)


def test_the_lexicon_is_in_the_catalogue():
    dataset = data.get(LEXICON_DATASET)
    assert dataset.name == "vader-lexicon" and dataset.filename == "vader_lexicon.txt"
    assert "vaderSentiment==3.3.2" in dataset.sources[0].describe()
    assert "vader-lexicon" in data.describe("vader-lexicon")


@pytest.mark.registry
def test_compound_scores_match_the_reference_vader_on_the_4200_tweets(tmp_path, monkeypatch):
    lexicon = load_lexicon()
    tweets = read_vader_tweets(data.fetch("vader-tweets", progress=False))
    lines = data.fetch("vader-lexicon", progress=False).read_text(encoding="utf-8").splitlines()
    assert len(lexicon) == len({line.split("\t")[0] for line in lines if line.strip()}) > 7000
    assert lexicon["good"] == 1.9 and lexicon[":)"] == 2.0
    # The reference implementation, from the same pinned sdist (vaderSentiment is not installed).
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:",
                    "vaderSentiment==3.3.2", "-d", str(tmp_path), "-q"], check=True)
    with tarfile.open(tmp_path / "vaderSentiment-3.3.2.tar.gz") as sdist:
        sdist.extractall(tmp_path, filter="data")
    monkeypatch.syspath_prepend(str(tmp_path / "vaderSentiment-3.3.2"))
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    reference = SentimentIntensityAnalyzer()
    expected = np.array([reference.polarity_scores(t)["compound"] for t in tweets["text"]])
    ours = np.array([compound_score(t, lexicon) for t in tweets["text"]])
    differ = np.flatnonzero(np.abs(ours - expected) > 5e-5)  # the reference rounds to 4 decimals
    # The one difference is the reference's "but" rule, which scales the first of two equal valences twice.
    assert [" but " in tweets["text"][i] for i in differ] == [True] * len(differ) and len(differ) <= 2
    assert (np.sign(ours) == np.sign(expected)).all()
