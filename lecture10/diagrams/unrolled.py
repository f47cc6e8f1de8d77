"""The lecture's one-unit RNN unrolled over time: the same weights u, v, w at every step."""
from __future__ import annotations

from lecture10 import _checks
from lecture10.diagrams.canvas import PLAIN, WEIGHT_COLOURS, Canvas

UNROLLED_ALT = ("Diagram of the RNN unrolled over T time steps. Each column t has an input box x(t) at the bottom, "
                "a hidden box z(t) to h(t) in the middle and an output box r(t) to y(t) at the top; blue arrows "
                "labelled u go from each input to its hidden box, green arrows labelled v from each hidden box to "
                "its output, red arrows labelled w from each hidden box (starting with h(0)) to the next one, and "
                "grey arrows from every output to a single loss box L = sum over t of L(t).")


def draw_unrolled_rnn(T: int = 3, ax=None):
    """Draw the unrolled computation graph of the univariate RNN for ``T`` steps; return the Axes."""
    T = _checks.int_between(T, "T", 1, 8)  # more steps do not fit on a page
    canvas = Canvas.new(figsize=(7.0, 3.6), ax=ax)
    rows = {"x": 0.0, "h": 1.4, "y": 2.8, "L": 4.0}
    half, gap = canvas.height / 2, 2.0
    canvas.box(0.0, rows["h"], "$h^{(0)}$", "data")
    for t in range(1, T + 1):
        cx = gap * t
        canvas.box(cx, rows["x"], f"$x^{{({t})}}$", "data")
        canvas.box(cx, rows["h"], f"$z^{{({t})}} \\to h^{{({t})}}$")
        canvas.box(cx, rows["y"], f"$r^{{({t})}} \\to y^{{({t})}}$")
        canvas.arrow((cx, rows["x"] + half), (cx, rows["h"] - half), WEIGHT_COLOURS["u"], "u")
        canvas.arrow((cx, rows["h"] + half), (cx, rows["y"] - half), WEIGHT_COLOURS["v"], "v")
        canvas.arrow((cx - gap + canvas.width / 2, rows["h"]), (cx - canvas.width / 2, rows["h"]),
                     WEIGHT_COLOURS["w"], "w", (-0.1, 0.2))
        canvas.arrow((cx, rows["y"] + half), (gap * (T + 1) / 2, rows["L"] - half), PLAIN)
    canvas.box(gap * (T + 1) / 2, rows["L"], r"$\mathcal{L} = \sum_t \mathcal{L}^{(t)}$", "data")
    return canvas.frame((-0.9, gap * T + 0.9), (-0.6, rows["L"] + 0.6),
                        f"The RNN unrolled over T = {T} steps: the same u, v, w at every step")
