"""The hand-written BPTT of lecture10.bptt against autograd, finite differences and closed forms."""
from __future__ import annotations

import math

import matplotlib
import pytest
import torch

from lecture10.bptt import (
    autograd_gradients,
    backward_step,
    bptt_backward,
    derivative_products,
    finite_difference_gradients,
    get_activation,
    hidden_state_derivative,
    hidden_state_derivatives,
    rnn_forward,
    saved_tensor_bytes,
    squared_error,
)

matplotlib.use("Agg")
F64 = torch.float64


def random_problem(seed: int, shape: tuple[int, ...] = (3, 15)):
    """A random sequence, targets, parameters (|w| < 1 so the linear RNN stays bounded) and initial state."""
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(shape, generator=g, dtype=F64)
    targets = torch.randn(shape, generator=g, dtype=F64)
    u, v = torch.randn(2, generator=g, dtype=F64)
    w = torch.rand((), generator=g, dtype=F64) * 2 - 1
    h0 = 0.5 * torch.randn(shape[:-1], generator=g, dtype=F64)
    return x, targets, u, v, w, h0


@pytest.mark.parametrize("activation", ["identity", "tanh", "sigmoid"])
@pytest.mark.parametrize("shape", [(15,), (3, 15)])
@pytest.mark.parametrize("seed", range(4))
def test_hand_written_bptt_matches_autograd(activation: str, shape: tuple[int, ...], seed: int) -> None:
    x, targets, u, v, w, h0 = random_problem(seed, shape)
    mine = bptt_backward(rnn_forward(x, u, v, w, activation, h0), targets)
    reference = autograd_gradients(x, targets, u, v, w, activation, h0)
    for got, expected in zip((mine.u, mine.v, mine.w), reference):
        assert abs(float(got - expected)) <= 1e-10


@pytest.mark.parametrize("activation", ["identity", "tanh"])
def test_hand_written_bptt_matches_finite_differences(activation: str) -> None:
    x, targets, u, v, w, h0 = random_problem(11, (12,))
    mine = bptt_backward(rnn_forward(x, u, v, w, activation, h0), targets)
    numeric = finite_difference_gradients(x, targets, u, v, w, activation, h0, eps=1e-6)
    for got, expected in zip((mine.u, mine.v, mine.w), numeric):
        assert abs(float(got - expected)) <= 1e-6


def test_one_step_gradient_by_hand() -> None:
    """T = 1, identity, h(0) = h0: L = 1/2 (v (u x + w h0) - y*)^2, differentiated on paper."""
    x, target, u, v, w, h0 = 0.7, -0.3, 1.3, -0.4, 0.9, 0.25
    h = u * x + w * h0
    err = v * h - target
    grads = bptt_backward(rnn_forward(torch.tensor([x], dtype=F64), u, v, w, "identity", h0),
                          torch.tensor([target], dtype=F64))
    assert float(grads.u) == pytest.approx(err * v * x, abs=1e-14)
    assert float(grads.v) == pytest.approx(err * h, abs=1e-14)
    assert float(grads.w) == pytest.approx(err * v * h0, abs=1e-14)


def test_error_signals_follow_the_recursion() -> None:
    """h_bar(t) = r_bar(t) v + z_bar(t+1) w and z_bar(t) = h_bar(t) phi'(z(t)), checked from the stored signals."""
    x, targets, u, v, w, h0 = random_problem(3, (10,))
    trace = rnn_forward(x, u, v, w, "tanh", h0)
    g = bptt_backward(trace, targets)
    dphi = 1 - torch.tanh(trace.z.detach()) ** 2
    z_bar_next = torch.cat([g.z_bar[1:], torch.zeros(1, dtype=F64)])
    torch.testing.assert_close(g.h_bar, g.r_bar * v + z_bar_next * w, rtol=0, atol=1e-14)
    torch.testing.assert_close(g.z_bar, g.h_bar * dphi, rtol=0, atol=1e-14)
    torch.testing.assert_close(g.y_bar, trace.y.detach() - targets, rtol=0, atol=0)


@pytest.mark.parametrize("shape", [(9,), (2, 9)])
def test_per_step_contributions_sum_to_autograd(shape: tuple[int, ...]) -> None:
    x, targets, u, v, w, _ = random_problem(5, shape)
    g = bptt_backward(rnn_forward(x, u, v, w, "tanh", 0.0), targets)
    reference = autograd_gradients(x, targets, u, v, w, "tanh", 0.0)
    for terms, expected in zip((g.u_terms, g.v_terms, g.w_terms), reference):
        assert terms.shape == (9,)
        assert abs(float(terms.sum() - expected)) <= 1e-10
    assert float(g.w_terms[0]) == 0.0  # z_bar(1) h(0) with h(0) = 0


@pytest.mark.parametrize("k", [1, 2, 4, 7, 15, 100])
def test_truncated_bptt_matches_autograd_with_detached_states(k: int) -> None:
    x, targets, u, v, w, h0 = random_problem(7, (2, 15))
    mine = bptt_backward(rnn_forward(x, u, v, w, "tanh", h0), targets, truncate=k)
    # Reference: an independent loop that detaches the state every k steps.
    params = [p.clone().requires_grad_(True) for p in (u, v, w)]
    h, loss = h0, torch.zeros((), dtype=F64)
    for t in range(15):
        h = torch.tanh(params[0] * x[:, t] + params[2] * h)
        loss = loss + 0.5 * ((torch.tanh(params[1] * h) - targets[:, t]) ** 2).sum()
        if (t + 1) % k == 0:
            h = h.detach()
    reference = torch.autograd.grad(loss, params)
    for got, expected in zip((mine.u, mine.v, mine.w), reference):
        assert abs(float(got - expected)) <= 1e-10


def test_truncation_longer_than_the_sequence_is_full_bptt_and_shorter_differs() -> None:
    x, targets, u, v, w, h0 = random_problem(8, (20,))
    trace = rnn_forward(x, u, v, w, "tanh", h0)
    full = bptt_backward(trace, targets)
    assert float(bptt_backward(trace, targets, truncate=20).w) == float(full.w)
    assert abs(float(bptt_backward(trace, targets, truncate=2).w - full.w)) > 1e-6


def test_truncate_one_keeps_only_the_direct_path() -> None:
    """With k = 1 each h(t) only feeds the loss through y(t): w_bar = sum r_bar(t) v phi'(z(t)) h(t-1)."""
    x, targets, u, v, w, h0 = random_problem(9, (12,))
    trace = rnn_forward(x, u, v, w, "tanh", h0)
    g = bptt_backward(trace, targets, truncate=1)
    h, z = trace.h.detach(), trace.z.detach()
    r = v * h
    r_bar = (torch.tanh(r) - targets) * (1 - torch.tanh(r) ** 2)
    h_before = torch.cat([h0.reshape(1), h[:-1]])
    expected = (r_bar * v * (1 - torch.tanh(z) ** 2) * h_before).sum()
    assert abs(float(g.w - expected)) <= 1e-12


@pytest.mark.parametrize("w", [1.1, 0.9, -0.7, 2.0])
@pytest.mark.parametrize("T", [1, 2, 50])
def test_linear_derivative_is_w_to_the_t_minus_one(w: float, T: int) -> None:
    assert hidden_state_derivative(w, T, "identity") == pytest.approx(w ** (T - 1), rel=1e-12)


def test_slide_numbers_are_fifty_factors_not_forty_nine() -> None:
    """The slide's 117.4 and 0.00515 are w^50; dh(50)/dh(1) = w^49 = 106.7 and 0.00573."""
    assert round(hidden_state_derivative(1.1, 50, "identity"), 1) == 106.7
    assert round(hidden_state_derivative(0.9, 50, "identity"), 5) == 0.00573
    assert round(hidden_state_derivative(1.1, 51, "identity"), 1) == 117.4
    assert round(hidden_state_derivative(0.9, 51, "identity"), 5) == 0.00515


@pytest.mark.parametrize("w", [0.5, 0.9, 1.0, 1.1, 1.5, 3.0])
def test_tanh_derivative_is_the_product_formula_and_below_the_linear_one(w: float) -> None:
    g = torch.Generator().manual_seed(1)
    x = torch.randn(30, generator=g, dtype=F64)
    got = hidden_state_derivative(w, 30, "tanh", x=x, u=0.5, h1=0.2)
    # Independent evaluation of w^(T-1) * prod_{t=2}^{T} tanh'(z(t)).
    h, product = 0.2, 1.0
    for t in range(1, 30):
        z = 0.5 * float(x[t]) + w * h
        h = math.tanh(z)
        product *= w * (1 - h**2)
    assert got == pytest.approx(product, rel=1e-10)
    assert abs(got) <= abs(w) ** 29


def test_product_curve_matches_reverse_mode_autograd() -> None:
    g = torch.Generator().manual_seed(2)
    x = torch.randn(25, generator=g, dtype=F64)
    curve = hidden_state_derivatives(1.3, 25, "tanh", x=x, u=0.3, h1=0.1)
    assert curve.shape == (25,)
    assert float(curve[0]) == 1.0
    for T in (2, 10, 25):
        assert float(curve[T - 1]) == pytest.approx(hidden_state_derivative(1.3, T, "tanh", x=x[:T], u=0.3, h1=0.1),
                                                    rel=1e-12)


def test_saved_memory_grows_linearly_with_sequence_length() -> None:
    x = torch.randn(8, 40, dtype=F64)
    short, long = saved_tensor_bytes(x[:, :10], 0.5, 0.5, 0.5), saved_tensor_bytes(x, 0.5, 0.5, 0.5)
    assert short > 0
    assert long == 4 * short


def test_squared_error_value() -> None:
    y, t = torch.tensor([1.0, 2.0]), torch.tensor([0.0, 0.0])
    assert float(squared_error(y, t)) == 2.5


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: get_activation("relu6"), "unknown activation"),
        (lambda: rnn_forward(torch.zeros(2, 3, 4, dtype=F64), 1, 1, 1), "shape"),
        (lambda: rnn_forward(torch.zeros(0, dtype=F64), 1, 1, 1), "T >= 1"),
        (lambda: rnn_forward(torch.zeros(3, dtype=torch.long), 1, 1, 1), "floating-point"),
        (lambda: rnn_forward(torch.zeros(3, dtype=F64), torch.ones(2), 1, 1), "u must be a scalar"),
        (lambda: rnn_forward(torch.zeros(2, 3, dtype=F64), 1, 1, 1, h0=torch.zeros(3)), "h0"),
        (lambda: rnn_forward(torch.zeros(3, dtype=F64), 1, 1, 1, truncate=0), "truncate"),
        (lambda: bptt_backward(rnn_forward(torch.zeros(3, dtype=F64), 1, 1, 1), torch.zeros(4, dtype=F64)),
         "targets"),
        (lambda: finite_difference_gradients(torch.zeros(3, dtype=F64), torch.zeros(3, dtype=F64), 1, 1, 1, eps=0),
         "eps"),
        (lambda: hidden_state_derivative(1.1, 0), "T must be a positive int"),
        (lambda: hidden_state_derivative(1.1, 5, x=torch.zeros(4, dtype=F64)), "x must have shape"),
    ],
)
def test_bad_input_raises_a_clear_error(call, message: str) -> None:
    with pytest.raises((ValueError, TypeError), match=message):
        call()


@pytest.mark.parametrize("activation", ["identity", "tanh", "sigmoid"])
def test_backward_step_is_the_slides_two_lines(activation: str) -> None:
    """h_bar = r_bar v + z_bar_next w and z_bar = h_bar phi'(z), checked with autograd on phi."""
    r_bar, z_bar_next, z = torch.tensor([0.3, -1.1], dtype=F64), torch.tensor([2.0, 0.5], dtype=F64), \
        torch.tensor([0.7, -0.2], dtype=F64, requires_grad=True)
    v, w = -0.4, 1.3
    h_bar, z_bar = backward_step(r_bar, z_bar_next, z.detach(), v, w, activation)
    assert torch.allclose(h_bar, torch.tensor([0.3 * -0.4 + 2.0 * 1.3, -1.1 * -0.4 + 0.5 * 1.3], dtype=F64))
    (slope,) = torch.autograd.grad(get_activation(activation).fn(z).sum(), z)  # phi'(z) by autograd
    assert torch.allclose(z_bar, h_bar * slope, rtol=1e-12)


def test_bptt_backward_runs_backward_step_from_the_last_step() -> None:
    """The error signals of bptt_backward satisfy backward_step at every t, with z_bar(T+1) = 0."""
    x, targets, u, v, w, h0 = random_problem(5, (2, 9))
    trace = rnn_forward(x, u, v, w, "tanh", h0)
    g = bptt_backward(trace, targets)
    following = torch.cat([g.z_bar[..., 1:], torch.zeros_like(g.z_bar[..., :1])], dim=-1)
    h_bar, z_bar = backward_step(g.r_bar, following, trace.z.detach(), v, w, "tanh")
    assert torch.equal(h_bar, g.h_bar) and torch.equal(z_bar, g.z_bar)


@pytest.mark.parametrize("activation", ["identity", "tanh", "sigmoid"])
def test_derivative_products_are_running_products_of_w_phi_prime(activation: str) -> None:
    z = torch.randn(20, generator=torch.Generator().manual_seed(3), dtype=F64)
    got = derivative_products(1.4, z, activation)
    dphi = get_activation(activation).derivative
    expected = [1.0]
    for value in z:  # a Python loop, one factor at a time
        expected.append(expected[-1] * 1.4 * float(dphi(value)))
    assert got.shape == (21,) and torch.allclose(got, torch.tensor(expected, dtype=F64), rtol=1e-12)
    assert torch.equal(derivative_products(1.4, z[:0], activation), torch.ones(1, dtype=F64))


def test_derivative_products_refuse_anything_but_a_vector_of_pre_activations() -> None:
    with pytest.raises(ValueError, match="1-D tensor of the pre-activations"):
        derivative_products(1.1, torch.zeros(2, 3, dtype=F64))
    with pytest.raises(ValueError, match="1-D tensor"):
        derivative_products(1.1, [0.0, 1.0])
    with pytest.raises(ValueError, match="unknown activation"):
        derivative_products(1.1, torch.zeros(3, dtype=F64), "softsign")
