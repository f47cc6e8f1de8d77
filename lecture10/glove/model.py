"""The GloVe model and its objective (Pennington, Socher and Manning, 2014).

Each word :math:`i` has a word vector :math:`w_i` and a bias :math:`b_i`, and, as a
context, a context vector :math:`\\tilde w_j` and a bias :math:`\\tilde b_j`. The model
fits the logarithm of the co-occurrence counts by weighted least squares,

.. math::  J = \\sum_{i,j:\\,X_{ij}>0} f(X_{ij})\\,
           \\bigl(w_i^\\top \\tilde w_j + b_i + \\tilde b_j - \\log X_{ij}\\bigr)^2,
           \\qquad f(x) = \\min\\bigl(1, (x / x_{\\max})^{\\alpha}\\bigr),

and the word's final vector is :math:`w_i + \\tilde w_i`.
"""
from __future__ import annotations

import numpy as np
import torch
from torch import nn

from lecture10 import _checks

__all__ = ["GloVeModel", "glove_loss", "weighting"]


def weighting(x: np.ndarray | torch.Tensor, x_max: float = 100.0, alpha: float = 0.75
              ) -> np.ndarray | torch.Tensor:
    """GloVe's weight f(x) = (x / x_max)^alpha for x < x_max, and 1 from x_max on."""
    _checks.positive(x_max, "x_max")
    _checks.positive(alpha, "alpha")
    if isinstance(x, torch.Tensor):
        if bool((x < 0).any()):
            raise ValueError("co-occurrence counts must be non-negative")
        return torch.clamp(x / x_max, max=1.0) ** alpha
    x = np.asarray(x, dtype=np.float64)
    if np.any(x < 0):
        raise ValueError("co-occurrence counts must be non-negative")
    return np.minimum(x / x_max, 1.0) ** alpha


class GloVeModel(nn.Module):
    """Word and context vectors and biases of a vocabulary of ``vocab_size`` words.

    Initialised as Stanford's reference code does: every parameter uniform in
    [-0.5, 0.5] / ``dim``.
    """

    def __init__(self, vocab_size: int, dim: int, generator: torch.Generator | None = None) -> None:
        super().__init__()
        _checks.positive_int(vocab_size, "vocab_size")
        _checks.positive_int(dim, "dim")

        def uniform(*shape: int) -> nn.Parameter:
            return nn.Parameter((torch.rand(*shape, generator=generator) - 0.5) / dim)

        self.word = uniform(vocab_size, dim)
        self.context = uniform(vocab_size, dim)
        self.word_bias = uniform(vocab_size)
        self.context_bias = uniform(vocab_size)

    def forward(self, rows: torch.Tensor, cols: torch.Tensor) -> torch.Tensor:
        """The model's estimate of log X_ij for each pair (rows[k], cols[k])."""
        dots = (self.word[rows] * self.context[cols]).sum(dim=1)
        return dots + self.word_bias[rows] + self.context_bias[cols]

    def vectors(self) -> torch.Tensor:
        """The final word vectors W + W~ (the paper's choice), detached."""
        return (self.word + self.context).detach()


def glove_loss(model: GloVeModel, rows: torch.Tensor, cols: torch.Tensor, counts: torch.Tensor,
               x_max: float = 100.0, alpha: float = 0.75) -> torch.Tensor:
    """The objective J over the given non-zero entries X[rows, cols] = counts (a sum, not a mean)."""
    if not (rows.shape == cols.shape == counts.shape) or rows.ndim != 1:
        raise ValueError(f"rows, cols and counts must be 1-D of one length, got {rows.shape}, "
                         f"{cols.shape}, {counts.shape}")
    if bool((counts <= 0).any()):
        raise ValueError("GloVe is fitted on the non-zero counts only (log 0 is undefined)")
    residual = model(rows, cols) - torch.log(counts)
    return (weighting(counts, x_max, alpha) * residual**2).sum()
