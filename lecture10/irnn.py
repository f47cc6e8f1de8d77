"""The IRNN (Le, Jaitly & Hinton, 2015): ReLU units, recurrent matrix initialised to the identity.

Also the per-step Jacobians dh(t)/dh(t-1) of a one-layer `nn.RNN` (tanh or ReLU, with its
biases), to be multiplied with `lecture10.jacobians.product_norms`: they show why the identity
is a good starting point for a memory.
"""
from __future__ import annotations

import torch
from torch import nn

from lecture10 import _checks
from lecture10.jacobians import pre_activations, run_rnn, step_jacobians


class IRNN(nn.RNN):
    """An `nn.RNN` with ReLU units, ``weight_hh = scale * I``, zero biases and tiny Gaussian input weights.

    With ``scale=1`` and no input the hidden state is copied unchanged from step to step, so at
    initialisation every Jacobian dh(t)/dh(t-1) is (a diagonal 0/1 mask times) the identity.
    Le et al. (2015) draw the input weights from N(0, 0.001^2) and the biases at zero.
    """

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        num_layers: int = 1,
        *,
        scale: float = 1.0,
        input_std: float = 0.001,
        batch_first: bool = True,
    ) -> None:
        _checks.positive(scale, "scale")
        if not input_std >= 0:
            raise ValueError(f"input_std must be non-negative, got {input_std}")
        super().__init__(input_size, hidden_size, num_layers, nonlinearity="relu", batch_first=batch_first)
        self.scale, self.input_std = scale, input_std
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """Identity recurrent weights, zero biases, N(0, input_std^2) input weights."""
        # nn.RNN.__init__ calls this before `scale` is set: the defaults apply until __init__ calls it again.
        identity_init_(self, scale=getattr(self, "scale", 1.0), input_std=getattr(self, "input_std", 0.001))


@torch.no_grad()
def identity_init_(rnn: nn.RNN, scale: float = 1.0, input_std: float = 0.001) -> nn.RNN:
    """Initialise every layer of `rnn` in place: recurrent weights ``scale * I``, biases 0, input weights N(0, input_std^2)."""
    if not isinstance(rnn, nn.RNN):
        raise TypeError(f"identity_init_ needs an nn.RNN, got {type(rnn).__name__}")
    for name, p in rnn.named_parameters():
        if name.startswith("weight_hh"):
            p.copy_(scale * torch.eye(rnn.hidden_size, dtype=p.dtype))
        elif name.startswith("weight_ih"):
            p.normal_(0.0, input_std)
        else:
            p.zero_()
    return rnn


def rnn_step_jacobians(rnn: nn.RNN, inputs: torch.Tensor, h0: torch.Tensor | None = None) -> torch.Tensor:
    """The Jacobians dh(t)/dh(t-1), t = 1..T, of a one-layer `nn.RNN` on one sequence ``inputs`` (T, input).

    Returns a tensor (T, hidden, hidden): :func:`lecture10.jacobians.step_jacobians` of the layer's
    pre-activations ``W_hh h(t-1) + W_ih x(t) + b_ih + b_hh``, its recurrent matrix and its nonlinearity.
    """
    if not isinstance(rnn, nn.RNN) or rnn.num_layers != 1 or rnn.bidirectional:
        raise ValueError("rnn_step_jacobians needs a one-layer, one-directional nn.RNN")
    if inputs.dim() != 2 or inputs.shape[1] != rnn.input_size:
        raise ValueError(f"inputs must have shape (time, {rnn.input_size}), got {tuple(inputs.shape)}")
    W, U = rnn.weight_hh_l0.detach(), rnn.weight_ih_l0.detach()
    bias = (rnn.bias_ih_l0 + rnn.bias_hh_l0).detach() if rnn.bias else None
    h0 = torch.zeros(rnn.hidden_size, dtype=W.dtype) if h0 is None else h0
    # lecture10.jacobians counts from a given h(1) and skips x(1): put h0 first, with an unused input.
    x = torch.cat([inputs.new_zeros(1, rnn.input_size), inputs])
    with torch.no_grad():
        states = run_rnn(W, U, x, h0, rnn.nonlinearity, bias)
        return step_jacobians(W, pre_activations(W, U, x, states, bias), rnn.nonlinearity)
