"""Batching sequences of different lengths: padding, random vs length-bucketed batches.

A batch of tweets must be a rectangle ``(batch, time)`` of token ids, so shorter tweets are
*padded* with :data:`~lecture10.sentiment.vocabulary.PAD_ID` up to the longest one. Two samplers
decide which tweets share a batch; both are seeded and yield every example exactly once per
epoch, in a new order each epoch:

* :class:`RandomBatchSampler` - shuffle, then cut: the naive way, lots of padding;
* :class:`BucketBatchSampler` - shuffle, sort each large chunk ("bucket") by length, cut into
  batches, shuffle the batches: tweets of similar length share a batch, little padding.

What the RNN does with the padding is the model's business: with
:func:`torch.nn.utils.rnn.pack_padded_sequence` it skips it entirely
(:class:`lecture10.sentiment.model.SentimentRNN`).
"""
from __future__ import annotations

from typing import Iterable, Iterator, Sequence

import numpy as np
import torch
from torch.nn.utils.rnn import pad_sequence
from torch.utils.data import DataLoader, Dataset, Sampler

from lecture10 import _checks
from lecture10.sentiment.vocabulary import PAD_ID

__all__ = ["BucketBatchSampler", "EncodedTweets", "RandomBatchSampler", "make_loader", "pad_batch", "padding_fraction",
           "padding_per_batch", "sorted_batches"]


class EncodedTweets(Dataset):
    """Tweets as tensors of token ids, with their labels: item ``i`` is ``(ids, label)``."""

    def __init__(self, ids: Sequence[Sequence[int]], labels: Sequence[int] | np.ndarray):
        if len(ids) != len(labels):
            raise ValueError(f"{len(ids)} tweets but {len(labels)} labels")
        empty = [i for i, seq in enumerate(ids) if len(seq) == 0]
        if empty:
            raise ValueError(f"{len(empty)} tweets have no tokens (first: index {empty[0]}); drop them first")
        self.ids = [torch.as_tensor(seq, dtype=torch.long) for seq in ids]
        self.labels = torch.as_tensor(np.asarray(labels), dtype=torch.long)
        self.lengths = np.array([len(seq) for seq in ids])

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, i: int) -> tuple[torch.Tensor, torch.Tensor]:
        return self.ids[i], self.labels[i]


def pad_batch(examples: Sequence[tuple[torch.Tensor, torch.Tensor]]) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Collate ``(ids, label)`` pairs into ``(tokens, lengths, labels)``.

    ``tokens`` is ``(batch, longest)`` padded at the end with ``PAD_ID``; ``lengths`` (on the
    CPU, as :func:`~torch.nn.utils.rnn.pack_padded_sequence` requires) the true lengths.
    """
    if not examples:
        raise ValueError("cannot collate an empty batch")
    ids, labels = zip(*examples)
    tokens = pad_sequence(list(ids), batch_first=True, padding_value=PAD_ID)
    lengths = torch.tensor([len(seq) for seq in ids], dtype=torch.long)
    return tokens, lengths, torch.stack(list(labels))


class _SeededBatchSampler(Sampler[list[int]]):
    """Batches of indices, reshuffled every epoch from ``(seed, epoch)``."""

    def __init__(self, lengths: Sequence[int] | np.ndarray, batch_size: int, seed: int = 0, drop_last: bool = False):
        lengths = _checks.non_empty_1d(lengths, "lengths")
        _checks.positive_int(batch_size, "batch_size")
        self.lengths, self.batch_size, self.seed, self.drop_last = lengths, int(batch_size), seed, drop_last
        self.epoch = 0

    def _order(self, rng: np.random.Generator) -> np.ndarray:
        raise NotImplementedError

    def batches(self, epoch: int) -> list[list[int]]:
        """The batches of epoch ``epoch`` (a pure function of the seed and the epoch)."""
        rng = np.random.default_rng([self.seed, epoch])
        order = self._order(rng)
        cut = range(0, len(order), self.batch_size)
        batches = [order[i:i + self.batch_size].tolist() for i in cut]
        if self.drop_last and len(batches[-1]) < self.batch_size:
            batches.pop()
        return self._arrange(batches, rng)

    def _arrange(self, batches: list[list[int]], rng: np.random.Generator) -> list[list[int]]:
        return batches

    def set_epoch(self, epoch: int) -> None:
        """Make the next pass use the order of epoch ``epoch``."""
        self.epoch = epoch

    def __iter__(self) -> Iterator[list[int]]:
        batches = self.batches(self.epoch)
        self.epoch += 1  # the next pass (the trainer's next epoch) gets a new order
        return iter(batches)

    def __len__(self) -> int:
        full, rest = divmod(len(self.lengths), self.batch_size)
        return full + (rest > 0 and not self.drop_last)


class RandomBatchSampler(_SeededBatchSampler):
    """The naive scheme: shuffle all examples, cut consecutive batches. Every example once per epoch."""

    def _order(self, rng: np.random.Generator) -> np.ndarray:
        return rng.permutation(len(self.lengths))


class BucketBatchSampler(_SeededBatchSampler):
    """Length-bucketed batches: shuffle, sort each bucket by length, cut, shuffle the batches.

    A bucket holds ``bucket_size`` examples (default: 50 batches' worth). Sorting is stable
    after the shuffle, so tweets of equal length are ordered at random; shuffling the batches
    keeps short and long batches from coming in a fixed order. Every example is in exactly one
    batch per epoch, and a new epoch gives new batches (the pass counter is the epoch).
    """

    def __init__(self, lengths: Sequence[int] | np.ndarray, batch_size: int, seed: int = 0,
                 bucket_size: int | None = None, drop_last: bool = False):
        super().__init__(lengths, batch_size, seed, drop_last)
        self.bucket_size = 50 * self.batch_size if bucket_size is None else bucket_size
        if self.bucket_size < self.batch_size:
            raise ValueError(f"bucket_size ({self.bucket_size}) must be at least batch_size ({self.batch_size})")

    def _order(self, rng: np.random.Generator) -> np.ndarray:
        order = rng.permutation(len(self.lengths))
        buckets = [order[i:i + self.bucket_size] for i in range(0, len(order), self.bucket_size)]
        return np.concatenate([b[np.argsort(self.lengths[b], kind="stable")] for b in buckets])

    def _arrange(self, batches: list[list[int]], rng: np.random.Generator) -> list[list[int]]:
        return [batches[i] for i in rng.permutation(len(batches))]


def padding_fraction(batches: Iterable[Sequence[int]], lengths: Sequence[int] | np.ndarray) -> float:
    """Share of the padded rectangles' cells that are padding: ``1 - real tokens / (batch x longest)``."""
    lengths = np.asarray(lengths)
    real = cells = 0
    for batch in batches:
        batch_lengths = lengths[np.asarray(batch, dtype=int)]
        if len(batch_lengths) == 0:
            raise ValueError("padding_fraction got an empty batch")
        real += int(batch_lengths.sum())
        cells += int(batch_lengths.max()) * len(batch_lengths)
    if cells == 0:
        raise ValueError("padding_fraction got no batches")
    return 1.0 - real / cells


def padding_per_batch(batches: Iterable[Sequence[int]], lengths: Sequence[int] | np.ndarray) -> np.ndarray:
    """The padding share of each batch on its own (see :func:`padding_fraction`), in the batches' order."""
    return np.array([padding_fraction([batch], lengths) for batch in batches])


def sorted_batches(data: EncodedTweets, batch_size: int = 256) -> tuple[list[tuple[torch.Tensor, ...]], np.ndarray]:
    """Deterministic batches of ``data`` in order of length; return ``(batches, order)``.

    ``order[k]`` is the index in ``data`` of the ``k``-th example of the concatenated batches.
    For evaluation: the order does not change the results, and sorting keeps padding low.
    """
    _checks.positive_int(batch_size, "batch_size")
    order = np.argsort(data.lengths, kind="stable")
    batches = [pad_batch([data[i] for i in order[k:k + batch_size]]) for k in range(0, len(order), batch_size)]
    return batches, order


def make_loader(data: EncodedTweets, sampler: Sampler[list[int]]) -> DataLoader:
    """A DataLoader yielding ``(tokens, lengths, labels)`` batches in the order of ``sampler``."""
    return DataLoader(data, batch_sampler=sampler, collate_fn=pad_batch)
