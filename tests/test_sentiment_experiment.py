"""Data preparation and compare_cells on a small synthetic tweet task."""
from __future__ import annotations

import numpy as np
import pytest
import torch

from lecture10.sentiment.dataset import prepare
from lecture10.sentiment.experiment import compare_cells
from lecture10.sentiment.tweets import USER
from lecture10.sentiment.vocabulary import UNK_ID
from lecture10.vectors import WordVectors


def _task(n: int = 240, seed: int = 0):
    """Tweets whose label is whether 'love' or 'hate' came first: order matters."""
    rng = np.random.default_rng(seed)
    filler = "the a day it was movie my so".split()
    texts, labels = [], []
    for _ in range(n):
        first, second = ("love", "hate") if rng.random() < 0.5 else ("hate", "love")
        words = list(rng.choice(filler, 3)) + [first] + list(rng.choice(filler, 2)) + [second]
        texts.append("@friend " + " ".join(words))
        labels.append(int(first == "love"))
    vocabulary = filler + ["love", "hate"]
    vectors = WordVectors(vocabulary, np.random.default_rng(1).normal(size=(len(vocabulary), 8)), name="toy")
    return texts, np.array(labels), vectors


def test_prepare_splits_tokenizes_and_builds_the_vocabulary_from_training_only():
    texts, labels, vectors = _task()
    texts[0] += " zanzibar"  # a word in one tweet only
    texts.append("!!!")  # -> ['!'], kept; nothing is empty
    labels = np.append(labels, 1)
    data = prepare(texts, labels, vectors, name="toy", seed=0)
    sizes = {s: len(data.labels[s]) for s in ("train", "val", "test")}
    assert sum(sizes.values()) == 241 and sizes["train"] == pytest.approx(0.7 * 241, abs=2)
    assert all(t[0] == USER for s in data.tokens for t in data.tokens[s][:3])
    in_train = any("zanzibar" in t for t in data.tokens["train"])
    assert ("zanzibar" in data.vocab) == in_train
    assert data.vocab.encode(["never-seen-word"]) == [UNK_ID]
    # Every word of the toy vectors that occurs in training got its pretrained row.
    for word in vectors.words:
        if word in data.vocab:
            i = data.vocab.stoi[word]
            assert data.found[i] and torch.equal(data.embeddings[i], torch.from_numpy(vectors[word]))
    assert data.embedding_coverage("train").token_rate < 1  # '<user>' has no pretrained vector
    assert data.vocabulary_coverage("test").type_rate > 0.5
    assert data.encoded("test").labels.tolist() == data.labels["test"].tolist()


def test_compare_cells_trains_each_cell_on_the_same_split():
    texts, labels, vectors = _task()
    data = prepare(texts, labels, vectors, name="toy", seed=0)
    results = compare_cells(data, ("rnn", "gru"), hidden_size=16, epochs=6, lr=1e-2, batch_size=16)
    assert list(results) == ["rnn", "gru"]
    for result in results.values():
        assert len(result.history.val_metric) == 6 and result.history.best_epoch is not None
        assert result.test_score.n == len(data.labels["test"])
        assert result.test_score.accuracy == pytest.approx((result.test_predictions == data.labels["test"]).mean())
        assert not result.model.embedding.weight.requires_grad
    # Which word came first is learnable; the chance level is 0.5.
    assert max(r.test_score.accuracy for r in results.values()) > 0.8
    threads = torch.get_num_threads()
    again = compare_cells(data, ("rnn",), hidden_size=16, epochs=6, lr=1e-2, batch_size=16)
    assert torch.get_num_threads() == threads  # compare_cells trains on one thread, then restores
    np.testing.assert_array_equal(again["rnn"].test_probabilities, results["rnn"].test_probabilities)  # seeded
    with pytest.raises(ValueError, match="cells"):
        compare_cells(data, ("cnn",))


def test_sentiment140_path_on_the_real_sample_rows(real_data, monkeypatch, tmp_path):
    """The online path, offline: the real sample rows stand in for the 1.6M-row file inside the zip."""
    import zipfile

    from lecture10.sentiment import dataset

    sample = (real_data / "sentiment140/training.1600000.processed.noemoticon.sample20k.csv").read_bytes()
    test_rows = sample.split(b"\n")[:3] + [b'"2","9","Mon May 11 03:17:40 UTC 2009","q","u","so so"']
    archive = tmp_path / "trainingandtestdata.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("training.1600000.processed.noemoticon.csv", sample)
        z.writestr(dataset.SENTIMENT140_TEST, b"\n".join(test_rows))
    monkeypatch.setattr(dataset, "fetch", lambda name, **_: archive)
    vectors = WordVectors(["good", "sad", "day"], np.eye(3), name="toy")
    data = dataset.sentiment140_data(vectors, per_class=300, seed=0)
    assert sum(len(data.labels[s]) for s in ("train", "val", "test")) + data.dropped_empty == 600
    for split in ("train", "val", "test"):
        assert abs(data.labels[split].mean() - 0.5) < 0.01
    texts, labels = dataset.sentiment140_test_tweets()
    assert len(texts) == 3 and labels.tolist() == [0, 0, 0]  # the neutral row is dropped
    assert len(data.encode(texts, labels)) == 3


def test_build_model_makes_every_model_of_the_comparison():
    from lecture10.sentiment.alternatives import BagOfEmbeddingsMLP, TweetCNN
    from lecture10.sentiment.experiment import MODELS, build_model
    from lecture10.sentiment.model import SentimentRNN

    table = torch.randn(12, 4)
    table[0] = 0
    models = {name: build_model(name, table, hidden_size=3, seed=1) for name in MODELS}
    assert isinstance(models["mlp"], BagOfEmbeddingsMLP) and isinstance(models["cnn"], TweetCNN)
    assert [models[c].cell for c in ("rnn", "gru", "lstm")] == ["rnn", "gru", "lstm"]
    assert models["rnn-max"].pooling == "max" and models["rnn"].pooling == "last"
    assert not models["rnn"].embedding.weight.requires_grad and models["rnn-finetuned"].embedding.weight.requires_grad
    assert torch.equal(models["rnn-finetuned"].embedding.weight, table)  # starts from the pretrained vectors
    scratch = models["rnn-scratch"].embedding.weight
    assert scratch.requires_grad and not torch.allclose(scratch[1:], table[1:]) and not scratch[0].any()
    again = build_model("rnn", table, hidden_size=3, seed=1)
    assert all(torch.equal(a, b) for a, b in zip(again.parameters(), models["rnn"].parameters()))  # seeded
    assert isinstance(models["gru"], SentimentRNN)
    with pytest.raises(ValueError, match="name"):
        build_model("transformer", table)


def test_tracking_training_accuracy_does_not_change_the_training():
    from lecture10.sentiment.experiment import TrainingRun, run_model

    texts, labels, vectors = _task()
    data = prepare(texts, labels, vectors, name="toy", seed=0)
    plain = run_model("gru", data, hidden_size=8, epochs=4, lr=1e-2, batch_size=16)
    tracked = run_model("gru", data, hidden_size=8, epochs=4, lr=1e-2, batch_size=16, track_train=True)
    assert isinstance(tracked.history, TrainingRun) and len(tracked.history.train_metric) == 4
    assert tracked.history.grad_norm == plain.history.grad_norm and tracked.history.val_metric == plain.history.val_metric
    assert tracked.history.best_epoch == plain.history.best_epoch
    np.testing.assert_array_equal(tracked.test_probabilities, plain.test_probabilities)  # the same epoch kept
    assert tracked.val_accuracy == max(tracked.history.val_metric)
    assert all(0 <= a <= 1 for a in tracked.history.train_metric)


def test_fine_tuning_leaves_the_callers_embedding_table_alone():
    """nn.Embedding.from_pretrained wraps its tensor: without a copy, one fine-tuned run would change the next."""
    from lecture10.sentiment.experiment import run_model

    texts, labels, vectors = _task()
    data = prepare(texts, labels, vectors, name="toy", seed=0)
    table = data.embeddings.clone()
    first = run_model("rnn-finetuned", data, hidden_size=8, epochs=2, lr=1e-2, batch_size=16, seed=1)
    assert torch.equal(data.embeddings, table)
    assert not torch.equal(first.model.embedding.weight.detach(), table)  # the model's own copy was tuned
    again = run_model("rnn-finetuned", data, hidden_size=8, epochs=2, lr=1e-2, batch_size=16, seed=1)
    np.testing.assert_array_equal(again.test_probabilities, first.test_probabilities)
    for name in ("mlp", "cnn"):
        from lecture10.sentiment.experiment import build_model

        assert build_model(name, data.embeddings).embedding.weight.data_ptr() != data.embeddings.data_ptr()
