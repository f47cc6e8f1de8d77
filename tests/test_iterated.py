"""lecture10.iterated: orbits, chain-rule derivatives (against autograd), logistic-map fixed points and cycles."""
from __future__ import annotations

import math
from functools import partial

import numpy as np
import pytest
import torch

from lecture10.iterated import (
    cobweb_path,
    cycle_multiplier,
    draw_cobweb,
    find_cycle,
    iterate,
    logistic_fixed_points,
    logistic_map,
    logistic_map_derivative,
    orbit_derivative,
)


def python_orbit(r: float, x0: float, n: int) -> list[float]:
    """The logistic orbit with plain Python floats."""
    xs = [x0]
    for _ in range(n):
        xs.append(r * xs[-1] * (1 - xs[-1]))
    return xs


def test_iterate_is_vectorised_over_starting_points() -> None:
    x0 = torch.tensor([[0.1, 0.2], [0.6, 0.9]], dtype=torch.float64)
    orbit = iterate(logistic_map, x0, 12)
    assert orbit.shape == (13, 2, 2)
    assert torch.equal(orbit[0], x0)
    for i in range(2):
        for j in range(2):
            expected = python_orbit(3.5, float(x0[i, j]), 12)
            np.testing.assert_allclose(orbit[:, i, j].numpy(), expected, rtol=1e-12)


def test_iterate_accepts_numbers_and_zero_steps() -> None:
    orbit = iterate(lambda x: 2 * x, 1.5, 3)
    assert orbit.dtype == torch.float64
    assert orbit.tolist() == [1.5, 3.0, 6.0, 12.0]
    assert iterate(lambda x: 2 * x, [1.0, 2.0], 0).tolist() == [[1.0, 2.0]]


def test_iterate_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match="non-negative int"):
        iterate(logistic_map, 0.2, -1)
    with pytest.raises(ValueError, match="non-negative int"):
        iterate(logistic_map, 0.2, 2.0)
    with pytest.raises(TypeError, match="callable"):
        iterate(3.5, 0.2, 2)
    with pytest.raises(ValueError, match="elementwise"):
        iterate(lambda x: x.sum(), torch.ones(3, dtype=torch.float64), 2)
    with pytest.raises(TypeError, match="floating-point"):
        iterate(logistic_map, torch.tensor([1, 2]), 2)


@pytest.mark.parametrize("r", [2.8, 3.5, 3.9])
def test_orbit_derivative_matches_autograd(r: float) -> None:
    f, df = partial(logistic_map, r=r), partial(logistic_map_derivative, r=r)
    x0 = torch.linspace(0.05, 0.95, 7, dtype=torch.float64, requires_grad=True)
    orbit = iterate(f, x0, 25)
    chain_rule = orbit_derivative(df, orbit.detach())
    assert torch.equal(chain_rule[0], torch.ones(7, dtype=torch.float64))
    for k in [1, 2, 5, 13, 25]:
        (autograd,) = torch.autograd.grad(orbit[k].sum(), x0, retain_graph=True)
        torch.testing.assert_close(chain_rule[k], autograd, rtol=1e-9, atol=0)


def test_orbit_derivative_at_a_fixed_point_is_a_power() -> None:
    """At a fixed point every factor is f'(x*), so d f^n / dx = f'(x*)**n (exactly, for x* = 0)."""
    orbit = iterate(logistic_map, torch.zeros(1, dtype=torch.float64), 10)
    assert orbit_derivative(logistic_map_derivative, orbit)[:, 0].tolist() == [3.5**k for k in range(11)]


def test_orbit_derivative_rejects_non_tensors() -> None:
    with pytest.raises(ValueError, match="orbit"):
        orbit_derivative(logistic_map_derivative, [0.1, 0.2])


def test_logistic_map_and_derivative_values() -> None:
    x = torch.tensor([0.0, 0.25, 0.5, 1.0], dtype=torch.float64)
    assert logistic_map(x, 4.0).tolist() == [0.0, 0.75, 1.0, 0.0]
    assert logistic_map_derivative(x, 2.0).tolist() == [2.0, 1.0, 0.0, -2.0]
    assert logistic_map(x).tolist() == [3.5 * v * (1 - v) for v in x.tolist()]  # default r is the slide's 3.5


@pytest.mark.parametrize("r", [0.5, 2.5, 3.2, 3.5, 4.0])
def test_fixed_points_are_fixed_and_their_stability_is_textbook(r: float) -> None:
    fixed = logistic_fixed_points(r)
    torch.testing.assert_close(logistic_map(fixed, r), fixed, rtol=0, atol=1e-15)
    slopes = logistic_map_derivative(fixed, r)
    # Algebra: f'(0) = r and f'(1 - 1/r) = r (1 - 2 + 2/r) = 2 - r.
    torch.testing.assert_close(slopes, torch.tensor([r, 2 - r], dtype=torch.float64), rtol=0, atol=1e-14)


def test_at_the_slides_r_both_fixed_points_repel() -> None:
    multipliers = cycle_multiplier(logistic_map_derivative, logistic_fixed_points(3.5)[:1]), cycle_multiplier(
        logistic_map_derivative, logistic_fixed_points(3.5)[1:]
    )
    assert [round(float(m), 12) for m in multipliers] == [3.5, -1.5]


@pytest.mark.parametrize("bad", [0.0, -1.0, math.nan, math.inf, True, "3.5"])
def test_bad_rate_raises(bad: object) -> None:
    with pytest.raises(ValueError, match="positive finite"):
        logistic_fixed_points(bad)
    with pytest.raises(ValueError, match="positive finite"):
        logistic_map(torch.tensor(0.3), bad)


def test_find_cycle_at_3_5_is_the_known_attracting_4_cycle() -> None:
    cycle = find_cycle(logistic_map, 0.2)
    # The 4-cycle at r = 3.5 as usually tabulated to 4 decimals; the checks below verify it independently.
    np.testing.assert_allclose(cycle.numpy(), [0.3828, 0.8269, 0.5009, 0.8750], atol=1e-4)
    four_later = iterate(logistic_map, cycle, 4)
    torch.testing.assert_close(four_later[4], cycle, rtol=0, atol=1e-9)
    assert all(float((four_later[k] - cycle).abs().min()) > 1e-3 for k in (1, 2, 3)), "period is 4, not less"
    multiplier = cycle_multiplier(logistic_map_derivative, cycle)
    # Independently: d f^4 / dx at a cycle point by autograd.
    x = cycle[:1].clone().requires_grad_(True)
    (autograd,) = torch.autograd.grad(iterate(logistic_map, x, 4)[-1].sum(), x)
    assert float(multiplier) == pytest.approx(float(autograd), rel=1e-9)
    assert abs(float(multiplier)) < 1  # attracting


def test_find_cycle_two_cycle_matches_the_closed_form() -> None:
    r = 3.2
    root = math.sqrt((r - 3) * (r + 1))
    expected = sorted([(r + 1 - root) / (2 * r), (r + 1 + root) / (2 * r)])
    cycle = find_cycle(partial(logistic_map, r=r), 0.3)
    np.testing.assert_allclose(cycle.numpy(), expected, rtol=1e-8)
    # Closed-form multiplier of the 2-cycle: 4 + 2r - r^2.
    assert float(cycle_multiplier(partial(logistic_map_derivative, r=r), cycle)) == pytest.approx(4 + 2 * r - r * r)


def test_find_cycle_of_an_attracting_fixed_point_and_of_chaos() -> None:
    cycle = find_cycle(partial(logistic_map, r=2.8), 0.3)
    assert cycle.tolist() == pytest.approx([1 - 1 / 2.8])
    with pytest.raises(ValueError, match="no cycle"):
        find_cycle(partial(logistic_map, r=3.9), 0.3, max_period=32)
    with pytest.raises(ValueError, match="single starting point"):
        find_cycle(logistic_map, [0.2, 0.3])


def test_cycle_multiplier_rejects_empty() -> None:
    with pytest.raises(ValueError, match="non-empty 1-D"):
        cycle_multiplier(logistic_map_derivative, torch.zeros(0, dtype=torch.float64))


def test_cobweb_path_alternates_between_graph_and_diagonal() -> None:
    xs, ys = cobweb_path(logistic_map, 0.2, 5)
    orbit = python_orbit(3.5, 0.2, 5)
    assert len(xs) == len(ys) == 11
    assert (xs[0], ys[0]) == (0.2, 0.0)
    for k in range(5):
        # (x_k, x_{k+1}) is on the graph y = f(x); (x_{k+1}, x_{k+1}) is on the diagonal.
        assert xs[2 * k + 1] == pytest.approx(orbit[k]) and ys[2 * k + 1] == pytest.approx(orbit[k + 1])
        assert xs[2 * k + 2] == pytest.approx(orbit[k + 1]) and ys[2 * k + 2] == pytest.approx(orbit[k + 1])
    with pytest.raises(ValueError, match="single starting point"):
        cobweb_path(logistic_map, [0.2, 0.3], 3)


def test_draw_cobweb_draws_the_graph_the_diagonal_and_the_path() -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    draw_cobweb(ax, logistic_map, 0.2, 5)
    graph, diagonal, path, start = ax.lines
    np.testing.assert_allclose(graph.get_ydata(), 3.5 * graph.get_xdata() * (1 - graph.get_xdata()))
    assert list(diagonal.get_xdata()) == list(diagonal.get_ydata()) == [0.0, 1.0]
    xs, ys = cobweb_path(logistic_map, 0.2, 5)
    assert np.array_equal(path.get_xdata(), xs) and np.array_equal(path.get_ydata(), ys)
    assert (start.get_xdata()[0], start.get_ydata()[0]) == (0.2, 0.0)
    plt.close(fig)
