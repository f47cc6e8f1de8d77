"""GloVe's co-occurrence window sliding over a sentence: each word within d positions of the centre adds 1/d."""
from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from lecture10 import _checks
from lecture10.diagrams.canvas import Canvas
from lecture10.style import PALETTE

#: The sentence of the glove-counts chapter's worked example, tokenized.
SENTENCE = ("ice", "melts", "into", "water", "steam", "condenses", "into", "water")

COOCCURRENCE_WINDOW_ALT = (
    "Diagram of a window of 2 words sliding over the sentence 'ice melts into water steam condenses "
    "into water', drawn as a row of word boxes, once for each of three centre words: melts, into and "
    "water. In each row the centre word is shaded yellow, the words 1 and 2 positions from it on either "
    "side are shaded blue and labelled with the weight they add to the centre word's counts, 1 for a "
    "neighbour and 1/2 for a word two positions away, and the words farther away are white and add "
    "nothing. An arrow at the right shows the window moving one word to the right from row to row.")


def window_weights(length: int, centre: int, window: int) -> dict[int, Fraction]:
    """The positions within ``window`` of ``centre`` in a sentence of ``length`` words, with their weight 1/d."""
    return {p: Fraction(1, abs(p - centre)) for p in range(max(0, centre - window), min(length, centre + window + 1))
            if p != centre}


def draw_cooccurrence_window(tokens: Sequence[str] = SENTENCE, window: int = 2,
                             centres: Sequence[int] = (1, 2, 3), ax=None):
    """Draw the window of ``window`` words around each of ``centres`` (positions in ``tokens``), one row each."""
    tokens = _checks.words(tokens, "tokens")
    if not 2 <= len(tokens) <= 10:  # more words do not fit the page's width
        raise ValueError(f"tokens must hold 2 to 10 words, got {len(tokens)}")
    window = _checks.int_between(window, "window", 1, len(tokens) - 1)
    if not centres:
        raise ValueError("centres must name at least one position")
    centres = [_checks.int_between(c, "a centre", 0, len(tokens) - 1) for c in centres]
    step, row_gap = 1.62, 1.6
    if ax is None:  # the whole figure's width for the words: the boxes must hold "condenses" at 10 pt
        import matplotlib.pyplot as plt

        ax = plt.figure(figsize=(7.5, 1.0 + 1.1 * len(centres))).add_axes((0.0, 0.0, 1.0, 0.86))
    canvas = Canvas.new(ax=ax, width=1.5, height=0.55, fontsize=10)
    for r, centre in enumerate(centres):
        y = -r * row_gap
        weights = window_weights(len(tokens), centre, window)
        for p, token in enumerate(tokens):
            role = "parameter" if p == centre else "gate" if p in weights else "value"
            canvas.box(p * step, y, token, role)
            if p == centre:
                canvas.text(p * step, y + 0.44, "centre", fontsize=9, color="0.3")
            if p in weights:
                canvas.text(p * step, y - 0.5, f"+{weights[p]}", color=PALETTE["blue"], fontweight="bold")
        low, high = min(weights), max(weights)  # the window's outline, around its boxes and weights
        canvas.ax.add_patch(_outline((low * step - 0.8, y - 0.72), (high - low) * step + 1.6, 1.37))
        if r + 1 < len(centres):
            x = (len(tokens) - 1) * step + 1.0
            canvas.arrow((x, y - 0.15), (x, y - row_gap + 0.15))
    last = -(len(centres) - 1) * row_gap
    return canvas.frame((-0.85, (len(tokens) - 1) * step + 1.25), (last - 0.8, 0.75),
                        f"A window of {window} words slides over the sentence: a word d apart adds 1/d")


def _outline(corner: tuple[float, float], width: float, height: float):
    """A dashed frame around the window's boxes."""
    from matplotlib.patches import FancyBboxPatch

    return FancyBboxPatch(corner, width, height, boxstyle="round,pad=0.02,rounding_size=0.15", fill=False,
                          ec=PALETTE["blue"], lw=1.4, ls="--")
