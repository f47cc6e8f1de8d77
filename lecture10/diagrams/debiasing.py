"""Hard debiasing in two dimensions: neutralize (drop the part along g) and equalize (mirror a pair).

The drawn vectors are not sketched by hand: they are computed by :func:`lecture10.bias.debias.neutralize`
and :func:`lecture10.bias.debias.equalize` from the example vectors below, so the picture shows what the
book's code does. The horizontal axis is the gender direction g (he to the right), the vertical axis
everything orthogonal to it.
"""
from __future__ import annotations

import numpy as np

from lecture10.bias.debias import equalize, neutralize
from lecture10.diagrams.canvas import PLAIN, Canvas
from lecture10.style import PALETTE

#: The example's unit vectors (g = the x axis): a neutral word, and a pair that should differ only in gender.
NEUTRAL = np.array([0.6, 0.8])
PAIR = (np.array([0.95, np.sqrt(1 - 0.95**2)]), np.array([-0.6, 0.8]))  # grandfather, grandmother
G = np.array([1.0, 0.0])

HARD_DEBIASING_ALT = (
    "Two panels, one above the other, each on a plane whose horizontal axis is the gender direction g (she to the left, he to the "
    "right); dashed arrows are vectors before debiasing, solid ones after. Top, neutralize: the unit "
    "vector of 'babysitter' leans towards he (0.6 along g); that part is removed and the rest rescaled, "
    "giving a unit vector straight up, orthogonal to g. Bottom, equalize: 'grandfather' (0.95 along g) "
    "and 'grandmother' (-0.6) start at different heights; afterwards they are mirror images about the "
    "vertical axis (+0.83 and -0.83 along g, both at height 0.56), so the neutralized 'babysitter' is "
    "equally far from both."
)


def debiasing_example() -> dict[str, np.ndarray]:
    """The example's vectors before and after hard debiasing (computed by lecture10.bias.debias)."""
    grandfather, grandmother = PAIR
    new_father, new_mother = equalize(grandfather, grandmother, G)
    return {"babysitter": NEUTRAL, "babysitter'": neutralize(NEUTRAL[None, :], G)[0],
            "grandfather": grandfather, "grandmother": grandmother,
            "grandfather'": new_father, "grandmother'": new_mother}


def _axes(canvas: Canvas) -> None:
    """The gender direction (horizontal, labelled g) and its orthogonal complement (vertical)."""
    theta = np.linspace(0, np.pi, 60)
    canvas.ax.plot(np.cos(theta), np.sin(theta), color="0.8", lw=1, zorder=0)  # the unit circle
    canvas.ax.plot([-1.15, 1.15], [0, 0], color=PLAIN, lw=0.8)
    canvas.ax.plot([0, 0], [0, 1.1], color=PLAIN, lw=0.8, ls=":")
    canvas.text(1.2, -0.12, "g: he →", ha="right", fontsize=10)
    canvas.text(-1.2, -0.12, "← she", ha="left", fontsize=10)
    canvas.text(0.0, -0.3, "dashed: before, solid: after", fontsize=9, color=PLAIN)


def _vector(canvas: Canvas, tip: np.ndarray, colour: str, before: bool = False) -> None:
    """An arrow from the origin to ``tip``: dashed and faded before debiasing, solid after."""
    canvas.arrow((0.0, 0.0), (float(tip[0]), float(tip[1])), colour)
    if before:
        canvas.ax.patches[-1].set(alpha=0.5, linestyle="--")


def draw_hard_debiasing(axes=None) -> tuple:
    """Draw neutralize (top) and equalize (below it) on the example vectors; return the two Axes."""
    import matplotlib.pyplot as plt

    if axes is None:
        _, axes = plt.subplots(2, 1, figsize=(4.6, 4.4))  # stacked: legible on a phone
    top, bottom = (Canvas.new(ax=ax) for ax in axes)
    v = debiasing_example()
    blue, red = PALETTE["blue"], PALETTE["vermillion"]
    _axes(top)
    _vector(top, v["babysitter"], blue, before=True)
    top.text(0.65, 0.82, "babysitter", color=blue, fontsize=10, ha="left")
    top.ax.plot([v["babysitter"][0], 0], [v["babysitter"][1]] * 2, color=red, lw=2)
    top.text(0.62, 0.45, "part along g\nremoved", color=red, fontsize=9, ha="left")
    _vector(top, v["babysitter'"], blue)
    top.text(0.0, 1.1, "babysitter′", color=blue, fontsize=10)
    top.frame((-1.25, 1.25), (-0.4, 1.22), "Neutralize")
    _axes(bottom)
    for word, colour, side in (("grandfather", PALETTE["green"], 1), ("grandmother", PALETTE["orange"], -1)):
        _vector(bottom, v[word], colour, before=True)
        _vector(bottom, v[word + "'"], colour)
        x, y = v[word + "'"]
        bottom.text(x + side * 0.05, y + 0.1, word + "′", color=colour, fontsize=10,
                    ha="left" if side > 0 else "right")
    tip = v["babysitter'"]
    _vector(bottom, tip, blue)
    bottom.text(0.0, 1.12, "babysitter′", color=blue, fontsize=10)
    for word in ("grandfather'", "grandmother'"):  # equally long: what equalize promises
        bottom.ax.plot([tip[0], v[word][0]], [tip[1], v[word][1]], color=PALETTE["purple"], lw=1.5, ls=":")
    bottom.frame((-1.25, 1.25), (-0.4, 1.22), "Equalize")
    return top.ax, bottom.ax
