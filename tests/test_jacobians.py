"""Jacobian products of lecture10.jacobians against autograd, NumPy and the singular-value bound."""
from __future__ import annotations

import numpy as np
import pytest
import torch

from lecture10.jacobians import (
    autograd_state_jacobian,
    jacobian_products,
    largest_singular_value,
    pre_activations,
    product_norms,
    run_rnn,
    scale_to_largest_singular_value,
    scale_to_spectral_radius,
    spectral_radius,
    step_jacobians,
)

F64 = torch.float64


def random_rnn(seed: int, n: int = 6, d: int = 3, T: int = 12):
    g = torch.Generator().manual_seed(seed)
    W = torch.randn(n, n, generator=g, dtype=F64) / n**0.5
    U = torch.randn(n, d, generator=g, dtype=F64)
    x = torch.randn(T, d, generator=g, dtype=F64)
    h1 = 0.5 * torch.randn(n, generator=g, dtype=F64)
    return W, U, x, h1


def test_spectral_radius_and_singular_value_match_numpy() -> None:
    W = random_rnn(0)[0]
    assert spectral_radius(W) == pytest.approx(np.abs(np.linalg.eigvals(W.numpy())).max(), rel=1e-12)
    assert largest_singular_value(W) == pytest.approx(np.linalg.svd(W.numpy(), compute_uv=False)[0], rel=1e-12)


@pytest.mark.parametrize("target", [0.5, 1.0, 3.0])
def test_rescaling_hits_the_requested_value(target: float) -> None:
    W = random_rnn(1)[0]
    rho_scaled = scale_to_spectral_radius(W, target)
    assert np.abs(np.linalg.eigvals(rho_scaled.numpy())).max() == pytest.approx(target, rel=1e-10)
    sigma_scaled = scale_to_largest_singular_value(W, target)
    assert np.linalg.norm(sigma_scaled.numpy(), 2) == pytest.approx(target, rel=1e-10)


@pytest.mark.parametrize("activation", ["identity", "tanh"])
def test_step_jacobians_match_autograd_of_one_step(activation: str) -> None:
    W, U, x, h1 = random_rnn(2)
    states = run_rnn(W, U, x, h1, activation)
    J = step_jacobians(W, pre_activations(W, U, x, states), activation)
    assert J.shape == (11, 6, 6)
    phi = torch.tanh if activation == "tanh" else (lambda z: z)
    for t in (2, 7, 12):  # J(t) = d phi(W h(t-1) + U x(t)) / d h(t-1)
        reference = torch.autograd.functional.jacobian(lambda h: phi(W @ h + U @ x[t - 1]), states[t - 2])
        torch.testing.assert_close(J[t - 2], reference, rtol=0, atol=1e-14)


def test_tanh_states_follow_the_recursion() -> None:
    W, U, x, h1 = random_rnn(3)
    states = run_rnn(W, U, x, h1, "tanh")
    assert torch.equal(states[0], h1)
    torch.testing.assert_close(states[5], torch.tanh(W @ states[4] + U @ x[5]), rtol=0, atol=0)


def test_identity_products_are_matrix_powers() -> None:
    W, U, x, h1 = random_rnn(4)
    P = jacobian_products(step_jacobians(W, pre_activations(W, U, x, run_rnn(W, U, x, h1, "identity")), "identity"))
    assert P.shape == (12, 6, 6)
    for k in (0, 1, 5, 11):
        torch.testing.assert_close(P[k], torch.linalg.matrix_power(W, k), rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("t", [1, 4, 11, 12])
def test_products_match_autograd_through_the_whole_rnn(t: int) -> None:
    W, U, x, h1 = random_rnn(5)
    W = scale_to_spectral_radius(W, 1.5)
    states = run_rnn(W, U, x, h1, "tanh")
    P = jacobian_products(step_jacobians(W, pre_activations(W, U, x, states), "tanh"))
    # Independent reference: rerun the recursion from h(t) in a plain loop and differentiate h(T).

    def h_T(h: torch.Tensor) -> torch.Tensor:
        for s in range(t, 12):
            h = torch.tanh(W @ h + U @ x[s])
        return h

    reference = torch.autograd.functional.jacobian(h_T, states[t - 1])
    torch.testing.assert_close(P[12 - t], reference, rtol=1e-10, atol=1e-13)
    torch.testing.assert_close(autograd_state_jacobian(W, U, x, states, t, "tanh"), reference, rtol=0, atol=0)


@pytest.mark.parametrize("radius", [0.9, 1.0, 1.1, 3.0])
def test_tanh_norms_obey_the_singular_value_bound(radius: float) -> None:
    W, U, x, h1 = random_rnn(6, n=10, T=40)
    W = scale_to_spectral_radius(W, radius)
    norms = product_norms(step_jacobians(W, pre_activations(W, U, x, run_rnn(W, U, x, h1, "tanh")), "tanh"))
    sigma = largest_singular_value(W)
    bound = sigma ** torch.arange(40, dtype=F64)
    assert float(norms[0]) == pytest.approx(1.0)
    assert torch.all(norms <= bound * (1 + 1e-10))


def test_singular_value_below_one_makes_tanh_gradients_vanish() -> None:
    W, U, x, h1 = random_rnn(7, n=10, T=60)
    W = scale_to_largest_singular_value(W, 0.9)
    norms = product_norms(step_jacobians(W, pre_activations(W, U, x, run_rnn(W, U, x, h1, "tanh")), "tanh"))
    assert torch.all(norms[1:] <= norms[:-1] * 0.9 * (1 + 1e-12))  # each factor shrinks by at least 0.9
    assert float(norms[-1]) < 0.9**59 * (1 + 1e-10)


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: spectral_radius(torch.zeros(2, 3)), "square"),
        (lambda: scale_to_spectral_radius(torch.eye(2), 0.0), "radius must be positive"),
        (lambda: scale_to_spectral_radius(torch.tensor([[0.0, 1.0], [0.0, 0.0]]), 1.0), "nilpotent"),
        (lambda: scale_to_largest_singular_value(torch.zeros(2, 2), 1.0), "zero matrix"),
        (lambda: run_rnn(torch.eye(2), torch.ones(3, 1), torch.ones(4, 1), torch.zeros(2)), "U must have shape"),
        (lambda: run_rnn(torch.eye(2), torch.ones(2, 1), torch.ones(4, 2), torch.zeros(2)), "x must have shape"),
        (lambda: run_rnn(torch.eye(2), torch.ones(2, 1), torch.ones(4, 1), torch.zeros(3)), "h1 must have shape"),
        (lambda: pre_activations(torch.eye(2), torch.ones(2, 1), torch.ones(4, 1), torch.zeros(3, 2)), "states"),
        (lambda: step_jacobians(torch.eye(2), torch.zeros(3, 3)), "z must have shape"),
        (lambda: run_rnn(torch.eye(2), torch.ones(2, 1), torch.ones(4, 1), torch.zeros(2), bias=torch.zeros(3)),
         "bias must have shape"),
        (lambda: jacobian_products(torch.zeros(3, 2, 4)), "jacobians"),
        (lambda: autograd_state_jacobian(torch.eye(2), torch.ones(2, 1), torch.ones(4, 1), torch.zeros(4, 2), 0),
         "t must be"),
        (lambda: run_rnn(torch.eye(2), torch.ones(2, 1), torch.ones(4, 1), torch.zeros(2), "softsign"),
         "unknown activation"),
    ],
)
def test_bad_input_raises_a_clear_error(call, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()
