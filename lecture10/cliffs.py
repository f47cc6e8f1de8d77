"""A one-unit tanh RNN as a function of its parameters: final states, loss surfaces and their cliffs, gradient descent.

The network has no input: h(t) = tanh(w h(t-1) + b) for t = 1..T from a given h(0), and the
loss compares the last state with a target, L = (h(T) - target)**2. The network's functions
broadcast over its parameters, so a whole grid of (w, b) values runs through the network at once.
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Callable, Iterator

import numpy as np
import torch

from lecture10 import _checks
from lecture10.clipping import clip_grad_norm_, total_gradient_norm

Value = torch.Tensor | float
Loss = Callable[..., torch.Tensor]


def _as_tensor(value: Value) -> torch.Tensor:
    if isinstance(value, torch.Tensor):
        if not value.is_floating_point():
            raise TypeError(f"parameters must be floating-point tensors, got {value.dtype}")
        return value
    return torch.as_tensor(value, dtype=torch.float64)


def _tanh_rnn(w: Value, b: Value, h0: Value, T: int) -> Iterator[torch.Tensor]:
    """Yield h(0), h(1), ..., h(T), broadcast over the parameters."""
    _checks.positive_int(T, "T (the number of time steps)")
    w, b, h0 = (_as_tensor(v) for v in (w, b, h0))
    try:
        shape = torch.broadcast_shapes(w.shape, b.shape, h0.shape)
    except RuntimeError:
        raise ValueError(f"w, b, h0 must broadcast together, got shapes {tuple(w.shape)}, {tuple(b.shape)}, "
                         f"{tuple(h0.shape)}") from None
    h = h0.expand(shape)
    yield h
    for _ in range(T):
        h = torch.tanh(w * h + b)
        yield h


def tanh_rnn_states(w: Value, b: Value, h0: Value, T: int) -> torch.Tensor:
    """h(0), h(1), ..., h(T) of h(t) = tanh(w h(t-1) + b), shape ``(T + 1, *broadcast shape of w, b, h0)``."""
    return torch.stack(list(_tanh_rnn(w, b, h0, T)))


def tanh_rnn_final_state(w: Value, b: Value, h0: Value, T: int) -> torch.Tensor:
    """h(T) of :func:`tanh_rnn_states` (broadcast over the parameters), without keeping the other states."""
    return deque(_tanh_rnn(w, b, h0, T), maxlen=1)[0]


def final_state_loss(w: Value, b: Value, h0: Value, T: int, target: float) -> torch.Tensor:
    """The squared error (h(T) - target)**2 of the last state, elementwise over broadcast parameters."""
    return (tanh_rnn_final_state(w, b, h0, T) - target) ** 2


def expected_final_state_loss(
    w: torch.Tensor, b: float, T: int, target: float, h0_mean: float, h0_std: float, n_states: int = 4001
) -> torch.Tensor:
    """E[(h(T) - target)**2] over initial states h(0) ~ Normal(h0_mean, h0_std**2), for each weight in ``w``.

    The expectation is a quadrature: ``n_states`` equally spaced states on h0_mean +- 4 h0_std,
    weighted by the normal density (weights summing to 1). Each state's loss is a step in w (its
    cliff sits where that state is the repelling fixed point), so the quadrature is a staircase of
    ``n_states`` small steps, which shrink as ``n_states`` grows; the limit is the expectation.
    """
    _checks.positive_int(n_states, "n_states")
    _checks.positive(h0_std, "h0_std", finite=True)
    w = _as_tensor(w)
    if w.dim() != 1:
        raise ValueError(f"w must be a 1-D tensor of weights, got shape {tuple(w.shape)}")
    z = torch.linspace(-4.0, 4.0, n_states, dtype=w.dtype)
    h0, density = h0_mean + h0_std * z, torch.exp(-0.5 * z**2)
    weights = density / density.sum()
    chunks = [final_state_loss(part[:, None], b, h0, T, target) @ weights for part in w.split(256)]
    return torch.cat(chunks)


def separatrix_weight(b: Value, h0: Value) -> torch.Tensor:
    """The weight w at which h(0) is itself a fixed point, tanh(w h0 + b) = h0, i.e. w = (atanh(h0) - b) / h0.

    When w_c (1 - h0**2) > 1 that fixed point repels, so as w crosses w_c the orbit of h0 switches
    from one attracting state to another: the cliff of h(T) as a function of w.
    """
    b, h0 = _as_tensor(b), _as_tensor(h0)
    if torch.any(h0 == 0) or torch.any(h0.abs() >= 1):
        raise ValueError("h0 must satisfy 0 < |h0| < 1 (tanh never reaches +-1, and h0 = 0 gives no single w)")
    return (torch.atanh(h0) - b) / h0


@dataclass
class LossSurface:
    """A loss evaluated on a grid of parameter values, with its gradient at every grid point.

    ``grids`` are the parameter values (``torch.meshgrid(..., indexing="xy")``, ready for
    ``pcolormesh``); ``loss`` has the grid's shape; ``gradient`` has shape ``(n_params, *grid shape)``.
    """

    grids: tuple[torch.Tensor, ...]
    loss: torch.Tensor
    gradient: torch.Tensor

    @property
    def gradient_norm(self) -> torch.Tensor:
        """The Euclidean norm of the gradient at every grid point."""
        return torch.linalg.vector_norm(self.gradient, dim=0)

    def mesh(self, values: torch.Tensor | None = None) -> tuple[np.ndarray, ...]:
        """The grids and ``values`` (default: the loss) as NumPy arrays, for ``ax.pcolormesh(*surface.mesh())``."""
        values = self.loss if values is None else values
        if tuple(values.shape) != tuple(self.loss.shape):
            raise ValueError(f"values must have the grid's shape {tuple(self.loss.shape)}, got {tuple(values.shape)}")
        return (*(grid.detach().cpu().numpy() for grid in self.grids), values.detach().cpu().numpy())


def loss_surface(loss: Loss, *axes: torch.Tensor) -> LossSurface:
    """Evaluate ``loss(p1, p2, ...)`` and its autograd gradient on the grid spanned by one 1-D tensor per parameter.

    ``loss`` must act elementwise (each grid point's loss depends only on its own parameters), so
    one backward pass of the summed loss gives every grid point's gradient.
    """
    if not axes:
        raise ValueError("give at least one axis of parameter values")
    for i, axis in enumerate(axes):
        if not isinstance(axis, torch.Tensor) or axis.dim() != 1 or axis.numel() == 0:
            raise ValueError(f"axis {i} must be a non-empty 1-D tensor of parameter values")
    grids = tuple(g.detach().clone().requires_grad_(True) for g in torch.meshgrid(*axes, indexing="xy"))
    values = loss(*grids)
    if values.shape != grids[0].shape:
        raise ValueError(f"loss must return one value per grid point, shape {tuple(grids[0].shape)}; "
                         f"got {tuple(values.shape)}")
    gradient = torch.autograd.grad(values.sum(), grids)
    return LossSurface(tuple(g.detach() for g in grids), values.detach(), torch.stack(gradient))


@dataclass
class Trajectory:
    """The path of :func:`gradient_descent`: ``points`` has shape ``(steps + 1, n_params)``, the others ``(steps,)``.

    ``losses[k]`` and ``gradient_norms[k]`` (before any clipping) are measured at ``points[k]``.
    """

    points: torch.Tensor
    losses: torch.Tensor
    gradient_norms: torch.Tensor

    @property
    def step_lengths(self) -> torch.Tensor:
        """The Euclidean length of every step taken."""
        return torch.linalg.vector_norm(self.points.diff(dim=0), dim=1)


def gradient_descent(
    loss: Loss, start: tuple[float, ...], lr: float, steps: int, max_norm: float | None = None
) -> Trajectory:
    """Plain gradient descent on ``loss(p1, p2, ...)`` from ``start``, clipping the gradient to ``max_norm`` if given.

    Clipping uses :func:`lecture10.clipping.clip_grad_norm_` (the lecture's rule, as torch applies it).
    """
    _checks.positive(lr, "lr")
    _checks.positive_int(steps, "steps")
    theta = torch.tensor(start, dtype=torch.float64).reshape(-1).requires_grad_(True)
    points, losses, norms = [theta.detach().clone()], [], []
    for _ in range(steps):
        theta.grad = None
        value = loss(*theta)
        value.backward()
        if max_norm is None:
            norm = total_gradient_norm([theta.grad])
        else:
            norm = clip_grad_norm_([theta], max_norm)
        with torch.no_grad():
            theta -= lr * theta.grad
        points.append(theta.detach().clone())
        losses.append(value.detach())
        norms.append(norm)
    return Trajectory(torch.stack(points), torch.stack(losses), torch.stack(norms))
