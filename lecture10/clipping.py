"""Gradient clipping by norm, written out so that it can be read next to the lecture's formula.

The lecture's rule: if ||g|| > eta then g <- eta * g / ||g||, where g collects the gradients
of all the parameters. :func:`clip_grad_norm_` applies it in place to the ``.grad`` of a list of
parameters and gives the same results as ``torch.nn.utils.clip_grad_norm_``.
"""
from __future__ import annotations

import types
import warnings
from typing import Iterable

import torch

#: What torch adds to the total norm before dividing (keeps the division finite when g = 0).
EPS = 1e-6


@torch.no_grad()
def clip_grad_norm_(
    parameters: torch.Tensor | Iterable[torch.Tensor],
    max_norm: float,
    norm_type: float = 2.0,
    error_if_nonfinite: bool = False,
) -> torch.Tensor:
    """Scale the gradients in place so that their total norm is at most ``max_norm``; return the norm before clipping.

    Behaves like ``torch.nn.utils.clip_grad_norm_`` (same arguments except ``foreach``, same
    return value, same gradients afterwards; the unit tests compare them bit for bit on the CPU):

    * The total norm is the ``norm_type``-norm of all the gradients concatenated into one vector,
      computed as the norm of the per-parameter norms. ``norm_type`` may be ``float("inf")``
      (the largest absolute entry) or any other p accepted by ``torch.linalg.vector_norm``.
    * Parameters whose ``.grad`` is ``None`` are skipped. With no gradients at all the return
      value is ``torch.tensor(0.0)`` and nothing changes.
    * The return value is the total norm *before* clipping, as a 0-dim tensor of the gradients'
      dtype.

    Where torch's formula differs from the lecture's pure form. Torch does not branch on
    ``||g|| > eta``; it always multiplies every gradient by ``c = min(eta / (||g|| + 1e-6), 1)``,
    computed as a tensor (no branch means no GPU-to-CPU synchronisation). Hence:

    * a clipped gradient has norm ``eta * ||g|| / (||g|| + 1e-6)``, a hair below ``eta``
      (relative shortfall ``1e-6 / (||g|| + 1e-6)``), not exactly ``eta``;
    * a gradient with ``eta - 1e-6 < ||g|| <= eta`` is shrunk slightly, where the pure form would
      leave it alone; every smaller gradient is multiplied by exactly 1, so it is unchanged;
    * g = 0 is left alone (c = 1): the 1e-6 keeps the division finite, as the pure form's branch does.
    * A non-finite total norm: with ``error_if_nonfinite=True`` a ``RuntimeError`` is raised
      before any gradient changes. With ``False`` (the default) the gradients are scaled anyway:
      if ||g|| = inf then c = 0, so finite entries become 0 and infinite ones NaN (as in the pure
      form, where eta * g / inf gives the same); if ||g|| is NaN then c is NaN and every entry
      becomes NaN. The returned norm is the inf or NaN. The norm can be inf even when every entry
      is finite: in float32, squares above about 3e38 overflow (torch does not rescale either).

    Deliberate deviation: ``max_norm`` must be a positive number (or inf); ``max_norm <= 0`` or NaN
    raises ``ValueError``. Torch accepts them silently: ``max_norm = 0`` zeroes every gradient and
    a negative one flips their sign, neither of which is clipping. Items of ``parameters`` that are
    not tensors raise ``TypeError``.
    """
    max_norm = _check_max_norm(max_norm)
    if isinstance(parameters, torch.Tensor):
        parameters = [parameters]
    else:
        is_generator = isinstance(parameters, types.GeneratorType)
        parameters = list(parameters)  # a generator can be read only once
        if is_generator and not parameters:
            warnings.warn("`parameters` is an empty generator, no gradient clipping will occur.", stacklevel=3)
    for i, p in enumerate(parameters):
        if not isinstance(p, torch.Tensor):
            raise TypeError(f"parameters[{i}] must be a torch.Tensor, got {type(p).__name__}")
    grads = [p.grad for p in parameters if p.grad is not None]
    total_norm = total_gradient_norm(grads, norm_type)
    if error_if_nonfinite and not torch.isfinite(total_norm):
        raise RuntimeError(
            f"the total norm of order {float(norm_type)} of the gradients is {float(total_norm)}, so it cannot be "
            "clipped; pass error_if_nonfinite=False to scale the gradients by it anyway"
        )
    if grads:
        coefficient = torch.clamp(max_norm / (total_norm + EPS), max=1.0)
        for g in grads:
            g.mul_(coefficient.to(g.device))
    return total_norm


def parameters_with_grads(*grads: Iterable[float], dtype: torch.dtype = torch.float64) -> list[torch.Tensor]:
    """One parameter (a zero leaf tensor that requires grad) per list of values, with ``.grad`` holding them."""
    params = []
    for values in grads:
        grad = torch.tensor(list(values), dtype=dtype)
        if grad.dim() != 1 or grad.numel() == 0:
            raise ValueError(f"each gradient must be a non-empty list of numbers, got {values!r}")
        param = torch.zeros_like(grad, requires_grad=True)
        param.grad = grad
        params.append(param)
    return params


def total_gradient_norm(grads: list[torch.Tensor], norm_type: float = 2.0) -> torch.Tensor:
    """The ``norm_type``-norm of the tensors concatenated into one vector (as the norm of their norms)."""
    norm_type = float(norm_type)
    if not grads:
        return torch.tensor(0.0)
    device = grads[0].device
    norms = [torch.linalg.vector_norm(g, norm_type) for g in grads]
    return torch.linalg.vector_norm(torch.stack([n.to(device) for n in norms]), norm_type)


def _check_max_norm(max_norm: float) -> float:
    try:
        value = float(max_norm)
    except (TypeError, ValueError, RuntimeError):
        raise TypeError(f"max_norm must be a number, got {max_norm!r}") from None
    if not value > 0:  # also catches NaN
        raise ValueError(
            f"max_norm (the clipping threshold eta) must be positive, got {value}; torch would silently zero "
            "the gradients (eta = 0) or flip their sign (eta < 0)"
        )
    return value
