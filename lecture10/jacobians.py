"""Multivariate hidden states: the gradient dh(T)/dh(t) of an RNN as a product of step Jacobians.

The RNN here is h(t) = phi(z(t)) with z(t) = W h(t-1) + U x(t) (+ b) for t = 2..T, started at a
given h(1). Its step Jacobian is J(t) = dh(t)/dh(t-1) = diag(phi'(z(t))) W, and by the chain rule

    dh(T)/dh(t) = J(T) J(T-1) ... J(t+1)      (T - t factors).

:func:`step_jacobians` is the book's one implementation of J(t); the Jacobians of a PyTorch
``nn.RNN`` (:func:`lecture10.irnn.rnn_step_jacobians`) are computed with it too.
"""
from __future__ import annotations

import torch

from lecture10 import _checks
from lecture10.activations import get_activation


def _check_square(W: torch.Tensor) -> None:
    if not isinstance(W, torch.Tensor) or W.dim() != 2 or W.shape[0] != W.shape[1] or W.shape[0] == 0:
        shape = tuple(W.shape) if isinstance(W, torch.Tensor) else type(W).__name__
        raise ValueError(f"W must be a non-empty square matrix (n, n), got {shape}")


def spectral_radius(W: torch.Tensor) -> float:
    """The largest absolute value of the eigenvalues of the square matrix W."""
    _check_square(W)
    return float(torch.linalg.eigvals(W).abs().max())


def largest_singular_value(W: torch.Tensor) -> float:
    """sigma_max(W): the spectral norm, i.e. the most W can stretch a vector."""
    _check_square(W)
    return float(torch.linalg.matrix_norm(W, ord=2))


def _rescaled(W: torch.Tensor, target: float, current: float, name: str, degenerate: str) -> torch.Tensor:
    """W times target / current: the positive multiple of W whose ``name`` is ``target`` (its ``current`` one)."""
    _checks.positive(target, name)
    if current == 0:
        raise ValueError(degenerate)
    return W * (target / current)


def scale_to_spectral_radius(W: torch.Tensor, radius: float) -> torch.Tensor:
    """W multiplied by a positive number so that its spectral radius equals ``radius``."""
    return _rescaled(W, radius, spectral_radius(W), "radius",
                     "W has spectral radius 0 (nilpotent): it cannot be rescaled to another radius")


def scale_to_largest_singular_value(W: torch.Tensor, sigma: float) -> torch.Tensor:
    """W multiplied by a positive number so that its largest singular value equals ``sigma``."""
    return _rescaled(W, sigma, largest_singular_value(W), "sigma", "W is the zero matrix: it cannot be rescaled")


def _check_rnn(W: torch.Tensor, U: torch.Tensor, x: torch.Tensor, h1: torch.Tensor,
               bias: torch.Tensor | None = None) -> None:
    _check_square(W)
    n = W.shape[0]
    if U.dim() != 2 or U.shape[0] != n:
        raise ValueError(f"U must have shape ({n}, d), got {tuple(U.shape)}")
    if x.dim() != 2 or x.shape[1] != U.shape[1] or x.shape[0] < 1:
        raise ValueError(f"x must have shape (T, {U.shape[1]}) with T >= 1, got {tuple(x.shape)}")
    if h1.shape != (n,):
        raise ValueError(f"h1 must have shape ({n},), got {tuple(h1.shape)}")
    if bias is not None and bias.shape != (n,):
        raise ValueError(f"bias must have shape ({n},), got {tuple(bias.shape)}")


def run_rnn(
    W: torch.Tensor, U: torch.Tensor, x: torch.Tensor, h1: torch.Tensor, activation: str = "tanh",
    bias: torch.Tensor | None = None,
) -> torch.Tensor:
    """Hidden states h(1)..h(T) (shape (T, n)) of h(t) = phi(W h(t-1) + U x(t) + b); x(1) is not used."""
    _check_rnn(W, U, x, h1, bias)
    phi = get_activation(activation).fn
    b = 0.0 if bias is None else bias
    states = [h1]
    for t in range(1, x.shape[0]):
        states.append(phi(W @ states[-1] + U @ x[t] + b))
    return torch.stack(states)


def pre_activations(
    W: torch.Tensor, U: torch.Tensor, x: torch.Tensor, states: torch.Tensor, bias: torch.Tensor | None = None
) -> torch.Tensor:
    """z(t) = W h(t-1) + U x(t) + b for t = 2..T, shape (T - 1, n), from the states h(1)..h(T) of :func:`run_rnn`."""
    if states.dim() != 2 or states.shape[0] != x.shape[0]:
        raise ValueError(f"states must have shape (T, n) with T = {x.shape[0]}, got {tuple(states.shape)}")
    _check_rnn(W, U, x, states[0], bias)
    z = states[:-1] @ W.T + x[1:] @ U.T
    return z if bias is None else z + bias


def step_jacobians(W: torch.Tensor, z: torch.Tensor, activation: str = "tanh") -> torch.Tensor:
    """J(t) = dh(t)/dh(t-1) = diag(phi'(z(t))) W for each pre-activation z(t) (a row of ``z``): shape (steps, n, n)."""
    _check_square(W)
    if z.dim() != 2 or z.shape[1] != W.shape[0]:
        raise ValueError(f"z must have shape (steps, {W.shape[0]}), got {tuple(z.shape)}")
    dphi = get_activation(activation).derivative
    return dphi(z)[:, :, None] * W[None, :, :]   # row i of W scaled by phi'(z_i(t))


def jacobian_products(jacobians: torch.Tensor) -> torch.Tensor:
    """P[k] = dh(T)/dh(T-k) = J(T) ... J(T-k+1) for k = 0..T-1 (P[0] = I); shape (T, n, n)."""
    if jacobians.dim() != 3 or jacobians.shape[1] != jacobians.shape[2]:
        raise ValueError(f"jacobians must have shape (T - 1, n, n), got {tuple(jacobians.shape)}")
    product = torch.eye(jacobians.shape[1], dtype=jacobians.dtype, device=jacobians.device)
    products = [product]
    for J in reversed(jacobians):                 # J(T) first: multiply new factors on the right
        product = product @ J
        products.append(product)
    return torch.stack(products)


def product_norms(jacobians: torch.Tensor) -> torch.Tensor:
    """Spectral norms ||dh(T)/dh(T-k)|| for k = 0..T-1, shape (T,)."""
    return torch.linalg.matrix_norm(jacobian_products(jacobians), ord=2)


def autograd_state_jacobian(
    W: torch.Tensor, U: torch.Tensor, x: torch.Tensor, states: torch.Tensor, t: int, activation: str = "tanh"
) -> torch.Tensor:
    """dh(T)/dh(t) (t counted from 1) by torch.autograd.functional.jacobian, re-running the RNN from h(t)."""
    _checks.int_between(t, "t", 1, x.shape[0])
    return torch.autograd.functional.jacobian(lambda h_t: run_rnn(W, U, x[t - 1:], h_t, activation)[-1], states[t - 1])
