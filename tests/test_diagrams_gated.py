"""The LSTM and GRU cell diagrams: their boxes, gates, memory path, colours and alt text."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch  # noqa: E402

from lecture10.diagrams.canvas import FILLS  # noqa: E402
from lecture10.diagrams.gated_cells import (  # noqa: E402
    GATE,
    GRU_CELL_ALT,
    LSTM_CELL_ALT,
    MEMORY,
    draw_gru_cell,
    draw_lstm_cell,
)
from lecture10.style import PALETTE  # noqa: E402

CASES = {
    "lstm": (draw_lstm_cell, {"f": "gate", "i": "gate", "o": "gate", "g": "value"}, r"f \odot c^{(t-1)} + i \odot g"),
    "gru": (draw_gru_cell, {"z": "gate", "r": "gate", "n": "value"}, r"(1 - z) \odot n + z \odot h^{(t-1)}"),
}



def _box_fills(ax) -> dict[str, str]:
    """The text of every box, mapped to the box's fill colour (a box's text sits at its centre)."""
    fills = {}
    for box in (p for p in ax.patches if isinstance(p, FancyBboxPatch)):
        cx, cy = box.get_x() + box.get_width() / 2, box.get_y() + box.get_height() / 2
        text = next(t.get_text() for t in ax.texts if abs(t.get_position()[0] - cx) < 1e-9
                    and abs(t.get_position()[1] - cy) < 1e-9)
        fills[text] = to_hex(box.get_facecolor())
    return fills


@pytest.mark.parametrize("kind", CASES)
def test_every_gate_is_a_box_of_its_role_computing_its_function(kind: str) -> None:
    draw, gates, _ = CASES[kind]
    ax = draw()
    fills = _box_fills(ax)
    for name, role in gates.items():
        text = next(t for t in fills if t.startswith(f"${name}="))
        assert (r"\sigma" if role == "gate" else r"\tanh") in text
        assert fills[text] == to_hex(FILLS[role])
    assert {t for t, fill in fills.items() if fill == to_hex(FILLS["gate"])} == (
        {t for t in fills if t[1:2] in gates and gates[t[1]] == "gate"} | ({"$1 - z$"} if kind == "gru" else set()))
    plt.close(ax.figure)


@pytest.mark.parametrize("kind", CASES)
def test_the_memory_path_is_drawn_in_its_colour_and_the_update_equation_is_shown(kind: str) -> None:
    draw, _, equation = CASES[kind]
    ax = draw()
    arrows = [p for p in ax.patches if isinstance(p, FancyArrowPatch)]
    colours = [to_hex(a.get_edgecolor()) for a in arrows]
    assert colours.count(MEMORY.lower()) >= 3  # into the x, on to the +, out to the new state
    assert GATE.lower() in colours and {MEMORY, GATE} <= set(PALETTE.values())
    assert any(equation in t.get_text() for t in ax.texts)
    assert any("memory path" in t.get_text() for t in ax.texts)
    assert kind.upper() in ax.get_title()
    plt.close(ax.figure)


@pytest.mark.parametrize("kind", CASES)
def test_every_arrow_starts_and_ends_inside_the_frame(kind: str) -> None:
    draw, _, _ = CASES[kind]
    ax = draw()
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    for arrow in (p for p in ax.patches if isinstance(p, FancyArrowPatch)):
        for x, y in arrow._posA_posB:
            assert x0 <= x <= x1 and y0 <= y <= y1
    plt.close(ax.figure)


def test_alt_texts_name_every_gate_and_state() -> None:
    for word in ("c(t-1)", "c(t)", "h(t-1)", "x(t)", "h(t)", "forget gate f", "input gate i", "candidate g",
                 "output gate o", "added"):
        assert word in LSTM_CELL_ALT
    for word in ("h(t-1)", "h(t)", "x(t)", "reset gate r", "update gate z", "candidate n", "(1 - z)", "added"):
        assert word in GRU_CELL_ALT
