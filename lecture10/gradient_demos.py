"""The interactive demos of the bptt and cliffs-clipping chapters (built on :mod:`lecture10.demos`).

Each function returns a demo that the book's website redraws in the browser from values computed
here, and that runs live (matplotlib, ipywidgets) in Jupyter, Colab and Binder:

* :func:`gradient_through_time`: |dh(t)/dh(1)| of the one-unit RNN for a weight w, a length T and
  an activation, next to the linear |w|^(t-1);
* :func:`logistic_map`: the cobweb of the logistic map f(x) = r x (1 - x) from x0 = 0.2 and the
  derivative of its k-th iterate, for r and n.
"""
from __future__ import annotations

import numpy as np

from lecture10 import demos
from lecture10.bptt import hidden_state_derivatives
from lecture10.iterated import draw_cobweb, iterate, orbit_derivative
from lecture10.style import PALETTE

#: The one-unit RNN's demo: its activations, and the longest sequence it precomputes.
ACTIVATIONS, MAX_T = ("identity", "tanh", "sigmoid"), 100
#: The logistic map's demo: the starting point of every orbit, and the most steps it precomputes.
X0, MAX_N = 0.2, 60
#: The charts write |x| with U+2223 (∣x∣): a run of ASCII bars in a page's text reads as a Markdown table.
#: Where a log axis may put ticks and grid lines: powers of ten only (labelled 1e-8, 1e+4, ...).
DECADES = [10.0**k for k in range(-120, 41)]


def _log_y(field: str, title: str):
    """A y encoding on a log scale whose ticks are powers of ten."""
    import altair as alt

    axis = alt.Axis(format="~e", values=DECADES, labelOverlap="greedy")
    return alt.Y(f"{field}:Q", title=title, scale=alt.Scale(type="log"), axis=axis)


def _labelled_end(end, x, field: str, title: str, name: str) -> list:
    """A dot at the last point drawn (the rows of ``end``) and the label 'name = value' beside it."""
    end = end.transform_calculate(label=f"'{name} = ' + format(datum.{field}, '.3~g')")
    end = end.encode(x=x, y=_log_y(field, title))
    return [end.mark_point(filled=True, size=60, color=PALETTE["blue"]),
            end.mark_text(align="right", dx=-8, dy=-12, fontSize=13).encode(text="label:N")]


def through_time_curves(w: float, activation: str) -> dict[str, np.ndarray]:
    """The table's rows for one (w, activation): t = 1..MAX_T and |dh(t)/dh(1)| (no input, h(1) = 0.1)."""
    curve = hidden_state_derivatives(w, MAX_T, activation).abs().numpy()
    return {"t": np.arange(1, MAX_T + 1), "grad": curve}


def plot_gradient_through_time(w: float = 1.1, T: int = 50, activation: str = "tanh") -> None:
    """The live demo: |dh(t)/dh(1)| for t <= T with matplotlib, next to the linear |w|^(t-1)."""
    import matplotlib.pyplot as plt

    curve = hidden_state_derivatives(w, T, activation).abs().numpy()
    steps = np.arange(1, T + 1)
    fig, ax = plt.subplots(figsize=(7, 4))
    ax.plot(steps, curve, color=PALETTE["blue"], label=f"{activation}, w = {w:.2f}")
    ax.plot(steps, abs(w) ** (steps - 1.0), "--", color=PALETTE["orange"], label="linear: |w|^(t-1)")
    ax.set(yscale="log", xlabel="t (steps since h(1))", ylabel="|dh(t)/dh(1)| (log scale)",
           title=f"|dh({T})/dh(1)| = {curve[-1]:.3g}")
    ax.legend()
    plt.show()


def gradient_through_time() -> demos.Demo:
    """|dh(t)/dh(1)| against t for sliders w (0.5..2), T (2..100) and a menu of activations."""
    import altair as alt

    w = demos.slider("w", 0.5, 2.0, 0.1, value=1.1)
    T = demos.slider("T", 2, MAX_T, 1, value=50)
    act = demos.choice("activation", list(ACTIVATIONS), value="tanh")
    table = demos.grid(through_time_curves, w=w.values, activation=act.values)
    shown = (alt.Chart().transform_filter(w.selects()).transform_filter(act.selects())
             .transform_filter(T.at_least("t"))
             .transform_calculate(linear="pow(abs(datum.w), datum.t - 1)"))
    x, title = alt.X("t:Q", title="t (steps since h(1))"), "∣dh(t)/dh(1)∣ (log scale)"
    series = alt.Color("series:N", title=None, legend=alt.Legend(orient="bottom"),
                       scale=alt.Scale(domain=["chosen activation", "linear: ∣w∣^(t-1)"],
                                       range=[PALETTE["blue"], PALETTE["orange"]]))
    lines = (shown.transform_fold(["grad", "linear"], as_=["series", "value"])
             .transform_calculate(series="datum.series === 'grad' ? 'chosen activation' : 'linear: ∣w∣^(t-1)'")
             .mark_line(strokeWidth=2)
             .encode(x=x, y=_log_y("value", title), color=series,
                     strokeDash=alt.StrokeDash("series:N", legend=None)))
    end = _labelled_end(shown.transform_filter(T.selects("t")), x, "grad", title, "∣dh(T)/dh(1)∣")
    chart = alt.layer(lines, *end, data=demos.data(table)).properties(
        width="container", height=280, title="∣dh(t)/dh(1)∣ of the one-unit RNN")
    description = ("Interactive line chart, log y-axis, of |dh(t)/dh(1)| against t for the one-unit RNN "
                   "without input from h(1) = 0.1, with sliders for w (0.5 to 2) and T (2 to 100) and a "
                   "menu for the activation, next to the dashed linear |w| to the power t - 1; at the "
                   "start, w = 1.1, T = 50 and tanh, the curve rises to about 2 near t = 14 and falls to "
                   "about 0.0096 at t = 50, while the linear line reaches about 107.")
    return demos.show(chart, [w, T, act], live=plot_gradient_through_time, description=description)


def logistic_table(r: float) -> dict[str, np.ndarray]:
    """The rows for one r: step k = 0..MAX_N, x(k), x(k+1) (the cobweb's k-th turn) and |d f^k/dx0|."""
    f = lambda x: r * x * (1 - x)  # noqa: E731
    orbit = iterate(f, X0, MAX_N + 1)
    derivative = orbit_derivative(lambda x: r * (1 - 2 * x), orbit[:-1]).abs().numpy()
    return {"k": np.arange(MAX_N + 1), "x": orbit[:-1].numpy(), "next": orbit[1:].numpy(),
            "derivative": derivative}


def plot_logistic_map(r: float = 3.5, n: int = 40) -> None:
    """The live demo: the cobweb of n steps from x0 = 0.2 and |d f^k/dx0| for k <= n, with matplotlib."""
    import matplotlib.pyplot as plt

    f, df = (lambda x: r * x * (1 - x)), (lambda x: r * (1 - 2 * x))
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(6, 7), layout="constrained")
    draw_cobweb(top, f, X0, n, color=PALETTE["vermillion"])
    top.set_title(f"Cobweb from x0 = {X0}, r = {r:.2f}, {n} steps")
    derivative = orbit_derivative(df, iterate(f, X0, n)).abs()
    bottom.semilogy(derivative, color=PALETTE["blue"])
    bottom.set(xlabel="k (iterations)", ylabel="|d f^k/dx0| (log scale)",
               title=f"|d f^{n}/dx0| = {float(derivative[-1]):.3g}; fixed point {1 - 1 / r:.3f}, "
                     f"|f'| there {abs(2 - r):.2f}")
    plt.show()


def _cobweb(r: demos.Control, n: demos.Control):
    """The cobweb panel: the graph of f, the diagonal, n turns of the orbit and the fixed point 1 - 1/r."""
    import altair as alt

    unit = alt.Scale(domain=[0, 1])
    graph = (alt.Chart(alt.sequence(0, 1.0025, 0.005, as_="x"))
             .transform_calculate(y="r * datum.x * (1 - datum.x)").mark_line(color="black")
             .encode(x=alt.X("x:Q", scale=unit, title="x", axis=alt.Axis(tickCount=5)),
                     y=alt.Y("y:Q", scale=unit, title="y = f(x)")))
    diagonal = (alt.Chart(alt.sequence(0, 1.5, 1, as_="x")).transform_calculate(y="datum.x")
                .mark_line(color="black", strokeDash=[2, 3]).encode(x="x:Q", y="y:Q"))
    turns = (alt.Chart().transform_filter(r.selects()).transform_calculate(turn="datum.k + 1")
             .transform_filter(n.at_least("turn")))  # turn k + 1 goes from x(k) to x(k+1)
    start = alt.Y("from:Q", scale=unit)
    up = (turns.transform_calculate(**{"from": "datum.k === 0 ? 0 : datum.x"})
          .mark_rule(color=PALETTE["vermillion"]).encode(x="x:Q", y=start, y2="next:Q"))
    across = turns.mark_rule(color=PALETTE["vermillion"]).encode(x="x:Q", x2="next:Q", y="next:Q")
    fixed = (alt.Chart().transform_filter(r.selects()).transform_filter("datum.k === 0")
             .transform_calculate(star="1 - 1 / datum.r", slope="abs(2 - datum.r)"))
    square = fixed.mark_square(size=90, color=PALETTE["blue"]).encode(x="star:Q", y="star:Q")
    note = (fixed.transform_calculate(
        note="'fixed point ' + format(datum.star, '.3f') + ': ∣f′∣ = ' + format(datum.slope, '.2f')"
             " + (datum.slope > 1 ? ', repels' : ', attracts')")
            .mark_text(align="left", baseline="top", x=5, y=5, fontSize=12).encode(text="note:N"))
    title = alt.TitleParams(text=alt.ExprRef(
        expr=f"'Cobweb from x0 = {X0}, r = ' + format(r, '.2f') + ', ' + n + ' steps'"))
    return alt.layer(graph, diagonal, up, across, square, note).properties(
        width="container", height=260, title=title)


def logistic_map() -> demos.Demo:
    """The logistic map's cobweb from x0 = 0.2 above |d f^k/dx0| (log scale), for sliders r and n."""
    import altair as alt

    r = demos.slider("r", 2.5, 4.0, 0.05, value=3.5)
    n = demos.slider("n", 1, MAX_N, 1, value=40)
    table = demos.data(demos.grid(logistic_table, r=r.values))
    curve = alt.Chart().transform_filter(r.selects()).transform_filter(n.at_least("k"))
    x, title = alt.X("k:Q", title="k (iterations)"), "∣d f^k/dx0∣ (log scale)"
    line = curve.mark_line(color=PALETTE["blue"]).encode(x=x, y=_log_y("derivative", title))
    end = _labelled_end(curve.transform_filter(n.selects("k")), x, "derivative", title, "∣d f^n/dx0∣")
    derivative = alt.layer(line, *end).properties(
        width="container", height=220, title="Derivative of the k-th iterate")
    description = ("Interactive chart with sliders for r (2.5 to 4) and n (1 to 60): above, the cobweb of "
                   "the logistic map f(x) = r x (1 - x) from x0 = 0.2 for n steps, with its fixed point "
                   "1 - 1/r marked and whether it attracts; below, |d f^k/dx0| for k up to n on a log "
                   "scale. At the start, r = 3.5 and n = 40, the orbit settles on a 4-cycle, the fixed "
                   "point 0.714 repels (|f'| = 1.5) and the derivative falls to about 1e-7.")
    chart = alt.vconcat(_cobweb(r, n), derivative, data=table).resolve_scale(x="independent", y="independent")
    return demos.show(chart, [r, n], live=plot_logistic_map, description=description)
