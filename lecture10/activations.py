"""The nonlinearities phi of the book's RNNs, each with its derivative phi', looked up by name.

The derivative is a function of the *pre-activation* z (as in h = phi(z)), because that is
what the chain rule multiplies by: dh/dz = phi'(z).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import torch

__all__ = ["ACTIVATIONS", "Activation", "get_activation"]


@dataclass(frozen=True)
class Activation:
    """A nonlinearity phi and its derivative phi', both as functions of the pre-activation."""

    name: str
    fn: Callable[[torch.Tensor], torch.Tensor]
    derivative: Callable[[torch.Tensor], torch.Tensor]


ACTIVATIONS: dict[str, Activation] = {
    "identity": Activation("identity", lambda z: z, torch.ones_like),
    "tanh": Activation("tanh", torch.tanh, lambda z: 1.0 - torch.tanh(z) ** 2),
    "sigmoid": Activation("sigmoid", torch.sigmoid, lambda z: torch.sigmoid(z) * (1.0 - torch.sigmoid(z))),
    "relu": Activation("relu", torch.relu, lambda z: (z > 0).to(z.dtype)),
}


def get_activation(name: str) -> Activation:
    """Look up an activation by name: "identity", "tanh", "sigmoid" or "relu" (``nn.RNN``'s names)."""
    try:
        return ACTIVATIONS[name]
    except (KeyError, TypeError):
        raise ValueError(f"unknown activation {name!r}; choose one of {sorted(ACTIVATIONS)}") from None
