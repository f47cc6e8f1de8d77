"""The recurrent layers the book compares, each with one name: "rnn", "irnn", "lstm", "gru".

"rnn" is the plain tanh RNN of the lecture (``nn.RNN``), "irnn" its ReLU version started at the
identity (:class:`lecture10.irnn.IRNN`), "lstm" and "gru" the gated cells. Every layer is
``batch_first``: inputs have shape (batch, time, features).
"""
from __future__ import annotations

from torch import nn

from lecture10 import _checks
from lecture10.irnn import IRNN

__all__ = ["CELLS", "recurrent_layer"]

#: The recurrent layers by name, in the order the chapters compare them.
CELLS = ("rnn", "irnn", "lstm", "gru")


def recurrent_layer(cell: str, input_size: int, hidden_size: int, *, num_layers: int = 1,
                    bidirectional: bool = False) -> nn.RNNBase:
    """A batch-first recurrent layer by name (see :data:`CELLS`), with PyTorch's initialisation (IRNN: the identity)."""
    if cell not in CELLS:
        raise ValueError(f"unknown cell {cell!r}: choose one of {CELLS}")
    _checks.positive_int(input_size, "input_size")
    _checks.positive_int(hidden_size, "hidden_size")
    _checks.positive_int(num_layers, "num_layers")
    if cell == "irnn":
        if bidirectional:
            raise ValueError("the IRNN is one-directional here: use bidirectional=False")
        return IRNN(input_size, hidden_size, num_layers)
    layer = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}[cell]
    return layer(input_size, hidden_size, num_layers=num_layers, batch_first=True, bidirectional=bidirectional)
