"""The lecture's sentiment classifier: tweet -> GloVe lookup -> RNN over time -> final state -> linear -> P(positive).

One column per token, bottom to top: the token, its GloVe vector x(t) (looked up, not computed), the
hidden state h(t); the final state h(T) feeds the linear layer and the softmax on the right. Each
stage is labelled with its tensor shape for a batch of B tweets. The shared weights have the book's
colours: W_ih (u, blue) into every hidden state, W_hh (w, vermillion) from each state to the next,
and the output layer V (v, green), used once.
"""
from __future__ import annotations

from collections.abc import Sequence

from lecture10 import _checks
from lecture10.diagrams.canvas import PLAIN, WEIGHT_COLOURS, Canvas

#: The slide's tweet "WOOOOO! Xbox is back", as the book's tokenizer splits it.
SLIDE_TOKENS = ("woo", "!", "xbox", "is", "back")

SENTIMENT_MODEL_ALT = (
    "Diagram of the sentiment classifier on the tweet 'WOOOOO! Xbox is back', read bottom to top and left "
    "to right. Five token boxes (woo, !, xbox, is, back; token ids of shape (B, T)) each point up to their "
    "GloVe vector x(1) to x(5) (a table lookup; shape (B, T, 50)), and each vector points up, through a blue "
    "arrow labelled W_ih, to its hidden state h(1) to h(5) (shape (B, T, 64)). Vermillion arrows labelled "
    "W_hh join h(0) to h(1) and each hidden state to the next. Only the final state h(5), shape (B, 64), "
    "goes on, through a green arrow labelled V (the linear layer), to the two class scores (B, 2), and a "
    "softmax turns them into P(positive).")


def draw_sentiment_model(tokens: Sequence[str] = SLIDE_TOKENS, dim: int = 50, hidden: int = 64, ax=None):
    """Draw the classifier reading ``tokens`` (2 to 6 of them), with tensor shapes; return the Axes."""
    tokens = _checks.words(tokens, "tokens", kind="tokens")
    T = _checks.int_between(len(tokens), "the number of tokens", 2, 6)
    canvas = Canvas.new(figsize=(8.0, 4.4), ax=ax, width=1.15, height=0.6, fontsize=11)
    gap, rows, half = 1.5, {"token": 0.0, "x": 1.45, "h": 2.9}, canvas.height / 2
    canvas.box(0.0, rows["h"], "$h^{(0)}$", "data", width=0.8)
    for t, token in enumerate(tokens, start=1):
        cx = gap * t
        canvas.box(cx, rows["token"], token, "data")
        canvas.box(cx, rows["x"], f"$x^{{({t})}}$", "parameter")
        canvas.box(cx, rows["h"], f"$h^{{({t})}}$")
        canvas.arrow((cx, rows["token"] + half), (cx, rows["x"] - half), PLAIN)
        canvas.arrow((cx, rows["x"] + half), (cx, rows["h"] - half), WEIGHT_COLOURS["u"],
                     "$W_{ih}$" if t == 1 else "", (-0.75, 0.0))
        start = cx - gap + (0.4 if t == 1 else canvas.width / 2)
        canvas.arrow((start, rows["h"]), (cx - canvas.width / 2, rows["h"]), WEIGHT_COLOURS["w"],
                     "$W_{hh}$" if t == 1 else "", (-0.35, 0.5))
    last, right = gap * T, gap * T + 3.1
    canvas.box(right, rows["h"], "scores\n(B, 2)", "value", width=1.5, height=0.85)
    canvas.box(right, rows["h"] + 1.45, "softmax:\nP(positive)", "data", width=2.3, height=0.85)
    canvas.arrow((last + canvas.width / 2, rows["h"]), (right - 0.75, rows["h"]), WEIGHT_COLOURS["v"], "$V$",
                 (-0.15, 0.3))
    canvas.arrow((right, rows["h"] + 0.425), (right, rows["h"] + 1.025), PLAIN)
    shapes = {"token": "token ids\n(B, T)", "x": f"GloVe lookup\n(B, T, {dim})",
              "h": f"RNN over time\n(B, T, {hidden})"}
    for row, text in shapes.items():
        canvas.text(-1.85, rows[row], text, fontsize=10, color="0.25")
    canvas.text(last + 0.45, rows["h"] - 0.62, f"$h^{{({T})}}$: (B, {hidden})", fontsize=10, color="0.25",
                ha="left")
    return canvas.frame((-2.85, right + 1.2), (-0.45, rows["h"] + 2.0),
                        "The sentiment classifier: one tweet, read left to right")
