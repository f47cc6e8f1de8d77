"""Labels, seeded stratified splits and samples, the training vocabulary, coverage and embeddings."""
from __future__ import annotations

import numpy as np
import pytest
import torch

from lecture10.readers import read_sentiment140_csv
from lecture10.sentiment.labels import (binarization_table, binarize_ratings, sample_stratified, sentiment140_labels,
                                        stratified_split)
from lecture10.sentiment.vocabulary import PAD, PAD_ID, UNK, UNK_ID, build_tweet_vocabulary, coverage, embedding_matrix

SENTIMENT140_SAMPLE = "sentiment140/training.1600000.processed.noemoticon.sample20k.csv"


def test_binarize_ratings_drops_the_neutral_band():
    ratings = [2.7, -0.4, 0.5, 0.51, -0.6, 0.0, -3.75]
    kept, labels = binarize_ratings(ratings, margin=0.5)
    assert kept.tolist() == [0, 3, 4, 6]
    assert labels.tolist() == [1, 1, 0, 0]
    kept0, labels0 = binarize_ratings(ratings, margin=0.0)
    assert kept0.tolist() == [0, 1, 2, 3, 4, 6] and labels0.tolist() == [1, 0, 1, 1, 0, 0]
    table = binarization_table(ratings, [0.0, 0.5, 3.0])
    assert [row["kept"] for row in table] == [6, 4, 1]
    assert [(row["positive"], row["negative"]) for row in table] == [(3, 3), (2, 2), (0, 1)]
    with pytest.raises(ValueError, match="margin"):
        binarize_ratings(ratings, margin=-1)
    with pytest.raises(ValueError, match="NaN"):
        binarize_ratings([1.0, float("nan")])


def test_sentiment140_polarity_mapping():
    assert sentiment140_labels([0, 4, 4, 0]).tolist() == [0, 1, 1, 0]
    with pytest.raises(ValueError, match=r"\[2\]"):
        sentiment140_labels([0, 2, 4])


def test_stratified_split_is_a_seeded_partition_with_the_class_balance():
    labels = np.array([1] * 700 + [0] * 300)
    train, val, test = stratified_split(labels, (0.7, 0.15, 0.15), seed=3)
    together = np.concatenate([train, val, test])
    assert sorted(together.tolist()) == list(range(1000))  # a partition
    assert (len(train), len(val), len(test)) == (700, 150, 150)
    for part in (train, val, test):
        assert abs(labels[part].mean() - 0.7) < 0.01
    again = stratified_split(labels, (0.7, 0.15, 0.15), seed=3)
    other = stratified_split(labels, (0.7, 0.15, 0.15), seed=4)
    assert all(np.array_equal(a, b) for a, b in zip((train, val, test), again))
    assert not np.array_equal(train, other[0])
    assert not np.array_equal(train, np.arange(700))  # shuffled, not the first 70 %
    with pytest.raises(ValueError, match="summing to 1"):
        stratified_split(labels, (0.5, 0.2))


def test_sample_stratified_is_seeded_balanced_and_shuffled():
    labels = np.array([0] * 500 + [4] * 300)  # sorted by class, like Sentiment140
    chosen = sample_stratified(labels, 100, seed=0)
    assert len(set(chosen.tolist())) == 200
    assert (labels[chosen] == 0).sum() == 100 and (labels[chosen] == 4).sum() == 100
    assert np.array_equal(chosen, sample_stratified(labels, 100, seed=0))
    assert not np.array_equal(chosen, sample_stratified(labels, 100, seed=1))
    assert len(set(labels[chosen[:20]].tolist())) == 2  # classes interleaved, not in blocks
    with pytest.raises(ValueError, match="only 300"):
        sample_stratified(labels, 301)
    with pytest.raises(ValueError, match="per_class"):
        sample_stratified(labels, 0)


def test_sampling_the_real_sentiment140_rows_is_random_never_a_prefix(real_data):
    table, _ = read_sentiment140_csv(real_data / SENTIMENT140_SAMPLE)
    polarity = table["polarity"]
    n = len(polarity)
    first_positive = int(np.argmax(polarity == 4))
    assert (polarity[:first_positive] == 0).all() and (polarity[first_positive:] == 4).all()  # sorted by class
    chosen = sample_stratified(polarity, 1000, seed=0)
    labels = sentiment140_labels(polarity[chosen])
    assert labels.sum() == 1000 and len(set(chosen.tolist())) == 2000
    # Spread over each class's whole block (file order is by date), not its first rows.
    negatives, positives = np.sort(chosen[labels == 0]), np.sort(chosen[labels == 1])
    assert negatives[0] < 0.05 * first_positive and negatives[-1] > 0.95 * first_positive
    assert positives[0] < first_positive + 0.05 * (n - first_positive) and positives[-1] > 0.95 * n
    # The sampled tweets come from across the file's dates, in both classes.
    days = {d[:10] for d in table["date"][chosen]}
    assert len(days) > 2
    assert np.array_equal(chosen, sample_stratified(polarity, 1000, seed=0))
    assert not np.array_equal(chosen, sample_stratified(polarity, 1000, seed=1))
    # Splitting the sample keeps the balance.
    train, val, test = stratified_split(labels, seed=0)
    assert [labels[p].mean() for p in (train, val, test)] == [0.5, 0.5, 0.5]


def test_vocabulary_comes_from_the_training_tokens_only():
    train = [["good", "day", "!"], ["bad", "day"], ["day", "good"]]
    test = [["awful", "day"]]
    vocab = build_tweet_vocabulary(train, always=["<user>", "day"])
    assert vocab.itos == [PAD, UNK, "day", "good", "!", "bad", "<user>"]  # count, then alphabetical
    assert vocab.encode(test[0]) == [UNK_ID, 2]
    assert "awful" not in vocab and len(vocab) == 7
    assert vocab.decode([3, 2]) == ["good", "day"]
    assert build_tweet_vocabulary(train, min_count=2).itos == [PAD, UNK, "day", "good"]
    with pytest.raises(ValueError, match="reserved"):
        build_tweet_vocabulary([["<pad>"]])


def test_coverage_counts_types_and_running_tokens():
    texts = [["a", "b", "a"], ["c", "a", "d"]]
    result = coverage(texts, {"a", "c"})
    assert (result.types, result.types_known, result.tokens, result.tokens_known) == (4, 2, 6, 4)
    assert result.type_rate == 0.5 and result.token_rate == pytest.approx(4 / 6)
    assert result.most_common_unknown == [("b", 1), ("d", 1)]


def test_embedding_matrix_copies_known_vectors_and_seeds_the_rest():
    vocab = build_tweet_vocabulary([["cat", "dog", "zebra"], ["cat"]], always=["<url>"])
    words = ["dog", "cat", "fish", "cat"]  # a duplicate: the first occurrence wins
    vectors = np.arange(4 * 3, dtype=np.float32).reshape(4, 3)
    matrix, found = embedding_matrix(vocab, words, vectors, seed=0)
    assert matrix.shape == (len(vocab), 3) and matrix.dtype == torch.float32
    assert found.tolist() == [False, False, True, True, False, False]  # pad, unk, cat, dog, zebra, <url>
    assert torch.equal(matrix[vocab.stoi["cat"]], torch.tensor([3.0, 4.0, 5.0]))
    assert torch.equal(matrix[vocab.stoi["dog"]], torch.tensor([0.0, 1.0, 2.0]))
    assert torch.equal(matrix[PAD_ID], torch.zeros(3))
    unknown_rows = [UNK_ID, vocab.stoi["zebra"], vocab.stoi["<url>"]]
    assert len({tuple(matrix[i].tolist()) for i in unknown_rows}) == 3  # distinct
    same, _ = embedding_matrix(vocab, words, vectors, seed=0)
    other, _ = embedding_matrix(vocab, words, vectors, seed=1)
    assert torch.equal(same, matrix) and not torch.equal(other[UNK_ID], matrix[UNK_ID])
    with pytest.raises(ValueError, match="shape"):
        embedding_matrix(vocab, words[:3], vectors)


def test_a_list_of_strings_is_not_read_as_tokens_letter_by_letter():
    """build_tweet_vocabulary(["hello"]) used to build a vocabulary of the letters h, e, l, o."""
    with pytest.raises(TypeError, match=r"token_lists must be sequences of tokens, not strings .*'hello'"):
        build_tweet_vocabulary(["hello"])
    with pytest.raises(TypeError, match="token_lists"):
        coverage(["good day"], {"good"})
    assert build_tweet_vocabulary([["hello"]]).itos == [PAD, UNK, "hello"]


def test_nan_labels_are_refused_not_dropped_from_every_split():
    """stratified_split used to leave NaN labels out of every part without a word."""
    labels = np.array([0.0, 1.0, np.nan, 1.0, 0.0, 1.0, 0.0, 1.0])
    with pytest.raises(ValueError, match=r"labels contain 1 NaN or infinite values \(first at index 2\)"):
        stratified_split(labels, (0.5, 0.5))
    with pytest.raises(ValueError, match="NaN"):
        sample_stratified(labels, per_class=1)
    parts = stratified_split(np.nan_to_num(labels, nan=1.0), (0.5, 0.5))
    assert sorted(np.concatenate(parts).tolist()) == list(range(8))  # every example in exactly one part


def test_random_embedding_like_has_the_spread_of_the_table_and_a_zero_padding_row():
    from lecture10.sentiment.vocabulary import random_embedding_like

    g = torch.Generator().manual_seed(0)
    table = 3.0 + 0.5 * torch.randn(4000, 6, generator=g)
    table[PAD_ID] = 0.0
    fresh = random_embedding_like(table, seed=1)
    assert fresh.shape == table.shape and not fresh[PAD_ID].any()
    assert torch.allclose(fresh[1:].mean(0), torch.full((6,), 3.0), atol=0.05)
    assert torch.allclose(fresh[1:].std(0), torch.full((6,), 0.5), atol=0.05)
    assert torch.equal(fresh, random_embedding_like(table, seed=1)) and not torch.equal(fresh, random_embedding_like(table, 2))
    with pytest.raises(ValueError, match="embeddings"):
        random_embedding_like(torch.zeros(2, 3))


def test_training_subset_shrinks_the_training_split_and_its_vocabulary_only():
    from lecture10.sentiment.dataset import prepare, training_subset
    from lecture10.vectors import WordVectors

    rng = np.random.default_rng(0)
    words = [f"w{i}" for i in range(200)]
    texts = [" ".join(rng.choice(words, 6)) for _ in range(400)]
    labels = np.array([1] * 280 + [0] * 120)
    vectors = WordVectors(words, rng.normal(size=(200, 5)), name="toy")
    full = prepare(texts, labels, vectors, name="toy", seed=0)
    half = training_subset(full, 0.5, vectors, seed=3)
    assert len(half.labels["train"]) == len(full.labels["train"]) // 2
    assert abs(half.labels["train"].mean() - full.labels["train"].mean()) < 0.01  # stratified
    assert set(half.texts["train"]) <= set(full.texts["train"])
    assert half.texts["test"] == full.texts["test"] and half.texts["val"] == full.texts["val"]
    seen = {t for tokens in half.tokens["train"] for t in tokens}
    assert {t for t in half.vocab.itos[2:] if not t.startswith("<")} == seen  # the subset's words only
    assert len(half.encoded("train")) == len(half.labels["train"])
    same = training_subset(full, 1.0, vectors, seed=3)
    assert same.vocab.itos == full.vocab.itos and torch.equal(same.embeddings, full.embeddings)
    with pytest.raises(ValueError, match="fraction"):
        training_subset(full, 0.0, vectors)


def test_vader_ratings_are_the_files_4200_tweets_and_feed_vader_data():
    from lecture10.sentiment.dataset import vader_ratings

    ratings, texts = vader_ratings()
    assert len(ratings) == len(texts) == 4200 and -4 <= ratings.min() < 0 < ratings.max() <= 4
    kept, labels = binarize_ratings(ratings, 0.5)
    assert labels.mean() == pytest.approx((ratings[kept] > 0).mean()) and len(kept) < 4200
