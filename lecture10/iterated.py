"""Iterated maps x(k+1) = f(x(k)): orbits, derivatives of the n-th iterate, the logistic map, cobweb data.

An RNN without inputs applies one update function again and again, so its hidden state is an
*orbit* of that function. Everything here is vectorised over starting points: ``x0`` may be a
tensor of any shape, and ``f`` must act elementwise.
"""
from __future__ import annotations

from typing import Callable

import numpy as np
import torch

from lecture10 import _checks

Map = Callable[[torch.Tensor], torch.Tensor]


def _as_float_tensor(x: torch.Tensor | float | np.ndarray | list, name: str) -> torch.Tensor:
    """A floating-point tensor (float64 unless ``x`` already is a floating-point tensor)."""
    if isinstance(x, torch.Tensor):
        if not x.is_floating_point():
            raise TypeError(f"{name} must be a floating-point tensor, got {x.dtype}")
        return x
    return torch.as_tensor(x, dtype=torch.float64)


def _check_rate(r: float) -> float:
    return _checks.positive(r, "the logistic map's r", finite=True)


def iterate(f: Map, x0: torch.Tensor | float | np.ndarray | list, n: int) -> torch.Tensor:
    """The orbit x0, f(x0), ..., f^n(x0), stacked along a new first axis: shape ``(n + 1, *x0.shape)``."""
    if not callable(f):
        raise TypeError(f"f must be a callable map, got {type(f).__name__}")
    _checks.non_negative_int(n, "n")
    x = _as_float_tensor(x0, "x0")
    orbit = [x]
    for _ in range(n):
        x = f(x)
        if x.shape != orbit[0].shape:
            raise ValueError(f"f must act elementwise: it turned shape {tuple(orbit[0].shape)} into {tuple(x.shape)}")
        orbit.append(x)
    return torch.stack(orbit)


def orbit_derivative(df: Map, orbit: torch.Tensor) -> torch.Tensor:
    """d f^k(x0) / d x0 for every k of an orbit from :func:`iterate`, by the chain rule: the product of f' along it.

    Entry k is f'(x(k-1)) * ... * f'(x(0)) (entry 0 is 1), so the result has the orbit's shape.
    """
    if not isinstance(orbit, torch.Tensor) or orbit.dim() < 1:
        raise ValueError("orbit must be a tensor of shape (n + 1, ...) as returned by iterate()")
    factors = df(orbit[:-1])
    ones = torch.ones_like(orbit[:1])
    return torch.cat([ones, torch.cumprod(factors, dim=0)])


def logistic_map(x: torch.Tensor, r: float = 3.5) -> torch.Tensor:
    """The logistic map f(x) = r x (1 - x)."""
    return _check_rate(r) * x * (1 - x)


def logistic_map_derivative(x: torch.Tensor, r: float = 3.5) -> torch.Tensor:
    """Its derivative f'(x) = r (1 - 2x)."""
    return _check_rate(r) * (1 - 2 * x)


def logistic_fixed_points(r: float = 3.5) -> torch.Tensor:
    """The two solutions of r x (1 - x) = x, namely 0 and 1 - 1/r (float64; they coincide at r = 1)."""
    r = _check_rate(r)
    return torch.tensor([0.0, 1.0 - 1.0 / r], dtype=torch.float64)


def cycle_multiplier(df: Map, cycle: torch.Tensor) -> torch.Tensor:
    """The derivative of f^p at a point of a p-cycle: the product of f' over the cycle.

    For a fixed point (p = 1) this is f'(x*). The cycle attracts nearby orbits when its absolute
    value is below 1 and repels them when it is above 1.
    """
    cycle = _as_float_tensor(cycle, "cycle")
    if cycle.dim() != 1 or cycle.numel() == 0:
        raise ValueError(f"cycle must be a non-empty 1-D tensor of the cycle's points, got shape {tuple(cycle.shape)}")
    return torch.prod(df(cycle))


def find_cycle(f: Map, x0: float, transient: int = 1000, max_period: int = 64, tol: float = 1e-9) -> torch.Tensor:
    """The periodic orbit that the orbit of ``x0`` settles on: its points in visiting order, smallest first.

    Iterates ``transient`` steps, then returns the smallest period p <= ``max_period`` with
    |f^p(x) - x| < ``tol``; raises ``ValueError`` if there is none (e.g. a chaotic orbit).
    """
    _checks.non_negative_int(transient, "transient")
    _checks.positive_int(max_period, "max_period")
    start = _as_float_tensor(x0, "x0")
    if start.dim() != 0:
        raise ValueError(f"x0 must be a single starting point, got shape {tuple(start.shape)}")
    orbit = iterate(f, iterate(f, start, transient)[-1], max_period)
    for p in range(1, max_period + 1):
        if abs(float(orbit[p] - orbit[0])) < tol:
            points = orbit[:p]
            return torch.roll(points, -int(torch.argmin(points)))
    raise ValueError(f"no cycle of period <= {max_period} found within tol={tol} after {transient} steps")


def cobweb_path(f: Map, x0: float, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Vertices of the cobweb plot of n steps from x0: (x0, 0), (x0, x1), (x1, x1), (x1, x2), ...

    Each step is a vertical segment to the graph y = f(x) and a horizontal one to the diagonal
    y = x; there are 2n + 1 vertices.
    """
    orbit = iterate(f, x0, n).detach().cpu().numpy()
    if orbit.ndim != 1:
        raise ValueError(f"x0 must be a single starting point, got shape {orbit.shape[1:]}")
    xs = np.repeat(orbit, 2)[:-1]
    ys = np.concatenate([[0.0], np.repeat(orbit[1:], 2)])
    return xs, ys


def draw_cobweb(ax, f: Map, x0: float, n: int, xlim: tuple[float, float] = (0.0, 1.0), color: str | None = None,
                label: str | None = None):
    """Draw the graph of f, the diagonal y = x and the cobweb of n steps from x0 on a matplotlib Axes; return it."""
    from lecture10.style import PALETTE

    grid = torch.linspace(*xlim, 400, dtype=torch.float64)
    ax.plot(grid, f(grid), color=PALETTE["black"], lw=1.5, label="$y = f(x)$")
    ax.plot(xlim, xlim, color=PALETTE["black"], lw=1, ls=":", label="$y = x$")
    xs, ys = cobweb_path(f, x0, n)
    ax.plot(xs, ys, color=color or PALETTE["blue"], lw=1, label=label or f"cobweb from $x_0$ = {x0:g}")
    ax.plot(xs[:1], ys[:1], "o", color=color or PALETTE["blue"], ms=5)
    ax.set_xlabel("$x$")
    ax.set_ylabel("$y$")
    return ax
