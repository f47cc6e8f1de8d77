"""The from-scratch LSTM and GRU cells against PyTorch's, weight for weight."""
from __future__ import annotations

import pytest
import torch
from torch import nn

from lecture10.gated import GRUCell, LSTMCell, unroll


def _inputs(batch: int = 5, size: int = 3, dtype: torch.dtype = torch.float64) -> torch.Tensor:
    return torch.randn(batch, size, generator=torch.Generator().manual_seed(1), dtype=dtype)


def test_lstm_cell_equals_torch_lstm_cell_in_float64() -> None:
    torch.manual_seed(0)
    reference = nn.LSTMCell(3, 4).double()
    cell = LSTMCell.from_torch(reference)
    x = _inputs()
    h0, c0 = torch.randn(5, 4, dtype=torch.float64), torch.randn(5, 4, dtype=torch.float64)
    (h, c), _ = cell(x, (h0, c0))
    h_ref, c_ref = reference(x, (h0, c0))
    assert (h - h_ref).abs().max().item() < 1e-12
    assert (c - c_ref).abs().max().item() < 1e-12


def test_gru_cell_equals_torch_gru_cell_in_float64() -> None:
    torch.manual_seed(0)
    reference = nn.GRUCell(3, 4).double()
    cell = GRUCell.from_torch(reference)
    x, h0 = _inputs(), torch.randn(5, 4, dtype=torch.float64)
    h, _ = cell(x, h0)
    assert (h - reference(x, h0)).abs().max().item() < 1e-12


def test_gru_reset_gate_acts_after_the_recurrent_product_as_in_pytorch() -> None:
    """Cho et al.'s variant, W_hn (r * h), gives a different answer: the test can tell them apart."""
    torch.manual_seed(0)
    reference = nn.GRUCell(3, 4).double()
    x, h0 = _inputs(), torch.randn(5, 4, dtype=torch.float64)
    _, gates = GRUCell.from_torch(reference)(x, h0)
    W_in, W_hn = reference.weight_ih[8:], reference.weight_hh[8:]
    b_in, b_hn = reference.bias_ih[8:], reference.bias_hh[8:]
    n_cho = torch.tanh(x @ W_in.T + b_in + (gates.reset * h0) @ W_hn.T + b_hn)
    h_cho = (1 - gates.update) * n_cho + gates.update * h0
    assert (h_cho - reference(x, h0)).abs().max().item() > 1e-3


def test_gates_follow_their_equations() -> None:
    """Recompute each gate by hand from PyTorch's weight blocks (order i, f, g, o)."""
    torch.manual_seed(0)
    cell = LSTMCell(3, 4).double()
    x, h0, c0 = _inputs(), torch.randn(5, 4, dtype=torch.float64), torch.randn(5, 4, dtype=torch.float64)
    (h, c), gates = cell(x, (h0, c0))
    blocks = [
        x @ cell.weight_ih[k * 4 : (k + 1) * 4].T + cell.bias_ih[k * 4 : (k + 1) * 4]
        + h0 @ cell.weight_hh[k * 4 : (k + 1) * 4].T + cell.bias_hh[k * 4 : (k + 1) * 4]
        for k in range(4)
    ]
    torch.testing.assert_close(gates.input, torch.sigmoid(blocks[0]))
    torch.testing.assert_close(gates.forget, torch.sigmoid(blocks[1]))
    torch.testing.assert_close(gates.candidate, torch.tanh(blocks[2]))
    torch.testing.assert_close(gates.output, torch.sigmoid(blocks[3]))
    torch.testing.assert_close(c, gates.forget * c0 + gates.input * gates.candidate)
    for g in (gates.input, gates.forget, gates.output):
        assert ((g > 0) & (g < 1)).all()


def test_lstm_with_forget_gate_open_and_input_gate_shut_keeps_its_cell_state() -> None:
    cell = LSTMCell(2, 3).double()
    with torch.no_grad():
        for p in cell.parameters():
            p.zero_()
        cell.bias_ih[3:6] = 50.0  # forget gate -> 1
        cell.bias_ih[0:3] = -50.0  # input gate -> 0
    c0 = torch.tensor([[0.3, -0.7, 0.1]], dtype=torch.float64)
    (_, c), _ = cell(torch.randn(1, 2, dtype=torch.float64), (torch.zeros(1, 3, dtype=torch.float64), c0))
    torch.testing.assert_close(c, c0)


def test_gradients_match_torch() -> None:
    torch.manual_seed(0)
    reference = nn.LSTMCell(3, 4).double()
    cell = LSTMCell.from_torch(reference)
    x = _inputs()
    cell(x)[0][0].sum().backward()
    reference(x)[0].sum().backward()
    torch.testing.assert_close(cell.weight_hh.grad, reference.weight_hh.grad)
    torch.testing.assert_close(cell.weight_ih.grad, reference.weight_ih.grad)


@pytest.mark.parametrize("kind", ["lstm", "gru"])
def test_unroll_matches_a_torch_recurrent_layer(kind: str) -> None:
    torch.manual_seed(0)
    layer = (nn.LSTM if kind == "lstm" else nn.GRU)(3, 4, batch_first=True).double()
    cell = (LSTMCell if kind == "lstm" else GRUCell).from_torch(layer)
    inputs = torch.randn(2, 7, 3, dtype=torch.float64)
    trace = unroll(cell, inputs)
    expected, final = layer(inputs)
    assert (trace.hidden - expected).abs().max().item() < 1e-12
    if kind == "lstm":
        assert (trace.cell[:, -1] - final[1][0]).abs().max().item() < 1e-12
    else:
        assert trace.cell is None
    names = {"lstm": {"input", "forget", "candidate", "output"}, "gru": {"reset", "update", "candidate"}}[kind]
    assert set(trace.gates) == names
    assert all(g.shape == (2, 7, 4) for g in trace.gates.values())


def test_float32_agrees_to_float32_precision() -> None:
    torch.manual_seed(0)
    reference = nn.GRUCell(3, 8)
    x = _inputs(dtype=torch.float32)
    h, _ = GRUCell.from_torch(reference)(x)
    assert (h - reference(x)).abs().max().item() < 1e-5


def test_bad_inputs_raise_clear_errors() -> None:
    cell = LSTMCell(3, 4)
    with pytest.raises(ValueError, match="shape"):
        cell(torch.randn(5, 2))
    with pytest.raises(ValueError, match="state"):
        cell(torch.randn(5, 3), (torch.zeros(5, 3), torch.zeros(5, 3)))
    with pytest.raises(ValueError, match="gate blocks"):
        LSTMCell.from_torch(nn.GRUCell(3, 4))
    with pytest.raises(ValueError, match="positive"):
        GRUCell(0, 4)
    with pytest.raises(TypeError):
        unroll(nn.LSTMCell(3, 4), torch.randn(1, 2, 3))
