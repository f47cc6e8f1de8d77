"""lecture10.cliffs: the one-unit tanh RNN (against torch.nn.RNN), loss surfaces (against autograd), descent."""
from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.integrate import trapezoid
import torch

from lecture10.cliffs import (
    expected_final_state_loss,
    final_state_loss,
    gradient_descent,
    loss_surface,
    separatrix_weight,
    tanh_rnn_final_state,
    tanh_rnn_states,
)


def test_states_match_a_python_loop() -> None:
    w, b, h0, T = 1.7, -0.3, 0.4, 12
    h, expected = h0, [h0]
    for _ in range(T):
        h = math.tanh(w * h + b)
        expected.append(h)
    states = tanh_rnn_states(w, b, h0, T)
    assert states.shape == (T + 1,)
    torch.testing.assert_close(states, torch.tensor(expected, dtype=torch.float64), rtol=1e-14, atol=0)


def test_states_match_torch_nn_rnn_with_zero_input() -> None:
    """torch.nn.RNN with one hidden unit and zero input computes h(t) = tanh(w_hh h(t-1) + b_ih + b_hh)."""
    torch.manual_seed(0)
    rnn = torch.nn.RNN(input_size=1, hidden_size=1, nonlinearity="tanh", batch_first=True).double()
    w_values = torch.tensor([0.5, 1.5, 2.5], dtype=torch.float64)
    b_value, h0_value, T = -0.4, 0.5, 30
    with torch.no_grad():
        rnn.bias_ih_l0.zero_()
        rnn.bias_hh_l0.fill_(b_value)
        for i, w in enumerate(w_values):
            rnn.weight_hh_l0.fill_(float(w))
            start = torch.full((1, 1, 1), h0_value, dtype=torch.float64)
            out, _ = rnn(torch.zeros(1, T, 1, dtype=torch.float64), start)
            ours = tanh_rnn_states(w_values, b_value, h0_value, T)[1:, i]
            torch.testing.assert_close(ours, out[0, :, 0], rtol=1e-12, atol=1e-15)


def test_states_broadcast_over_parameters() -> None:
    w = torch.linspace(0, 3, 5, dtype=torch.float64)
    b = torch.linspace(-1, 1, 4, dtype=torch.float64)[:, None]
    states = tanh_rnn_states(w, b, 0.5, 7)
    assert states.shape == (8, 4, 5)
    assert float(states[7, 2, 3]) == pytest.approx(float(tanh_rnn_final_state(float(w[3]), float(b[2, 0]), 0.5, 7)))


def test_bad_rnn_input_raises() -> None:
    with pytest.raises(ValueError, match="positive int"):
        tanh_rnn_states(1.0, 0.0, 0.5, 0)
    with pytest.raises(ValueError, match="broadcast"):
        tanh_rnn_states(torch.zeros(3), torch.zeros(4), 0.5, 2)
    with pytest.raises(TypeError, match="floating-point"):
        tanh_rnn_states(torch.tensor([1, 2]), 0.0, 0.5, 2)


def test_final_state_loss_is_squared_error() -> None:
    h = tanh_rnn_final_state(2.0, -0.5, 0.5, 20)
    assert float(final_state_loss(2.0, -0.5, 0.5, 20, 0.6)) == pytest.approx((float(h) - 0.6) ** 2)


@pytest.mark.parametrize(("b", "h0"), [(-0.5, 0.5), (-1.0, 0.3), (0.4, -0.6)])
def test_separatrix_weight_is_a_cliff_of_the_final_state(b: float, h0: float) -> None:
    w_c = separatrix_weight(b, h0)
    assert math.tanh(float(w_c) * h0 + b) == pytest.approx(h0, abs=1e-14)  # h0 is a fixed point at w_c
    assert float(w_c) * (1 - h0**2) > 1, "and a repelling one, for these cases"
    below, above = (float(tanh_rnn_final_state(float(w_c) + d, b, h0, 60)) for d in (-1e-3, 1e-3))
    # On each side of w_c the state runs away from h0 to a different attracting state.
    assert (below - h0) * (above - h0) < 0 and abs(above - below) > 1


def test_separatrix_weight_rejects_impossible_states() -> None:
    for h0 in (0.0, 1.0, -1.5):
        with pytest.raises(ValueError, match="0 < \\|h0\\| < 1"):
            separatrix_weight(0.0, h0)


def test_loss_surface_gradient_matches_pointwise_autograd() -> None:
    w_axis = torch.linspace(0.5, 3.0, 6, dtype=torch.float64)
    b_axis = torch.linspace(-1.0, 0.5, 4, dtype=torch.float64)

    def loss(w: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
        return final_state_loss(w, b, 0.5, 15, 0.6)

    surface = loss_surface(loss, w_axis, b_axis)
    assert surface.loss.shape == (4, 6) and surface.gradient.shape == (2, 4, 6)
    for i in range(4):
        for j in range(6):
            w = w_axis[j].clone().requires_grad_(True)
            b = b_axis[i].clone().requires_grad_(True)
            value = loss(w, b)
            grad_w, grad_b = torch.autograd.grad(value, (w, b))
            assert surface.grids[0][i, j] == w_axis[j] and surface.grids[1][i, j] == b_axis[i]
            assert float(surface.loss[i, j]) == pytest.approx(float(value.detach()), rel=1e-12)
            torch.testing.assert_close(surface.gradient[:, i, j], torch.stack([grad_w, grad_b]), rtol=1e-10, atol=1e-15)
            assert float(surface.gradient_norm[i, j]) == pytest.approx(math.hypot(float(grad_w), float(grad_b)))


def test_loss_surface_one_parameter_matches_finite_differences() -> None:
    axis = torch.linspace(0.2, 1.2, 11, dtype=torch.float64)
    surface = loss_surface(lambda w: final_state_loss(w, 0.1, 0.5, 8, -0.2), axis)
    eps = 1e-6
    plus, minus = (final_state_loss(axis + d, 0.1, 0.5, 8, -0.2) for d in (eps, -eps))
    numeric = (plus - minus) / (2 * eps)
    torch.testing.assert_close(surface.gradient[0], numeric, rtol=1e-6, atol=1e-9)


def test_loss_surface_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match="at least one axis"):
        loss_surface(lambda w: w)
    with pytest.raises(ValueError, match="1-D"):
        loss_surface(lambda w: w, torch.zeros(2, 2))
    with pytest.raises(ValueError, match="one value per grid point"):
        loss_surface(lambda w: w.sum(), torch.linspace(0, 1, 5))


def quadratic(w: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    return (w - 1) ** 2 + (b + 2) ** 2


def test_gradient_descent_on_a_quadratic_follows_the_closed_form() -> None:
    """theta_k = theta* + (1 - 2 lr)^k (theta_0 - theta*) for L = ||theta - theta*||^2."""
    lr, steps = 0.1, 15
    path = gradient_descent(quadratic, (4.0, 2.0), lr, steps)
    optimum, start = torch.tensor([1.0, -2.0], dtype=torch.float64), torch.tensor([4.0, 2.0], dtype=torch.float64)
    for k in range(steps + 1):
        expected = optimum + (1 - 2 * lr) ** k * (start - optimum)
        torch.testing.assert_close(path.points[k], expected, rtol=1e-12, atol=1e-12)
    distances = torch.linalg.vector_norm(path.points[:-1] - optimum, dim=1)
    torch.testing.assert_close(path.gradient_norms, 2 * distances, rtol=1e-12, atol=0)
    torch.testing.assert_close(path.losses, distances**2, rtol=1e-12, atol=0)
    torch.testing.assert_close(path.step_lengths, lr * path.gradient_norms, rtol=1e-12, atol=0)


def test_clipped_gradient_descent_matches_a_torch_loop() -> None:
    lr, steps, eta = 0.2, 12, 0.5
    path = gradient_descent(quadratic, (4.0, 2.0), lr, steps, max_norm=eta)
    theta = torch.tensor([4.0, 2.0], dtype=torch.float64, requires_grad=True)
    optimizer = torch.optim.SGD([theta], lr=lr)
    for k in range(steps):
        optimizer.zero_grad()
        quadratic(*theta).backward()
        norm = torch.nn.utils.clip_grad_norm_([theta], eta)
        optimizer.step()
        assert float(path.gradient_norms[k]) == float(norm)  # recorded before clipping
        torch.testing.assert_close(path.points[k + 1], theta.detach(), rtol=1e-14, atol=1e-14)
    assert float(path.step_lengths.max()) <= lr * eta


def test_gradient_descent_rejects_bad_settings() -> None:
    with pytest.raises(ValueError, match="lr"):
        gradient_descent(quadratic, (0.0, 0.0), 0.0, 5)
    with pytest.raises(ValueError, match="steps"):
        gradient_descent(quadratic, (0.0, 0.0), 0.1, 0)
    with pytest.raises(ValueError, match="max_norm"):
        gradient_descent(quadratic, (0.0, 0.0), 0.1, 3, max_norm=-1.0)


def test_expected_loss_is_the_normal_average_of_the_single_losses() -> None:
    """Against an independent quadrature: scipy's trapezoid rule over the normal density."""
    import numpy as np

    w = torch.tensor([0.8, 1.6, 2.5], dtype=torch.float64)
    got = expected_final_state_loss(w, -0.5, 20, 0.6, 0.5, 0.1, n_states=801)
    h0 = np.linspace(0.1, 0.9, 801)
    density = np.exp(-0.5 * ((h0 - 0.5) / 0.1) ** 2)
    for i, weight in enumerate(w):
        losses = final_state_loss(float(weight), -0.5, torch.tensor(h0), 20, 0.6).numpy()
        expected = trapezoid(losses * density, h0) / trapezoid(density, h0)
        assert float(got[i]) == pytest.approx(expected, abs=2e-3)


def test_expected_loss_without_a_cliff_is_the_single_loss_for_a_narrow_spread() -> None:
    """Far from any wall the loss is smooth in h(0): a tiny spread changes the average by almost nothing."""
    w = torch.linspace(0.6, 1.5, 10, dtype=torch.float64)
    got = expected_final_state_loss(w, -0.5, 50, 0.6, 0.5, 1e-6, n_states=11)
    assert torch.allclose(got, final_state_loss(w, -0.5, 0.5, 50, 0.6), rtol=1e-6)


def test_expected_loss_is_far_smoother_than_the_single_cliff() -> None:
    """The chapter's claim: the averaged curve's largest slope is orders of magnitude below the single input's."""
    w = torch.linspace(1.9, 2.2, 241, dtype=torch.float64)
    spacing = float(w[1] - w[0])
    single = final_state_loss(w, -0.5, 0.5, 50, 0.6).diff().abs().max() / spacing
    mean = expected_final_state_loss(w, -0.5, 50, 0.6, 0.5, 0.1, n_states=2001).diff().abs().max() / spacing
    assert single > 1000 and mean < 20


def test_expected_loss_rejects_bad_arguments() -> None:
    w = torch.ones(3, dtype=torch.float64)
    with pytest.raises(ValueError, match="n_states"):
        expected_final_state_loss(w, 0.0, 5, 0.6, 0.5, 0.1, n_states=0)
    with pytest.raises(ValueError, match="h0_std"):
        expected_final_state_loss(w, 0.0, 5, 0.6, 0.5, 0.0)
    with pytest.raises(ValueError, match="1-D tensor of weights"):
        expected_final_state_loss(torch.ones(2, 2, dtype=torch.float64), 0.0, 5, 0.6, 0.5, 0.1)


def test_loss_surface_mesh_gives_numpy_arrays_for_pcolormesh() -> None:
    """mesh() hands matplotlib NumPy arrays (torch tensors warn under numpy 2) of the grid's shape."""
    surface = loss_surface(lambda w, b: (w - b) ** 2, torch.linspace(0, 1, 4, dtype=torch.float64),
                           torch.linspace(0, 2, 3, dtype=torch.float64))
    w, b, loss = surface.mesh()
    assert all(isinstance(a, np.ndarray) and a.shape == (3, 4) for a in (w, b, loss))
    np.testing.assert_array_equal(loss, (w - b) ** 2)
    assert np.array_equal(surface.mesh(surface.gradient_norm)[2], surface.gradient_norm.numpy())
    with pytest.raises(ValueError, match="grid's shape"):
        surface.mesh(torch.zeros(2, 2))
