"""Padding, random vs length-bucketed batch samplers, and the padding fraction."""
from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
import torch

from lecture10.sentiment.batching import (BucketBatchSampler, EncodedTweets, RandomBatchSampler, sorted_batches,
                                          make_loader, pad_batch, padding_fraction)
from lecture10.sentiment.vocabulary import PAD_ID

# Tweet-like lengths: 1 to 35 tokens, most around 10-20.
LENGTHS = np.clip(np.random.default_rng(0).normal(14, 6, size=2000).round().astype(int), 1, 35)


def test_pad_batch_pads_at_the_end_and_keeps_lengths():
    examples = [(torch.tensor([5, 6]), torch.tensor(1)), (torch.tensor([7, 8, 9, 4]), torch.tensor(0))]
    tokens, lengths, labels = pad_batch(examples)
    assert tokens.tolist() == [[5, 6, PAD_ID, PAD_ID], [7, 8, 9, 4]]
    assert lengths.tolist() == [2, 4] and lengths.device.type == "cpu"
    assert labels.tolist() == [1, 0]


@pytest.mark.parametrize("sampler_type", [RandomBatchSampler, BucketBatchSampler])
def test_every_example_exactly_once_per_epoch_in_a_new_seeded_order(sampler_type):
    sampler = sampler_type(LENGTHS, 32, seed=7)
    epochs = [list(sampler) for _ in range(3)]  # three passes, as the trainer makes
    for batches in epochs:
        assert len(batches) == len(sampler) == 63
        assert Counter(i for batch in batches for i in batch) == Counter(range(2000))
        assert sorted(len(batch) for batch in batches) == [16] + [32] * 62
    assert epochs[0] != epochs[1] != epochs[2]
    assert epochs == [sampler_type(LENGTHS, 32, seed=7).batches(e) for e in range(3)]  # reproducible
    assert epochs[0] != sampler_type(LENGTHS, 32, seed=8).batches(0)
    sampler.set_epoch(1)
    assert list(sampler) == epochs[1]


def test_drop_last_and_sizes():
    sampler = BucketBatchSampler(LENGTHS, 300, seed=0, drop_last=True)
    batches = list(sampler)
    assert len(batches) == len(sampler) == 6 and all(len(b) == 300 for b in batches)
    with pytest.raises(ValueError, match="bucket_size"):
        BucketBatchSampler(LENGTHS, 32, bucket_size=16)
    with pytest.raises(ValueError, match="batch_size"):
        RandomBatchSampler(LENGTHS, 0)


def test_padding_fraction_by_hand():
    # batch [0, 1]: lengths 2 and 4 -> 8 cells, 6 real; batch [2]: 3 cells, 3 real.
    assert padding_fraction([[0, 1], [2]], [2, 4, 3]) == pytest.approx(2 / 11)
    assert padding_fraction([[0], [1]], [5, 9]) == 0.0


def test_bucketing_removes_almost_all_padding():
    random = padding_fraction(RandomBatchSampler(LENGTHS, 32, seed=0).batches(0), LENGTHS)
    bucketed = padding_fraction(BucketBatchSampler(LENGTHS, 32, seed=0).batches(0), LENGTHS)
    assert random > 0.3 and bucketed < 0.05
    # Small buckets sort less: more padding than big ones, still far less than random batches.
    small = padding_fraction(BucketBatchSampler(LENGTHS, 32, seed=0, bucket_size=64).batches(0), LENGTHS)
    assert bucketed < small < random


def test_bucketed_batches_come_in_shuffled_order():
    batches = BucketBatchSampler(LENGTHS, 32, seed=0).batches(0)
    longest = [LENGTHS[b].max() for b in batches]
    assert longest != sorted(longest) and longest != sorted(longest, reverse=True)


def test_loader_and_sorted_batches_cover_the_data():
    ids = [[3] * n for n in LENGTHS[:100]]
    data = EncodedTweets(ids, np.arange(100) % 2)
    seen = [label for _, lengths, labels in make_loader(data, BucketBatchSampler(data.lengths, 16)) for label in labels]
    assert len(seen) == 100
    batches, order = sorted_batches(data, 16)
    assert sorted(order.tolist()) == list(range(100))
    assert torch.cat([b[1] for b in batches]).tolist() == data.lengths[order].tolist()
    with pytest.raises(ValueError, match="no tokens"):
        EncodedTweets([[1], []], [0, 1])


def test_padding_per_batch_is_each_batchs_own_share():
    from lecture10.sentiment.batching import padding_per_batch

    lengths = np.array([3, 10, 5, 2, 4, 4])
    shares = padding_per_batch([[0, 1, 2, 3], [4, 5]], lengths)
    np.testing.assert_allclose(shares, [0.5, 0.0])  # 20 of 40 cells; none of 8
    assert padding_fraction([[0, 1, 2, 3], [4, 5]], lengths) == pytest.approx(20 / 48)  # the epoch's share
