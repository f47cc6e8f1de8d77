"""LSTM and GRU cells written out from their gate equations, returning the gate activations too.

The parameters have the same names and layout as `torch.nn.LSTMCell` / `torch.nn.GRUCell`
(``weight_ih``, ``weight_hh``, ``bias_ih``, ``bias_hh``; gates stacked in PyTorch's order), so a
PyTorch cell's ``state_dict`` loads into these cells unchanged and the two can be compared
number for number. Only the forward pass is ours: each gate is one line of its equation.
"""
from __future__ import annotations

import math
from typing import NamedTuple

import torch
from torch import nn

from lecture10 import _checks


class LSTMGates(NamedTuple):
    """Gate activations of one LSTM step, each of shape (batch, hidden)."""

    input: torch.Tensor  # i: how much of the candidate to write, in (0, 1)
    forget: torch.Tensor  # f: how much of the old cell state to keep, in (0, 1)
    candidate: torch.Tensor  # g: the proposed new content, in (-1, 1)
    output: torch.Tensor  # o: how much of the cell to show as h, in (0, 1)


class GRUGates(NamedTuple):
    """Gate activations of one GRU step, each of shape (batch, hidden)."""

    reset: torch.Tensor  # r: how much of the old state the candidate may look at, in (0, 1)
    update: torch.Tensor  # z: how much of the old state to keep, in (0, 1)
    candidate: torch.Tensor  # n: the proposed new state, in (-1, 1)


class _GatedCell(nn.Module):
    """Shared parameters of a cell with `gates` stacked blocks (PyTorch layout and initialisation)."""

    gates: int = 1

    def __init__(self, input_size: int, hidden_size: int) -> None:
        super().__init__()
        _checks.positive_int(input_size, "input_size")
        _checks.positive_int(hidden_size, "hidden_size")
        self.input_size, self.hidden_size = input_size, hidden_size
        self.weight_ih = nn.Parameter(torch.empty(self.gates * hidden_size, input_size))
        self.weight_hh = nn.Parameter(torch.empty(self.gates * hidden_size, hidden_size))
        self.bias_ih = nn.Parameter(torch.empty(self.gates * hidden_size))
        self.bias_hh = nn.Parameter(torch.empty(self.gates * hidden_size))
        bound = 1.0 / math.sqrt(hidden_size)  # PyTorch's default: U(-1/sqrt(H), 1/sqrt(H))
        for p in self.parameters():
            nn.init.uniform_(p, -bound, bound)

    def _check(self, x: torch.Tensor, h: torch.Tensor | None) -> torch.Tensor:
        if x.dim() != 2 or x.shape[1] != self.input_size:
            raise ValueError(f"x must have shape (batch, {self.input_size}), got {tuple(x.shape)}")
        if h is None:
            return x.new_zeros(x.shape[0], self.hidden_size)
        if h.shape != (x.shape[0], self.hidden_size):
            raise ValueError(f"state must have shape ({x.shape[0]}, {self.hidden_size}), got {tuple(h.shape)}")
        return h

    @classmethod
    def from_torch(cls, module: nn.Module) -> "_GatedCell":
        """A cell with the weights of a PyTorch cell, or of the first layer of a PyTorch recurrent layer."""
        names = {"weight_ih": "weight_ih_l0", "weight_hh": "weight_hh_l0", "bias_ih": "bias_ih_l0", "bias_hh": "bias_hh_l0"}
        state = module.state_dict()
        if all(k in state for k in names):
            weights = {k: state[k] for k in names}
        elif all(v in state for v in names.values()):
            weights = {k: state[v] for k, v in names.items()}
        else:
            raise ValueError(f"{type(module).__name__} has no weight_ih/weight_hh/bias_ih/bias_hh (with biases) to copy")
        hidden, inputs = weights["weight_hh"].shape[1], weights["weight_ih"].shape[1]
        if weights["weight_ih"].shape[0] != cls.gates * hidden:
            raise ValueError(f"{type(module).__name__} does not have the {cls.gates} gate blocks of {cls.__name__}")
        cell = cls(inputs, hidden).to(dtype=weights["weight_ih"].dtype, device=weights["weight_ih"].device)
        cell.load_state_dict(weights)
        return cell


class LSTMCell(_GatedCell):
    r"""One LSTM step from its equations (PyTorch's gate order i, f, g, o).

    .. math::
        i = \sigma(W_{ii}x + b_{ii} + W_{hi}h + b_{hi}),\quad
        f = \sigma(W_{if}x + b_{if} + W_{hf}h + b_{hf}),\quad
        g = \tanh(W_{ig}x + b_{ig} + W_{hg}h + b_{hg}),\quad
        o = \sigma(W_{io}x + b_{io} + W_{ho}h + b_{ho}),

        c' = f \odot c + i \odot g,\qquad h' = o \odot \tanh(c').
    """

    gates = 4

    def forward(
        self, x: torch.Tensor, state: tuple[torch.Tensor, torch.Tensor] | None = None
    ) -> tuple[tuple[torch.Tensor, torch.Tensor], LSTMGates]:
        """Return the new state ``(h, c)`` and the gate activations for input ``x`` (batch, input)."""
        h, c = (None, None) if state is None else state
        h = self._check(x, h)
        c = self._check(x, c)
        blocks = x @ self.weight_ih.T + self.bias_ih + h @ self.weight_hh.T + self.bias_hh
        pre_i, pre_f, pre_g, pre_o = blocks.chunk(4, dim=1)  # PyTorch's order: i, f, g, o
        i = torch.sigmoid(pre_i)  # input gate: how much to write
        f = torch.sigmoid(pre_f)  # forget gate: how much to keep
        g = torch.tanh(pre_g)  # candidate content
        o = torch.sigmoid(pre_o)  # output gate: how much to show
        c_new = f * c + i * g  # the cell state: kept old content plus written new content
        h_new = o * torch.tanh(c_new)
        return (h_new, c_new), LSTMGates(i, f, g, o)


class GRUCell(_GatedCell):
    r"""One GRU step from its equations, exactly as PyTorch computes it (gate order r, z, n).

    .. math::
        r = \sigma(W_{ir}x + b_{ir} + W_{hr}h + b_{hr}),\quad
        z = \sigma(W_{iz}x + b_{iz} + W_{hz}h + b_{hz}),

        n = \tanh\big(W_{in}x + b_{in} + r \odot (W_{hn}h + b_{hn})\big),\qquad
        h' = (1 - z) \odot n + z \odot h.

    Note that PyTorch applies the reset gate *after* the recurrent product, ``r * (W_hn h + b_hn)``;
    Cho et al. (2014) write ``W_hn (r * h)``. The two are different functions of the weights.
    """

    gates = 3

    def forward(self, x: torch.Tensor, h: torch.Tensor | None = None) -> tuple[torch.Tensor, GRUGates]:
        """Return the new state ``h`` and the gate activations for input ``x`` (batch, input)."""
        h = self._check(x, h)
        x_r, x_z, x_n = (x @ self.weight_ih.T + self.bias_ih).chunk(3, dim=1)
        h_r, h_z, h_n = (h @ self.weight_hh.T + self.bias_hh).chunk(3, dim=1)
        r = torch.sigmoid(x_r + h_r)  # reset gate: how much of h the candidate sees
        z = torch.sigmoid(x_z + h_z)  # update gate: how much of h to keep
        n = torch.tanh(x_n + r * h_n)  # candidate state (PyTorch: r multiplies W_hn h + b_hn)
        h_new = (1 - z) * n + z * h  # a gate-weighted average of old state and candidate
        return h_new, GRUGates(r, z, n)


class Trace(NamedTuple):
    """A cell run over a sequence: hidden states, LSTM cell states (None for a GRU) and each gate.

    Every tensor has shape (batch, time, hidden); index t holds the state after step t + 1.
    """

    hidden: torch.Tensor
    cell: torch.Tensor | None
    gates: dict[str, torch.Tensor]


def unroll(cell: LSTMCell | GRUCell, inputs: torch.Tensor) -> Trace:
    """Run a cell over ``inputs`` (batch, time, input) from a zero state; keep every hidden state and gate."""
    if not isinstance(cell, (LSTMCell, GRUCell)):
        raise TypeError(f"unroll needs an LSTMCell or GRUCell from lecture10.gated, got {type(cell).__name__}")
    if inputs.dim() != 3:
        raise ValueError(f"inputs must have shape (batch, time, input), got {tuple(inputs.shape)}")
    is_lstm = isinstance(cell, LSTMCell)
    state = None
    hidden, cells, gates = [], [], []
    for t in range(inputs.shape[1]):
        state, step_gates = cell(inputs[:, t], state)
        hidden.append(state[0] if is_lstm else state)
        if is_lstm:
            cells.append(state[1])
        gates.append(step_gates)
    names = gates[0]._fields
    stacked = {n: torch.stack([getattr(g, n) for g in gates], 1) for n in names}
    return Trace(torch.stack(hidden, 1), torch.stack(cells, 1) if is_lstm else None, stacked)
