"""A small task where word order decides the label: plain, negated and "but" sentences.

Three kinds of sentence, built from a few nouns and sentiment adjectives:

* ``plain``:   "the food was good all day"          -> the adjective's sentiment;
* ``negated``: "the food was not good all day"      -> the opposite;
* ``but``:     "the food was bad all day but the food was good all day" -> the sentiment of
  the clause after "but" (the two adjectives always disagree).

Each clause ends with a two-word phrase (:data:`TAILS`). The two clauses of a "but" sentence have
the same noun and the same phrase, so they differ only in their adjectives: every window of three
words around one adjective looks like the window around the other.

Every "but" sentence has a twin with the two adjectives swapped: the same bag of words with the
opposite label. A model that ignores order (a bag of words, the average of the word vectors) can
therefore do no better than chance on the "but" sentences, on average, and neither can a CNN whose
windows are narrower than the distance from an adjective to "but"; a model that reads in order can
learn them. :func:`order_task_data` returns the sentences as a
:class:`~lecture10.sentiment.dataset.SentimentData`, split and embedded like the tweets.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from lecture10 import _checks
from lecture10.vectors import WordVectors

__all__ = ["KINDS", "NEGATIVE_WORDS", "NOUNS", "POSITIVE_WORDS", "TAILS", "order_task_data", "order_task_sentences",
           "sentence_kind"]

NOUNS = ("food", "service", "staff", "music", "room", "view", "coffee", "wine", "menu", "bed", "price",
         "show")
POSITIVE_WORDS = ("good", "great", "excellent", "wonderful", "nice", "lovely", "fantastic", "perfect",
                  "pleasant", "superb", "delicious", "friendly", "amazing", "brilliant", "charming",
                  "beautiful")
NEGATIVE_WORDS = ("bad", "awful", "terrible", "horrible", "poor", "rude", "disgusting", "nasty",
                  "mediocre", "dreadful", "lousy", "dirty", "boring", "ugly", "miserable", "disappointing")
#: Every clause ends with one of these two-word phrases (the same one for both clauses of a sentence),
#: so that no adjective stands next to "but" or to the end of the sentence: only a model that relates
#: words four or more places apart can tell which clause came last.
TAILS = ("all day", "this time", "as usual", "last night", "on sunday", "for once", "this week",
         "at first")
#: The kinds of sentence, in the order the chapter reports them.
KINDS = ("plain", "negated", "but")


def sentence_kind(tokens: Sequence[str]) -> str:
    """Which kind a sentence of the task is: "but", "negated" or "plain"."""
    tokens = _checks.words(tokens, "tokens", kind="tokens")
    return "but" if "but" in tokens else "negated" if "not" in tokens else "plain"


def order_task_sentences(n: int, seed: int = 0) -> tuple[list[str], np.ndarray]:
    """``n`` sentences (a third of each kind, in random order) and their labels (1 positive), seeded.

    Positive and negative labels are equally frequent within each kind.
    """
    _checks.positive_int(n, "n")
    rng = np.random.default_rng(seed)
    sentences, labels = [], []
    for i in range(n):
        kind, label = KINDS[i % 3], (i // 3) % 2
        noun = rng.choice(NOUNS)
        good, bad = rng.choice(POSITIVE_WORDS), rng.choice(NEGATIVE_WORDS)
        tail = rng.choice(TAILS)  # one phrase for both clauses: it must not tell them apart
        if kind == "plain":
            text = f"the {noun} was {good if label else bad} {tail}"
        elif kind == "negated":
            text = f"the {noun} was not {bad if label else good} {tail}"
        else:
            first, last = (bad, good) if label else (good, bad)
            text = f"the {noun} was {first} {tail} but the {noun} was {last} {tail}"
        sentences.append(text)
        labels.append(label)
    order = rng.permutation(n)
    return [sentences[i] for i in order], np.array(labels, dtype=np.int64)[order]


def order_task_data(vectors: WordVectors, n: int = 3000, seed: int = 0):
    """The task's sentences split 70/15/15 (stratified, seeded) with the vocabulary and embedding of ``vectors``."""
    from lecture10.sentiment.dataset import prepare  # the dataset module imports the tweet data's readers

    texts, labels = order_task_sentences(n, seed=seed)
    return prepare(texts, labels, vectors, name=f"the word-order task ({n:,} sentences)", seed=seed)
