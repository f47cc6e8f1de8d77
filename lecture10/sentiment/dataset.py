"""The tweet datasets as the chapters use them: tokenized, split, with their vocabulary and embedding.

:func:`vader_data` (VADER's 4,200 human-rated tweets, offline) and :func:`sentiment140_data` (a
sample of Sentiment140, online) turn a dataset of :mod:`lecture10.data` into a :class:`SentimentData`
with :func:`prepare`: tweets tokenized by :func:`~lecture10.sentiment.tweets.tokenize_tweet`, a
seeded stratified 70/15/15 split, the vocabulary of the training split and a frozen embedding
matrix from a set of :class:`~lecture10.vectors.WordVectors`::

    from lecture10.vectors import load_word_vectors
    data = vader_data(load_word_vectors("book-glove"))
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Sequence

import numpy as np
import torch

from lecture10 import _checks, readers
from lecture10.data import fetch
from lecture10.sentiment.batching import EncodedTweets
from lecture10.sentiment.labels import binarize_ratings, sample_stratified, sentiment140_labels, stratified_split
from lecture10.sentiment.tweets import PLACEHOLDERS, tokenize_tweet
from lecture10.sentiment.vocabulary import (UNK_ID, Coverage, TweetVocabulary, build_tweet_vocabulary, coverage,
                                            embedding_matrix)
from lecture10.vectors import WordVectors

__all__ = ["SPLITS", "SentimentData", "prepare", "sentiment140_data", "sentiment140_test_tweets", "training_subset",
           "vader_data", "vader_ratings"]

SPLITS = ("train", "val", "test")
#: The hand-labelled test file inside Sentiment140's zip.
SENTIMENT140_TEST = "testdata.manual.2009.06.14.csv"


@dataclass
class SentimentData:
    """A split dataset of tokenized tweets with its vocabulary and frozen embedding matrix.

    ``texts``, ``tokens`` and ``labels`` are dicts over the splits ``"train"``, ``"val"``,
    ``"test"``. ``found[i]`` says whether word ``i`` of the vocabulary got a pretrained vector.
    """

    name: str
    texts: dict[str, list[str]]
    tokens: dict[str, list[list[str]]]
    labels: dict[str, np.ndarray]
    vocab: TweetVocabulary
    embeddings: torch.Tensor
    found: np.ndarray
    vectors_name: str
    dropped_empty: int = 0
    seed: int = 0  # of the split and of the random embedding rows
    _encoded: dict[str, EncodedTweets] = field(default_factory=dict, repr=False)

    def encoded(self, split: str) -> EncodedTweets:
        """The split as tensors of token ids (cached)."""
        if split not in SPLITS:
            raise ValueError(f"split must be one of {SPLITS}, got {split!r}")
        if split not in self._encoded:
            ids = [self.vocab.encode(tokens) for tokens in self.tokens[split]]
            self._encoded[split] = EncodedTweets(ids, self.labels[split])
        return self._encoded[split]

    def encode(self, texts: Sequence[str], labels: Sequence[int] | np.ndarray) -> EncodedTweets:
        """Other tweets (an outside test set, say) encoded with this vocabulary; no token -> one unknown."""
        return EncodedTweets([self.vocab.encode(tokenize_tweet(text)) or [UNK_ID] for text in texts], labels)

    def embedding_coverage(self, split: str = "train") -> Coverage:
        """How many tokens of a split have a pretrained vector."""
        pretrained = {t for t, ok in zip(self.vocab.itos, self.found) if ok}
        return coverage(self.tokens[split], pretrained)

    def vocabulary_coverage(self, split: str = "test") -> Coverage:
        """How many tokens of a split are in the (training) vocabulary."""
        return coverage(self.tokens[split], self.vocab)


def prepare(texts: Sequence[str], labels: Sequence[int] | np.ndarray, vectors: WordVectors, *, name: str,
            seed: int = 0, fractions: Sequence[float] = (0.7, 0.15, 0.15), min_count: int = 1) -> SentimentData:
    """Tokenize, split (stratified, seeded), build the training vocabulary and the embedding matrix.

    Tweets that give no token at all (only punctuation other than ``!``/``?``, say) are dropped
    first; ``dropped_empty`` counts them.
    """
    texts, labels = _checks.words(texts, "texts", kind="tweets"), np.asarray(labels)
    if len(texts) != len(labels):
        raise ValueError(f"{len(texts)} texts but {len(labels)} labels")
    tokens = [tokenize_tweet(text) for text in texts]
    keep = np.array([len(t) > 0 for t in tokens])
    texts = [t for t, k in zip(texts, keep) if k]
    tokens = [t for t, k in zip(tokens, keep) if k]
    labels = labels[keep]
    parts = dict(zip(SPLITS, stratified_split(labels, fractions, seed=seed)))
    split_texts = {s: [texts[i] for i in idx] for s, idx in parts.items()}
    split_tokens = {s: [tokens[i] for i in idx] for s, idx in parts.items()}
    split_labels = {s: labels[idx] for s, idx in parts.items()}
    vocab = build_tweet_vocabulary(split_tokens["train"], min_count=min_count, always=PLACEHOLDERS)
    matrix, found = embedding_matrix(vocab, vectors.words, vectors.matrix, seed=seed)
    return SentimentData(name, split_texts, split_tokens, split_labels, vocab, matrix, found, vectors.name,
                         dropped_empty=int((~keep).sum()), seed=seed)


def vader_ratings() -> tuple[np.ndarray, np.ndarray]:
    """VADER's 4,200 tweets (offline): their mean human ratings, from -4 to +4, and their texts."""
    table = readers.read_vader_tweets(fetch("vader-tweets", progress=False))
    return np.asarray(table["rating"], dtype=float), np.asarray(table["text"])


def vader_data(vectors: WordVectors, *, margin: float = 0.5, seed: int = 0, min_count: int = 1) -> SentimentData:
    """VADER's 4,200 human-rated tweets (offline), binarized with ``|rating| > margin``, split 70/15/15."""
    ratings, texts = vader_ratings()
    kept, labels = binarize_ratings(ratings, margin)
    return prepare(list(texts[kept]), labels, vectors, name=f"VADER tweets (|rating| > {margin})",
                   seed=seed, min_count=min_count)


def sentiment140_data(vectors: WordVectors, *, per_class: int = 10_000, seed: int = 0,
                      min_count: int = 1) -> SentimentData:
    """A seeded stratified sample of Sentiment140's 1.6M training tweets (online: an 81 MB zip)."""
    table, _ = readers.read_sentiment140_csv(fetch("sentiment140"))
    chosen = sample_stratified(table["polarity"], per_class, seed=seed)
    return prepare(list(table["text"][chosen]), sentiment140_labels(table["polarity"][chosen]), vectors,
                   name=f"Sentiment140 ({2 * per_class:,} tweets sampled)", seed=seed, min_count=min_count)


def sentiment140_test_tweets() -> tuple[list[str], np.ndarray]:
    """The hand-labelled test tweets of Sentiment140 that are positive or negative (359 of 498), labels 0/1.

    These are the tweets Go et al. (2009) report their accuracies on (online: the same 81 MB zip).
    """
    table, _ = readers.read_sentiment140_csv(fetch("sentiment140"), member=SENTIMENT140_TEST)
    keep = table["polarity"] != 2
    return list(table["text"][keep]), sentiment140_labels(table["polarity"][keep])


def training_subset(data: SentimentData, fraction: float, vectors: WordVectors, seed: int = 0) -> SentimentData:
    """``data`` with a stratified, seeded ``fraction`` of its training tweets (validation and test unchanged).

    The vocabulary and the embedding matrix are rebuilt from the smaller training split, as
    :func:`prepare` builds them from a whole one (``vectors`` must be those ``data`` was made with).
    """
    if isinstance(fraction, bool) or not 0 < fraction <= 1:
        raise ValueError(f"fraction must be in (0, 1], got {fraction!r}")
    labels = data.labels["train"]
    keep = np.arange(len(labels)) if fraction == 1 else stratified_split(labels, (fraction, 1 - fraction), seed)[0]
    tokens = {**data.tokens, "train": [data.tokens["train"][i] for i in keep]}
    vocab = build_tweet_vocabulary(tokens["train"], always=PLACEHOLDERS)
    matrix, found = embedding_matrix(vocab, vectors.words, vectors.matrix, seed=data.seed)
    return replace(data, name=f"{data.name}, {len(keep):,} training tweets",
                   texts={**data.texts, "train": [data.texts["train"][i] for i in keep]}, tokens=tokens,
                   labels={**data.labels, "train": labels[keep]}, vocab=vocab, embeddings=matrix, found=found,
                   _encoded={})
