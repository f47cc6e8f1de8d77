"""The drawing primitives every diagram uses: rounded boxes, labelled arrows, text, on data coordinates."""
from __future__ import annotations

from dataclasses import dataclass, field

from lecture10.style import PALETTE

#: Fill colours of a diagram's boxes by role: data flowing in or out, computed values, parameters.
FILLS = {"data": "#eeeeee", "value": "white", "parameter": "#fff3d6", "gate": "#dceefb"}
#: The colour of an arrow that carries no parameter.
PLAIN = "0.35"


@dataclass
class Canvas:
    """A matplotlib Axes used as a whiteboard: equal aspect, no axes, boxes of one default size."""

    ax: object
    width: float = 1.15
    height: float = 0.6
    fontsize: float = 11
    items: list = field(default_factory=list)  # (kind, text) of everything drawn, for tests and alt text

    @classmethod
    def new(cls, figsize: tuple[float, float] = (7.0, 3.5), ax=None, **kwargs) -> Canvas:
        """A canvas on ``ax``, or on a new figure of ``figsize`` inches."""
        import matplotlib.pyplot as plt

        if ax is None:
            _, ax = plt.subplots(figsize=figsize)
        ax.set_aspect("equal")
        ax.axis("off")
        return cls(ax, **kwargs)

    def box(self, cx: float, cy: float, text: str, role: str = "value", width: float | None = None,
            height: float | None = None) -> tuple[float, float, float, float]:
        """A rounded box centred at (cx, cy) holding ``text``; returns its (left, bottom, right, top)."""
        from matplotlib.patches import FancyBboxPatch

        if role not in FILLS:
            raise ValueError(f"role must be one of {sorted(FILLS)}, got {role!r}")
        w, h = width or self.width, height or self.height
        self.ax.add_patch(FancyBboxPatch((cx - w / 2, cy - h / 2), w, h, boxstyle="round,pad=0.02,rounding_size=0.12",
                                         fc=FILLS[role], ec="black", lw=1.2))
        self.ax.text(cx, cy, text, ha="center", va="center", fontsize=self.fontsize)
        self.items.append(("box", text))
        return cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2

    def arrow(self, start: tuple[float, float], end: tuple[float, float], colour: str = PLAIN, label: str = "",
              offset: tuple[float, float] = (0.12, 0.0)) -> None:
        """An arrow from ``start`` to ``end``, labelled (in its colour) next to its middle."""
        from matplotlib.patches import FancyArrowPatch

        self.ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=14, color=colour, lw=1.8))
        if label:
            mx, my = (start[0] + end[0]) / 2 + offset[0], (start[1] + end[1]) / 2 + offset[1]
            self.ax.text(mx, my, label, color=colour, fontsize=self.fontsize + 1, fontweight="bold",
                         ha="left", va="center")
        self.items.append(("arrow", label))

    def text(self, x: float, y: float, text: str, **kwargs) -> None:
        """Free text at (x, y), centred unless told otherwise."""
        self.ax.text(x, y, text, **{"ha": "center", "va": "center", "fontsize": self.fontsize, **kwargs})
        self.items.append(("text", text))

    def frame(self, xlim: tuple[float, float], ylim: tuple[float, float], title: str = "") -> object:
        """Fix the visible region and the title; return the Axes."""
        self.ax.set_xlim(*xlim)
        self.ax.set_ylim(*ylim)
        if title:
            self.ax.set_title(title)
        return self.ax


#: Colours of the three shared weights of the lecture's RNN, used wherever u, v, w are drawn.
WEIGHT_COLOURS = {"u": PALETTE["blue"], "w": PALETTE["vermillion"], "v": PALETTE["green"]}
