"""The word-order task: balanced kinds and labels, "but" sentences decided by their last clause."""
from __future__ import annotations

import numpy as np
import pytest

from lecture10.sentiment.order_task import (KINDS, NEGATIVE_WORDS, POSITIVE_WORDS, TAILS, order_task_data,
                                            order_task_sentences, sentence_kind)
from lecture10.vectors import WordVectors


def _adjectives(words: list[str]) -> list[str]:
    return [w for w in words if w in POSITIVE_WORDS or w in NEGATIVE_WORDS]


def test_the_label_follows_the_rules_of_each_kind():
    texts, labels = order_task_sentences(600, seed=3)
    kinds = [sentence_kind(t.split()) for t in texts]
    for text, label, kind in zip(texts, labels, kinds):
        words = text.split()
        adjectives = _adjectives(words)
        if kind == "but":
            first, last = adjectives
            assert (first in POSITIVE_WORDS) != (last in POSITIVE_WORDS)  # the clauses disagree
            assert label == (last in POSITIVE_WORDS)
            tail = words[words.index(first) + 1:words.index("but")]
            assert len(tail) == 2 and words[-2:] == tail  # the same two-word tail after both clauses
        else:
            (adjective,) = adjectives
            assert label == ((adjective in POSITIVE_WORDS) != (kind == "negated"))
        assert " ".join(words[-2:]) in TAILS  # no adjective at the end of a sentence
    for kind in KINDS:
        chosen = [l for l, k in zip(labels, kinds) if k == kind]
        assert len(chosen) == 200 and np.mean(chosen) == 0.5


def test_but_twins_share_their_bag_of_words_and_not_their_label():
    texts, labels = order_task_sentences(30, seed=0)
    text = next(t for t in texts if "but" in t)
    words = text.split()
    first, last = _adjectives(words)
    i, j = words.index(first), len(words) - 1 - words[::-1].index(last)
    twin = words.copy()
    twin[i], twin[j] = last, first
    assert sorted(twin) == sorted(words) and sentence_kind(twin) == "but"
    assert (last in POSITIVE_WORDS) != (first in POSITIVE_WORDS)  # so the twin's label is the opposite


def test_sentences_are_seeded_and_the_data_is_split_like_the_tweets():
    assert order_task_sentences(50, seed=1)[0] == order_task_sentences(50, seed=1)[0]
    assert order_task_sentences(50, seed=1)[0] != order_task_sentences(50, seed=2)[0]
    words = sorted({w for t in order_task_sentences(300)[0] for w in t.split()})
    vectors = WordVectors(words, np.random.default_rng(0).normal(size=(len(words), 4)), name="toy")
    task = order_task_data(vectors, n=300)
    assert sum(len(task.labels[s]) for s in ("train", "val", "test")) == 300
    assert task.embedding_coverage("train").token_rate == 1.0
    with pytest.raises(ValueError, match="n must be"):
        order_task_sentences(0)
    with pytest.raises(TypeError, match="tokens"):
        sentence_kind("the food was good")


def test_a_cnn_three_words_wide_cannot_tell_but_twins_apart():
    """Both clauses share their noun and tail, so the windows around the two adjectives look alike."""
    import torch

    from lecture10.sentiment.alternatives import TweetCNN

    texts, _ = order_task_sentences(30, seed=4)
    words = next(t for t in texts if "but" in t).split()
    first, last = _adjectives(words)
    twin = [last if w == first else first if w == last else w for w in words]
    vocabulary = sorted(set(words))
    torch.manual_seed(0)
    cnn = TweetCNN(torch.randn(len(vocabulary) + 1, 5).double(), channels=16, width=3).double()
    ids = [torch.tensor([[1 + vocabulary.index(w) for w in sentence]]) for sentence in (words, twin)]
    length = torch.tensor([len(words)])
    torch.testing.assert_close(cnn(ids[0], length), cnn(ids[1], length))
    wider = TweetCNN(torch.randn(len(vocabulary) + 1, 5).double(), channels=16, width=5).double()
    assert not torch.allclose(wider(ids[0], length), wider(ids[1], length))  # a wider window can
