"""The backward pass of the lecture's one-unit RNN: error signals flowing from the loss back in time.

Drawn on the layout of :mod:`lecture10.diagrams.unrolled` with every arrow reversed: each output's
signal comes down through v, and each step's signal goes one step back through w. With
``truncate=k`` the path through w is cut after every k steps (truncated BPTT).
"""
from __future__ import annotations

from lecture10 import _checks
from lecture10.diagrams.canvas import PLAIN, WEIGHT_COLOURS, Canvas
from lecture10.diagrams.unrolled import BOX_HEIGHT, BOX_WIDTH, GAP, ROWS, steps

BACKWARD_ALT = ("Diagram of backpropagation through time over T steps, the unrolled RNN with its arrows "
                "reversed. A loss box L-bar = 1 at the top sends grey arrows down to an output box y-bar(t) to "
                "r-bar(t) in every column; a green arrow labelled v goes from each output box down to the hidden "
                "box h-bar(t) to z-bar(t) below it, and red arrows labelled w go from each hidden box to the one "
                "on its left, one step back in time; the last column receives z-bar(T+1) = 0.")
TRUNCATED_ALT = ("The same backward-pass diagram for truncated BPTT with chunks of k steps: at every chunk "
                 "boundary a dashed vertical line cuts the red w arrow, drawn grey and dashed, so no error "
                 "signal crosses into the previous chunk, while the green v arrows are all kept.")
CUT = (0, (4, 3))  # the dash pattern of what truncation removes


def draw_bptt_backward(T: int = 4, truncate: int | None = None, ax=None):
    """Draw the error signals of BPTT for ``T`` steps (cut every ``truncate`` steps if given); return the Axes."""
    T = steps(T)
    truncate = _checks.optional_positive_int(truncate, "truncate")
    canvas = Canvas.new(figsize=(1.3 + 1.55 * T, 3.4), ax=ax, width=BOX_WIDTH, height=BOX_HEIGHT)
    half, loss_x = BOX_HEIGHT / 2, GAP * (T + 1) / 2
    canvas.box(loss_x, ROWS["L"], r"$\bar{\mathcal{L}} = 1$", "data", width=1.3)
    end = GAP * T + BOX_WIDTH / 2
    canvas.arrow((end + 0.8, ROWS["h"]), (end, ROWS["h"]), PLAIN)
    canvas.text(end + 0.45, ROWS["h"] + 0.42, f"$\\overline{{z^{{({T + 1})}}}} = 0$", fontsize=10)
    for t in range(1, T + 1):
        cx = GAP * t
        canvas.box(cx, ROWS["y"], f"$\\overline{{y^{{({t})}}}} \\to \\overline{{r^{{({t})}}}}$")
        canvas.box(cx, ROWS["h"], f"$\\overline{{h^{{({t})}}}} \\to \\overline{{z^{{({t})}}}}$")
        canvas.arrow((loss_x, ROWS["L"] - half), (cx, ROWS["y"] + half), PLAIN)
        canvas.arrow((cx, ROWS["y"] - half), (cx, ROWS["h"] + half), WEIGHT_COLOURS["v"], "v")
        if t == T:
            continue
        cut = truncate is not None and t % truncate == 0
        canvas.arrow((cx + GAP - BOX_WIDTH / 2, ROWS["h"]), (cx + BOX_WIDTH / 2, ROWS["h"]),
                     PLAIN if cut else WEIGHT_COLOURS["w"], "" if cut else "w", (-0.12, 0.22))
        if cut:
            canvas.ax.patches[-1].set_linestyle(CUT)
            canvas.ax.plot([cx + GAP / 2] * 2, [ROWS["h"] - 0.75, ROWS["y"] + 0.2], color="black",
                           lw=1.2, ls=CUT)
            canvas.text(cx + GAP / 2, ROWS["h"] - 0.95, "cut", fontsize=10)
    title = "BPTT: error signals flow backwards through v and w"
    if truncate is not None:
        title = f"Truncated BPTT, chunks of k = {truncate}: no signal crosses a cut"
    bottom = ROWS["h"] - (1.2 if truncate is not None else 0.5)
    return canvas.frame((0.6, GAP * T + 1.9), (bottom, ROWS["L"] + 0.45), title)
