"""The lecture's one-unit RNN unrolled over time: the same weights u, v, w at every step."""
from __future__ import annotations

from lecture10 import _checks
from lecture10.diagrams.canvas import PLAIN, WEIGHT_COLOURS, Canvas

UNROLLED_ALT = ("Diagram of the RNN unrolled over T time steps. Each column t has an input box x(t) at the bottom, "
                "a hidden box z(t) to h(t) in the middle and an output box r(t) to y(t) at the top; blue arrows "
                "labelled u go from each input to its hidden box, green arrows labelled v from each hidden box to "
                "its output, red arrows labelled w from each hidden box (starting with h(0)) to the next one, and "
                "grey arrows from every output to a single loss box L = sum over t of L(t).")

#: The layout both RNN diagrams share: column spacing, box size and the height of each row.
GAP, BOX_WIDTH, BOX_HEIGHT = 2.0, 1.55, 0.62
ROWS = {"x": 0.0, "h": 1.45, "y": 2.9, "L": 4.2}


def steps(T: int) -> int:
    """``T`` checked for a diagram: an int from 1 to 6 (more columns do not fit a page)."""
    return _checks.int_between(T, "T", 1, 6)


def draw_unrolled_rnn(T: int = 4, ax=None):
    """Draw the unrolled computation graph of the univariate RNN for ``T`` steps; return the Axes."""
    T = steps(T)
    canvas = Canvas.new(figsize=(1.3 + 1.55 * T, 4.3), ax=ax, width=BOX_WIDTH, height=BOX_HEIGHT)
    half, loss_x = BOX_HEIGHT / 2, GAP * (T + 1) / 2
    canvas.box(0.0, ROWS["h"], "$h^{(0)}$", "data", width=0.9)
    for t in range(1, T + 1):
        cx = GAP * t
        canvas.box(cx, ROWS["x"], f"$x^{{({t})}}$", "data")
        canvas.box(cx, ROWS["h"], f"$z^{{({t})}} \\to h^{{({t})}}$")
        canvas.box(cx, ROWS["y"], f"$r^{{({t})}} \\to y^{{({t})}}$")
        canvas.arrow((cx, ROWS["x"] + half), (cx, ROWS["h"] - half), WEIGHT_COLOURS["u"], "u")
        canvas.arrow((cx, ROWS["h"] + half), (cx, ROWS["y"] - half), WEIGHT_COLOURS["v"], "v")
        start = cx - GAP + (0.45 if t == 1 else BOX_WIDTH / 2)
        canvas.arrow((start, ROWS["h"]), (cx - BOX_WIDTH / 2, ROWS["h"]), WEIGHT_COLOURS["w"], "w",
                     (-0.12, 0.22))
        canvas.arrow((cx, ROWS["y"] + half), (loss_x, ROWS["L"] - half), PLAIN)
    canvas.box(loss_x, ROWS["L"], r"$\mathcal{L} = \sum_t \mathcal{L}^{(t)}$", "data", width=2.4)
    return canvas.frame((-0.6, GAP * T + 0.9), (-0.45, ROWS["L"] + 0.45),
                        f"Unrolled over T = {T} steps: the same u, v, w at every step")
