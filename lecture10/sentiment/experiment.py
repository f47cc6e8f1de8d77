"""The sentiment experiment end to end: data preparation, training, and RNN vs GRU vs LSTM.

Typical use (this is what the chapters do)::

    from lecture10.sentiment.experiment import compare_cells, load_word_vectors, vader_data

    data = vader_data(load_word_vectors())               # VADER's human-rated tweets, the book's GloVe
    results = compare_cells(data)                        # {"rnn": CellResult, "gru": ..., "lstm": ...}
    for cell, result in results.items():
        print(cell, result.test_score)                   # accuracy with a 95 % bootstrap interval

:func:`compare_cells` trains one :class:`~lecture10.sentiment.model.SentimentRNN` per cell type
on the *same* split, vocabulary, frozen embedding, batches and seed, with the shared loop
:func:`lecture10.training.train` (best validation epoch kept), and scores each on the test split.
With the defaults (10 epochs, hidden size 64) on VADER's tweets it takes about 2 s (RNN) and
5 s (GRU, LSTM) on one CPU core. Training runs on ONE torch thread by default (``threads=1``,
restored afterwards): these matrices are too small to share between threads, and on a machine
busy with other work a second thread made the same LSTM training about 20 times slower.
"""
from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass, field
from typing import Iterator, Sequence

import numpy as np
import torch
from torch import nn

from lecture10 import data as datasets
from lecture10 import readers
from lecture10.glove.vectors import WordVectors, load_shipped, load_stanford
from lecture10.sentiment.batching import BucketBatchSampler, EncodedTweets, fixed_batches, make_loader
from lecture10.sentiment.dataset import (UNK_ID, Coverage, Vocabulary, binarize_ratings, build_vocabulary, coverage,
                                         embedding_matrix, sample_stratified, sentiment140_labels,
                                         stratified_split)
from lecture10.sentiment.evaluation import Score, predict_proba, score
from lecture10.sentiment.model import CELLS, SentimentRNN
from lecture10.sentiment.tweets import PLACEHOLDERS, tokenize_tweet
from lecture10.training import History, train

__all__ = ["EMBEDDING_SOURCES", "CellResult", "SentimentData", "compare_cells", "load_word_vectors", "prepare",
           "sentiment140_data", "sentiment140_test_tweets", "torch_threads", "train_classifier", "vader_data"]

SPLITS = ("train", "val", "test")
#: The hand-labelled test file inside Sentiment140's zip.
SENTIMENT140_TEST = "testdata.manual.2009.06.14.csv"


def _word2vec() -> WordVectors:
    words, vectors = readers.read_word2vec_binary(datasets.fetch("bolukbasi-word2vec", progress=False))
    return WordVectors(words, vectors, name="word2vec Google News 300d (Bolukbasi et al. subset)")


#: Where :func:`load_word_vectors` can get embeddings: the book's own GloVe (offline, shipped in
#: the package; the default), Stanford's GloVe 6B 50-d (online: an 862 MB zip) and the word2vec
#: subset of Bolukbasi et al. (offline, from a pinned PyPI wheel).
EMBEDDING_SOURCES = {"book-glove": load_shipped, "stanford-glove-50d": load_stanford, "word2vec-bolukbasi": _word2vec}


def load_word_vectors(source: str = "book-glove") -> WordVectors:
    """Load pretrained vectors by name (see :data:`EMBEDDING_SOURCES`)."""
    if source not in EMBEDDING_SOURCES:
        raise ValueError(f"unknown embedding source {source!r}; choose one of {sorted(EMBEDDING_SOURCES)}")
    return EMBEDDING_SOURCES[source]()


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
    vocab: Vocabulary
    embeddings: torch.Tensor
    found: np.ndarray
    vectors_name: str
    dropped_empty: int = 0
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
    labels = np.asarray(labels)
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
    vocab = build_vocabulary(split_tokens["train"], min_count=min_count, always=PLACEHOLDERS)
    matrix, found = embedding_matrix(vocab, vectors.words, vectors.matrix, seed=seed)
    return SentimentData(name, split_texts, split_tokens, split_labels, vocab, matrix, found, vectors.name,
                         dropped_empty=int((~keep).sum()))


def vader_data(vectors: WordVectors, *, margin: float = 0.5, seed: int = 0, min_count: int = 1) -> SentimentData:
    """VADER's 4,200 human-rated tweets (offline), binarized with ``|rating| > margin``, split 70/15/15."""
    table = readers.read_vader_tweets(datasets.fetch("vader-tweets", progress=False))
    kept, labels = binarize_ratings(table["rating"], margin)
    return prepare(list(table["text"][kept]), labels, vectors, name=f"VADER tweets (|rating| > {margin})",
                   seed=seed, min_count=min_count)


def sentiment140_data(vectors: WordVectors, *, per_class: int = 10_000, seed: int = 0,
                      min_count: int = 1) -> SentimentData:
    """A seeded stratified sample of Sentiment140's 1.6M training tweets (online: an 81 MB zip)."""
    table, _ = readers.read_sentiment140_csv(datasets.fetch("sentiment140"))
    chosen = sample_stratified(table["polarity"], per_class, seed=seed)
    return prepare(list(table["text"][chosen]), sentiment140_labels(table["polarity"][chosen]), vectors,
                   name=f"Sentiment140 ({2 * per_class:,} tweets sampled)", seed=seed, min_count=min_count)


def sentiment140_test_tweets() -> tuple[list[str], np.ndarray]:
    """The hand-labelled test tweets of Sentiment140 that are positive or negative (359 of 498), labels 0/1.

    These are the tweets Go et al. (2009) report their accuracies on (online: the same 81 MB zip).
    """
    table, _ = readers.read_sentiment140_csv(datasets.fetch("sentiment140"), member=SENTIMENT140_TEST)
    keep = table["polarity"] != 2
    return list(table["text"][keep]), sentiment140_labels(table["polarity"][keep])


@contextlib.contextmanager
def torch_threads(threads: int | None) -> Iterator[None]:
    """Run the block with ``threads`` torch threads (None: leave the setting alone), then restore it."""
    if threads is None:
        yield
        return
    if threads < 1:
        raise ValueError(f"threads must be >= 1 (or None), got {threads}")
    before = torch.get_num_threads()
    torch.set_num_threads(threads)
    try:
        yield
    finally:
        torch.set_num_threads(before)


def train_classifier(model: nn.Module, data: SentimentData, *, epochs: int = 10, lr: float = 3e-3,
                     batch_size: int = 32, seed: int = 0, clip_norm: float | None = 1.0, weight_decay: float = 0.0,
                     device: str | torch.device = "cpu", progress: bool = False, threads: int | None = 1) -> History:
    """Train ``model`` with Adam on length-bucketed batches; keep its best validation epoch.

    ``threads`` torch threads are used while training (see :func:`compare_cells`).
    """
    sampler = BucketBatchSampler(data.encoded("train").lengths, batch_size, seed=seed)
    val_batches, _ = fixed_batches(data.encoded("val"))
    parameters = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.Adam(parameters, lr=lr, weight_decay=weight_decay)
    with torch_threads(threads):
        return train(model, make_loader(data.encoded("train"), sampler), loss_fn=nn.CrossEntropyLoss(),
                     optimizer=optimizer, epochs=epochs, val_batches=val_batches, clip_norm=clip_norm,
                     restore_best=True, device=device, progress=progress)


@dataclass
class CellResult:
    """One trained cell type: the model (best validation epoch), its history and its test results."""

    cell: str
    model: SentimentRNN
    history: History
    test_probabilities: np.ndarray
    test_score: Score
    seconds: float  # wall-clock training time (not printed by the chapters: it varies)

    @property
    def test_predictions(self) -> np.ndarray:
        """Predicted test labels."""
        return self.test_probabilities.argmax(1)


def compare_cells(data: SentimentData, cells: Sequence[str] = ("rnn", "gru", "lstm"), *, hidden_size: int = 64,
                  epochs: int = 10, lr: float = 3e-3, batch_size: int = 32, seed: int = 0,
                  clip_norm: float | None = 1.0, pooling: str = "last", num_layers: int = 1,
                  bidirectional: bool = False, device: str | torch.device = "cpu",
                  progress: bool = False, threads: int | None = 1) -> dict[str, CellResult]:
    """Train and test one :class:`SentimentRNN` per cell type on the same data, batches and seed.

    Each model starts from ``torch.manual_seed(seed)``, so the comparison changes only the
    recurrent cell. ``threads`` torch threads are used (then the caller's setting is restored);
    ``None`` keeps the caller's. Returns ``{cell: CellResult}`` in the order of ``cells``.
    """
    unknown = [c for c in cells if c not in CELLS]
    if unknown or not cells:
        raise ValueError(f"cells must be a non-empty selection of {sorted(CELLS)}, got {list(cells)}")
    results = {}
    for cell in cells:
        start = time.perf_counter()
        torch.manual_seed(seed)
        model = SentimentRNN(data.embeddings, hidden_size, cell=cell, pooling=pooling, num_layers=num_layers,
                             bidirectional=bidirectional)
        history = train_classifier(model, data, epochs=epochs, lr=lr, batch_size=batch_size, seed=seed,
                                   clip_norm=clip_norm, device=device, progress=progress, threads=threads)
        with torch_threads(threads):
            probabilities = predict_proba(model, data.encoded("test"), device=device)
        results[cell] = CellResult(cell, model, history, probabilities,
                                   score(data.labels["test"], probabilities.argmax(1), seed=seed),
                                   time.perf_counter() - start)
    return results
