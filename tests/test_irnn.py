"""The IRNN's initialisation and the Jacobian helpers, against autograd."""
from __future__ import annotations

import pytest
import torch
from torch import nn

from lecture10.irnn import IRNN, identity_init_, rnn_step_jacobians


def test_irnn_is_a_relu_rnn_initialised_at_the_identity() -> None:
    torch.manual_seed(0)
    rnn = IRNN(2, 16)
    assert rnn.nonlinearity == "relu" and rnn.batch_first
    assert torch.equal(rnn.weight_hh_l0, torch.eye(16))
    assert torch.count_nonzero(rnn.bias_ih_l0) == 0 and torch.count_nonzero(rnn.bias_hh_l0) == 0
    assert 0.0005 < rnn.weight_ih_l0.std().item() < 0.002  # N(0, 0.001^2)


def test_irnn_copies_a_nonnegative_state_when_the_input_is_zero() -> None:
    rnn = IRNN(3, 5)
    h0 = torch.rand(1, 2, 5)
    out, h = rnn(torch.zeros(2, 40, 3), h0)
    torch.testing.assert_close(h, h0)
    torch.testing.assert_close(out[:, -1], h0[0])


def test_scale_and_reset_parameters_keep_the_identity() -> None:
    rnn = IRNN(2, 4, scale=0.5)
    with torch.no_grad():
        rnn.weight_hh_l0.zero_()
    rnn.reset_parameters()
    assert torch.equal(rnn.weight_hh_l0, 0.5 * torch.eye(4))


def test_identity_init_applies_to_every_layer() -> None:
    rnn = identity_init_(nn.RNN(2, 3, num_layers=2))
    assert torch.equal(rnn.weight_hh_l1, torch.eye(3))


@pytest.mark.parametrize("nonlinearity", ["tanh", "relu"])
def test_step_jacobians_match_autograd(nonlinearity: str) -> None:
    torch.manual_seed(0)
    rnn = nn.RNN(2, 4, nonlinearity=nonlinearity).double()
    inputs = torch.randn(6, 2, dtype=torch.float64)
    jacobians = rnn_step_jacobians(rnn, inputs)
    h = torch.zeros(4, dtype=torch.float64)
    for t, x in enumerate(inputs):

        def step(h_prev: torch.Tensor, x: torch.Tensor = x) -> torch.Tensor:
            return rnn(x[None, None], h_prev[None, None])[1][0, 0]

        expected = torch.autograd.functional.jacobian(step, h)
        torch.testing.assert_close(jacobians[t], expected)
        h = step(h).detach()


def test_bad_inputs_raise_clear_errors() -> None:
    with pytest.raises(ValueError, match="scale"):
        IRNN(2, 3, scale=0.0)
    with pytest.raises(ValueError, match="one-layer"):
        rnn_step_jacobians(nn.RNN(2, 3, num_layers=2), torch.zeros(4, 2))
    with pytest.raises(ValueError, match="shape"):
        rnn_step_jacobians(nn.RNN(2, 3), torch.zeros(4, 5))
    with pytest.raises(TypeError):
        identity_init_(nn.LSTM(2, 3))
