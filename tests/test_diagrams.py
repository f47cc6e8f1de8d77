"""The book's diagrams: what each one draws, its palette, its alt text, and its argument checks."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch  # noqa: E402

from lecture10.diagrams import UNROLLED_ALT, Canvas, draw_unrolled_rnn  # noqa: E402
from lecture10.style import PALETTE  # noqa: E402


def test_unrolled_rnn_has_a_box_per_node_and_an_arrow_per_edge_in_the_weights_colours() -> None:
    ax = draw_unrolled_rnn(T=4)
    boxes = [p for p in ax.patches if isinstance(p, FancyBboxPatch)]
    arrows = [p for p in ax.patches if isinstance(p, FancyArrowPatch)]
    assert len(boxes) == 3 * 4 + 2  # x, z/h, r/y per step, plus h(0) and the loss
    assert len(arrows) == 4 * 4     # u, v, w and the arrow into the loss per step
    labels = [t.get_text() for t in ax.texts]
    assert labels.count("u") == labels.count("v") == labels.count("w") == 4  # shared: one label per use
    colours = {to_hex(t.get_color()) for t in ax.texts if t.get_text() in "uvw"}
    assert colours <= {PALETTE["blue"].lower(), PALETTE["vermillion"].lower(), PALETTE["green"].lower()}
    assert "T = 4" in ax.get_title()
    plt.close(ax.figure)


def test_unrolled_rnn_alt_text_names_what_is_drawn() -> None:
    for word in ("x(t)", "h(t)", "y(t)", "u", "v", "w", "loss"):
        assert word in UNROLLED_ALT


def test_canvas_records_what_it_draws_and_refuses_unknown_roles() -> None:
    canvas = Canvas.new()
    canvas.box(0, 0, "a", "parameter")
    canvas.arrow((0, 0), (1, 1), label="w")
    assert canvas.items == [("box", "a"), ("arrow", "w")]
    with pytest.raises(ValueError, match="role"):
        canvas.box(0, 0, "b", "weights")
    plt.close(canvas.ax.figure)


@pytest.mark.parametrize("T", [0, 9, 2.0, True])
def test_unrolled_rnn_refuses_a_bad_number_of_steps(T) -> None:
    with pytest.raises(ValueError, match="T must be an int"):
        draw_unrolled_rnn(T=T)
