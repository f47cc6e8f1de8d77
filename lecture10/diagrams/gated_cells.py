"""The LSTM and the GRU cell with their gates, in the spirit of colah's "Understanding LSTM Networks".

Each diagram shows one time step: the memory path along the top (the LSTM's cell state c, the GRU's
hidden state h), where the old memory is scaled by a gate and new content is *added*, and below it
the gates, each a sigmoid (σ) of the input x(t) and the previous hidden state h(t-1).
"""
from __future__ import annotations

from lecture10.diagrams.canvas import PLAIN, Canvas
from lecture10.style import PALETTE

#: The colour of the memory path, where the gradient flows back through additions and gates only.
MEMORY = PALETTE["orange"]
#: The colour of the gate signals (sigmoids between 0 and 1).
GATE = PALETTE["blue"]

LSTM_CELL_ALT = (
    "Diagram of one LSTM step. Along the top, in orange, the cell state runs from c(t-1) on the left "
    "to c(t) on the right, through a multiplication by the forget gate f and then an addition of new "
    "content. Below, four boxes read the previous hidden state h(t-1) and the input x(t): the forget "
    "gate f = σ(·), the input gate i = σ(·), the candidate g = tanh(·) and the output gate o = σ(·). "
    "The product i × g is added to the cell state; tanh of the new cell state, multiplied by o, is the "
    "new hidden state h(t), which leaves on the right.")

GRU_CELL_ALT = (
    "Diagram of one GRU step. Along the top, in orange, the hidden state runs from h(t-1) on the left "
    "to h(t) on the right: it is multiplied by the update gate z, and (1 - z) times the candidate n is "
    "added to it. Below, three boxes read h(t-1) and the input x(t): the reset gate r = σ(·), the update "
    "gate z = σ(·) and the candidate n = tanh(·), into which r feeds, scaling the part of the candidate "
    "that comes from h(t-1).")

_OP = 0.42  # the size of a small ×, + or 1 - box


def _op(canvas: Canvas, x: float, y: float, symbol: str) -> None:
    canvas.box(x, y, symbol, "value", width=_OP, height=_OP)


def _inputs(canvas: Canvas, gate_x: list[float], y: float, left: float, right: float) -> None:
    """The bar [h(t-1), x(t)] under the gates, with an arrow up into each gate."""
    canvas.box((left + right) / 2, y, r"$h^{(t-1)}$ and $x^{(t)}$", "data", width=right - left, height=0.5)
    for x in gate_x:
        canvas.arrow((x, y + 0.25), (x, 0.95), PLAIN)


def draw_lstm_cell(ax=None):
    """Draw one LSTM step: the cell-state path, the four gates and the output; return the Axes."""
    canvas = Canvas.new(figsize=(7.0, 3.7), ax=ax, width=1.05, height=0.6, fontsize=11)
    top, mid, gates, out, right = 3.6, 2.4, 1.25, 7.35, 8.7
    f_x, i_x, g_x, o_x = 0.7, 2.4, 4.1, 5.8
    write_x = (i_x + g_x) / 2
    canvas.box(-0.6, top, r"$c^{(t-1)}$", "data", width=0.9)
    canvas.box(right, top, r"$c^{(t)}$", "data", width=0.8)
    canvas.box(right, gates, r"$h^{(t)}$", "data", width=0.8)
    _op(canvas, f_x, top, r"$\times$")
    _op(canvas, write_x, top, "+")
    canvas.arrow((-0.15, top), (f_x - _OP / 2, top), MEMORY)
    canvas.arrow((f_x + _OP / 2, top), (write_x - _OP / 2, top), MEMORY)
    canvas.arrow((write_x + _OP / 2, top), (right - 0.4, top), MEMORY, "c: the memory path", (-1.3, 0.3))
    for x, text, role in ((f_x, r"$f=\sigma(\cdot)$", "gate"), (i_x, r"$i=\sigma(\cdot)$", "gate"),
                          (g_x, r"$g=\tanh(\cdot)$", "value"), (o_x, r"$o=\sigma(\cdot)$", "gate")):
        canvas.box(x, gates, text, role, width=1.55)
    canvas.arrow((f_x, gates + 0.3), (f_x, top - _OP / 2), GATE, "keep", (-0.72, 0.0))
    _op(canvas, write_x, mid, r"$\times$")
    canvas.arrow((i_x, gates + 0.3), (write_x - _OP / 2, mid - 0.1), GATE, "write", (-0.95, 0.12))
    canvas.arrow((g_x, gates + 0.3), (write_x + _OP / 2, mid - 0.1), PLAIN)
    canvas.arrow((write_x, mid + _OP / 2), (write_x, top - _OP / 2), PLAIN)
    canvas.box(out, mid, r"$\tanh$", "value", width=0.75, height=0.45)
    canvas.arrow((out, top), (out, mid + 0.225), MEMORY)
    _op(canvas, out, gates, r"$\times$")
    canvas.arrow((out, mid - 0.225), (out, gates + _OP / 2), PLAIN)
    canvas.arrow((o_x + 0.775, gates), (out - _OP / 2, gates), GATE, "show", (-0.35, -0.4))
    canvas.arrow((out + _OP / 2, gates), (right - 0.4, gates), PLAIN)
    _inputs(canvas, [f_x, i_x, g_x, o_x], 0.1, -0.15, 6.65)
    canvas.text(3.8, 4.5, r"$c^{(t)} = f \odot c^{(t-1)} + i \odot g, \qquad h^{(t)} = o \odot \tanh(c^{(t)})$")
    return canvas.frame((-1.1, 9.2), (-0.25, 4.85), "One LSTM step")


def draw_gru_cell(ax=None):
    """Draw one GRU step: the hidden-state path, the reset and update gates and the candidate; return the Axes."""
    canvas = Canvas.new(figsize=(7.0, 3.7), ax=ax, width=1.05, height=0.6, fontsize=11)
    top, mid, gates, right = 3.6, 2.4, 1.25, 8.55
    z_x, r_x, n_x, add_x = 0.7, 2.85, 5.05, 6.7
    canvas.box(-0.6, top, r"$h^{(t-1)}$", "data", width=0.9)
    canvas.box(right, top, r"$h^{(t)}$", "data", width=0.8)
    _op(canvas, z_x, top, r"$\times$")
    _op(canvas, add_x, top, "+")
    canvas.arrow((-0.15, top), (z_x - _OP / 2, top), MEMORY)
    canvas.arrow((z_x + _OP / 2, top), (add_x - _OP / 2, top), MEMORY, "h: the memory path", (-1.3, 0.3))
    canvas.arrow((add_x + _OP / 2, top), (right - 0.4, top), MEMORY)
    for x, text, role in ((z_x, r"$z=\sigma(\cdot)$", "gate"), (r_x, r"$r=\sigma(\cdot)$", "gate"),
                          (n_x, r"$n=\tanh(\cdot)$", "value")):
        canvas.box(x, gates, text, role, width=1.55)
    canvas.arrow((z_x, gates + 0.3), (z_x, top - _OP / 2), GATE, "keep", (-0.72, 0.0))
    canvas.box(2.0, mid, "$1 - z$", "gate", width=0.8, height=0.45)
    canvas.arrow((z_x + 0.5, gates + 0.3), (1.8, mid - 0.225), GATE)
    _op(canvas, add_x, mid, r"$\times$")
    canvas.arrow((2.4, mid), (add_x - _OP / 2, mid), GATE, "write", (-0.4, 0.25))
    canvas.arrow((n_x + 0.5, gates + 0.3), (add_x - 0.1, mid - _OP / 2), PLAIN)
    canvas.arrow((add_x, mid + _OP / 2), (add_x, top - _OP / 2), PLAIN)
    canvas.arrow((r_x + 0.775, gates), (n_x - 0.775, gates), GATE, "reset", (-0.5, 0.3))
    _inputs(canvas, [z_x, r_x, n_x], 0.1, -0.15, 5.9)
    canvas.text(3.8, 4.5, r"$h^{(t)} = (1 - z) \odot n + z \odot h^{(t-1)}$")
    return canvas.frame((-1.1, 9.0), (-0.25, 4.85), "One GRU step")
