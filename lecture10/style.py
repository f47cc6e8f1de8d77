"""One matplotlib style for every figure of the book (colour-blind-safe)."""
from __future__ import annotations

# Okabe & Ito (2008) palette: distinguishable under the common colour-vision deficiencies.
PALETTE: dict[str, str] = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "sky": "#56B4E9",
    "purple": "#CC79A7",
    "yellow": "#F0E442",
    "black": "#000000",
}

#: The order in which lines are coloured.
CYCLE: list[str] = [PALETTE[k] for k in ("blue", "orange", "green", "vermillion", "sky", "purple", "black")]

#: Colour map for surfaces and images: perceptually uniform and colour-blind-safe.
SEQUENTIAL_CMAP = "cividis"


def apply_style() -> None:
    """Set the book's matplotlib defaults: palette, readable fonts, PNG output at page width."""
    import matplotlib as mpl
    from cycler import cycler

    mpl.rcParams.update(
        {
            "axes.prop_cycle": cycler(color=CYCLE),
            "image.cmap": SEQUENTIAL_CMAP,
            "figure.figsize": (7.0, 4.0),
            "figure.dpi": 100,
            "savefig.dpi": 100,
            "font.size": 11,
            "axes.titlesize": 12,
            "axes.labelsize": 11,
            "axes.grid": True,
            "grid.alpha": 0.3,
            "legend.frameon": False,
            "axes.spines.top": False,
            "axes.spines.right": False,
            # Deterministic files: no creation date or software version in image metadata.
            "svg.hashsalt": "lecture10",
        }
    )
