"""The demos of the bptt and cliffs-clipping chapters: their tables hold the book's values, their texts are true."""
from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
import torch  # noqa: E402

from lecture10 import gradient_demos  # noqa: E402
from lecture10.bptt import hidden_state_derivative  # noqa: E402
from lecture10.iterated import find_cycle, logistic_map  # noqa: E402

pytest.importorskip("altair")
pytest.importorskip("ipywidgets")


def _controls(demo) -> dict:
    return {c["name"]: c for c in demo.spec["usermeta"]["lecture10"]["controls"]}


def _rows(demo) -> list[dict]:
    """Every precomputed row in the Vega-Lite spec (inline data, wherever Altair put it)."""
    found: list[dict] = []

    def walk(node) -> None:
        if isinstance(node, dict):
            data = node.get("data")
            if isinstance(data, dict) and isinstance(data.get("values"), list):
                found.extend(data["values"])
            for key, value in node.items():
                if key == "datasets":
                    found.extend(row for rows in value.values() for row in rows)
                elif key != "data":
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(demo.spec)
    return found


def test_gradient_demo_table_holds_autograds_values_for_every_control_value() -> None:
    demo = gradient_demos.gradient_through_time()
    controls = _controls(demo)
    assert set(controls) == {"w", "T", "activation"}
    assert controls["w"]["values"][0] == 0.5 and controls["w"]["values"][-1] == 2.0
    assert controls["activation"]["values"] == ["identity", "tanh", "sigmoid"]
    rows = _rows(demo)
    assert len(rows) == len(controls["w"]["values"]) * 3 * gradient_demos.MAX_T
    at = {(r["w"], r["activation"], r["t"]): r["grad"] for r in rows}
    for w, activation, t in [(1.1, "tanh", 50), (0.5, "sigmoid", 100), (2.0, "identity", 37), (1.0, "tanh", 1)]:
        assert at[w, activation, t] == pytest.approx(abs(hidden_state_derivative(w, t, activation)), rel=1e-5)


def test_gradient_demo_description_states_the_start_values() -> None:
    """'rises to about 2 near t = 14 and falls to about 0.0096 at t = 50, the linear line reaches about 107'."""
    curve = gradient_demos.through_time_curves(1.1, "tanh")["grad"]
    assert round(float(curve.max())) == 2 and int(curve.argmax()) + 1 == 14
    assert round(float(curve[49]), 4) == 0.0096 and round(1.1**49) == 107
    assert "0.0096" in gradient_demos.gradient_through_time().spec["description"]


def test_logistic_demo_table_is_the_orbit_and_its_derivative() -> None:
    demo = gradient_demos.logistic_map()
    controls = _controls(demo)
    assert set(controls) == {"r", "n"} and controls["n"]["values"][-1] == gradient_demos.MAX_N
    rows = [r for r in _rows(demo) if r["r"] == 3.5]
    assert [r["k"] for r in rows] == list(range(gradient_demos.MAX_N + 1))
    x, derivative = gradient_demos.X0, 1.0
    for row in rows:  # a plain Python loop: x(k), x(k+1) and the product of f' so far
        assert row["x"] == pytest.approx(x, rel=1e-5) and row["derivative"] == pytest.approx(abs(derivative), rel=1e-5)
        derivative *= 3.5 * (1 - 2 * x)
        x = 3.5 * x * (1 - x)
        assert row["next"] == pytest.approx(x, rel=1e-5)


def test_logistic_demo_description_states_the_start_values() -> None:
    """'the orbit settles on a 4-cycle, the fixed point 0.714 repels (|f'| = 1.5), the derivative falls to about 1e-7'."""
    cycle = find_cycle(lambda x: logistic_map(x, 3.5), gradient_demos.X0)
    assert len(cycle) == 4 and round(1 - 1 / 3.5, 3) == 0.714 and abs(2 - 3.5) == 1.5
    derivative = gradient_demos.logistic_table(3.5)["derivative"][40]
    assert round(math.log10(derivative)) == -7


@pytest.mark.parametrize("live, kwargs", [(gradient_demos.plot_gradient_through_time, {"w": 1.5, "T": 30}),
                                          (gradient_demos.plot_logistic_map, {"r": 3.9, "n": 10})])
def test_live_versions_draw_a_figure(live, kwargs, monkeypatch: pytest.MonkeyPatch) -> None:
    shown = []
    monkeypatch.setattr(plt, "show", lambda: shown.append(plt.gcf()))
    live(**kwargs)
    assert shown and shown[0].axes and all(ax.get_title() for ax in shown[0].axes)
    plt.close("all")

