"""SentimentRNN: packed batches give each tweet's own result; shapes; frozen embedding; bad input."""
from __future__ import annotations

import pytest
import torch

from lecture10.sentiment.batching import pad_batch
from lecture10.sentiment.model import SentimentRNN

VOCAB, DIM = 30, 5


def _batch(seed: int = 0, n: int = 6):
    g = torch.Generator().manual_seed(seed)
    lengths = [7, 1, 4, 7, 2, 5][:n]
    examples = [(torch.randint(2, VOCAB, (k,), generator=g), torch.tensor(i % 2)) for i, k in enumerate(lengths)]
    return examples, pad_batch(examples)


def _model(**options) -> SentimentRNN:
    torch.manual_seed(0)
    return SentimentRNN(torch.randn(VOCAB, DIM), hidden_size=4, **options).double()


@pytest.mark.parametrize("options", [
    dict(cell="rnn"), dict(cell="gru"), dict(cell="lstm"),
    dict(cell="lstm", num_layers=2, bidirectional=True), dict(cell="gru", pooling="max", bidirectional=True),
    dict(cell="rnn", packed=False), dict(cell="lstm", packed=False, pooling="max", num_layers=2),
])
def test_a_padded_batch_gives_the_same_logits_as_each_tweet_alone(options):
    model = _model(**options).eval()
    examples, (tokens, lengths, _) = _batch()
    together = model(tokens, lengths)
    alone = torch.cat([model(ids[None], torch.tensor([len(ids)])) for ids, _ in examples])
    torch.testing.assert_close(together, alone, rtol=0, atol=1e-12)


def test_unpacked_last_step_equals_packed_h_n():
    packed, naive = _model(cell="gru"), _model(cell="gru", packed=False)
    naive.load_state_dict(packed.state_dict())
    _, (tokens, lengths, _) = _batch()
    torch.testing.assert_close(packed(tokens, lengths), naive(tokens, lengths), rtol=0, atol=1e-12)


def test_packing_matters_for_h_n():
    # What goes wrong without packing: nn.RNN's h_n is then the state after the padding.
    model = _model(cell="rnn")
    _, (tokens, lengths, _) = _batch()
    _, h_n = model.rnn(model.embedding(tokens))
    assert not torch.allclose(h_n[0], model.features(tokens, lengths))


def test_features_follow_the_rnn_recurrence():
    model = _model(cell="rnn")
    examples, (tokens, lengths, _) = _batch()
    rnn = model.rnn
    for i, (ids, _) in enumerate(examples):
        h = torch.zeros(4, dtype=torch.float64)
        for x in model.embedding.weight[ids]:  # h_t = tanh(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh)
            h = torch.tanh(rnn.weight_ih_l0 @ x + rnn.bias_ih_l0 + rnn.weight_hh_l0 @ h + rnn.bias_hh_l0)
        torch.testing.assert_close(model.features(tokens, lengths)[i], h, rtol=0, atol=1e-12)


def test_max_pooling_is_the_maximum_over_real_steps():
    model = _model(cell="gru", pooling="max")
    examples, (tokens, lengths, _) = _batch()
    for i, (ids, _) in enumerate(examples):
        out, _ = model.rnn(model.embedding(ids[None]))
        torch.testing.assert_close(model.features(tokens, lengths)[i], out[0].max(0).values, rtol=0, atol=1e-12)


def test_padding_ids_do_not_matter_and_the_embedding_is_frozen():
    model = _model(cell="lstm")
    _, (tokens, lengths, labels) = _batch()
    garbage = tokens.clone()
    garbage[torch.arange(tokens.shape[1])[None, :] >= lengths[:, None]] = 3
    torch.testing.assert_close(model(tokens, lengths), model(garbage, lengths), rtol=0, atol=0)
    torch.nn.functional.cross_entropy(model(tokens, lengths), labels).backward()
    assert model.embedding.weight.grad is None and not model.embedding.weight.requires_grad
    assert all(p.grad is not None for name, p in model.named_parameters() if not name.startswith("embedding"))


def test_output_shapes():
    _, (tokens, lengths, _) = _batch()
    assert _model(cell="lstm", num_layers=3, bidirectional=True)(tokens, lengths).shape == (6, 2)
    assert _model(cell="gru", bidirectional=True).features(tokens, lengths).shape == (6, 8)
    assert SentimentRNN(torch.randn(VOCAB, DIM), 4, num_classes=3)(tokens, lengths).shape == (6, 3)


def test_bad_input_is_named():
    with pytest.raises(ValueError, match="cell"):
        _model(cell="transformer")
    with pytest.raises(ValueError, match="pooling"):
        _model(pooling="mean")
    with pytest.raises(ValueError, match="packed=False"):
        _model(packed=False, bidirectional=True)
    model = _model()
    _, (tokens, lengths, _) = _batch()
    with pytest.raises(ValueError, match="lengths must lie"):
        model(tokens, lengths + 1)
    with pytest.raises(ValueError, match=r"\(batch, time\)"):
        model(tokens[0], lengths[:1])


def test_last_real_states_and_max_over_time_read_the_real_steps_only():
    from lecture10.sentiment.model import last_real_states, max_over_time

    out = torch.tensor([[[1.0], [5.0], [2.0]], [[3.0], [-1.0], [9.0]]])  # (B=2, T=3, H=1)
    lengths = torch.tensor([2, 1])
    assert last_real_states(out, lengths).flatten().tolist() == [5.0, 3.0]
    assert max_over_time(out, lengths).flatten().tolist() == [5.0, 3.0]  # the 9 is padding
    assert max_over_time(out, torch.tensor([3, 3])).flatten().tolist() == [5.0, 9.0]
    with pytest.raises(ValueError, match="lengths must lie"):
        last_real_states(out, torch.tensor([0, 1]))
    with pytest.raises(ValueError, match=r"\(batch, time, features\)"):
        max_over_time(out[0], lengths)


def test_count_parameters_splits_trained_from_frozen():
    from lecture10.sentiment.model import count_parameters

    frozen = _model(cell="rnn")
    counts = count_parameters(frozen)
    assert counts == {"frozen": VOCAB * DIM, "trained": 4 * DIM + 4 * 4 + 2 * 4 + 4 * 2 + 2}
    tuned = count_parameters(_model(cell="rnn", freeze=False))
    assert tuned == {"frozen": 0, "trained": counts["trained"] + VOCAB * DIM}
