"""The MLP over the average word vector (order-blind) and the 1-D CNN (order within its window)."""
from __future__ import annotations

import pytest
import torch

from lecture10.sentiment.alternatives import BagOfEmbeddingsMLP, TweetCNN, mean_embedding
from lecture10.sentiment.batching import pad_batch

VOCAB, DIM = 20, 6


def _batch():
    g = torch.Generator().manual_seed(0)
    examples = [(torch.randint(2, VOCAB, (k,), generator=g), torch.tensor(k % 2)) for k in (5, 1, 3, 5, 2)]
    return examples, pad_batch(examples)


def _models():
    torch.manual_seed(0)
    table = torch.randn(VOCAB, DIM).double()
    return {"mlp": BagOfEmbeddingsMLP(table, 8).double(), "cnn": TweetCNN(table, 8, width=3).double()}


def test_mean_embedding_averages_the_real_tokens_only():
    x = torch.arange(24.0).view(2, 3, 4)
    lengths = torch.tensor([2, 3])
    expected = torch.stack([x[0, :2].mean(0), x[1].mean(0)])
    torch.testing.assert_close(mean_embedding(x, lengths), expected)
    with pytest.raises(ValueError, match="lengths"):
        mean_embedding(x, torch.tensor([0, 3]))


@pytest.mark.parametrize("name", ["mlp", "cnn"])
def test_a_padded_batch_gives_each_tweet_its_own_logits(name):
    model = _models()[name].eval()
    examples, (tokens, lengths, _) = _batch()
    alone = torch.cat([model(ids[None], torch.tensor([len(ids)])) for ids, _ in examples])
    torch.testing.assert_close(model(tokens, lengths), alone, rtol=0, atol=1e-12)
    assert not model.embedding.weight.requires_grad


def test_the_mlp_cannot_see_order_and_the_cnn_can():
    models = _models()
    ids = torch.tensor([[3, 4, 5, 6, 7]])
    shuffled = torch.tensor([[7, 5, 3, 6, 4]])
    length = torch.tensor([5])
    torch.testing.assert_close(models["mlp"](ids, length), models["mlp"](shuffled, length), rtol=0, atol=1e-12)
    assert not torch.allclose(models["cnn"](ids, length), models["cnn"](shuffled, length))


def test_the_cnn_reads_width_words_at_a_time():
    """Changing a word changes only the windows that hold it: the CNN's features are local."""
    model = _models()["cnn"]
    ids, other = torch.tensor([[3, 4, 5, 6, 7, 8, 9]]), torch.tensor([[3, 4, 5, 6, 7, 8, 2]])
    x, y = (torch.nn.functional.pad(model.embedding(t).transpose(1, 2), (2, 2)) for t in (ids, other))
    changed = (model.conv(x) != model.conv(y)).any(dim=1)[0]
    assert changed.nonzero().flatten().tolist() == [6, 7, 8]  # the three windows that contain the last word


def test_bad_arguments_are_named():
    with pytest.raises(ValueError, match="embeddings"):
        TweetCNN(torch.randn(5))
    with pytest.raises(ValueError, match="width"):
        TweetCNN(torch.randn(5, 3), width=0)
    with pytest.raises(ValueError, match="hidden_size"):
        BagOfEmbeddingsMLP(torch.randn(5, 3), hidden_size=0)
