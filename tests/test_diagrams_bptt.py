"""The backward-pass diagram of the bptt chapter: what it draws, with and without truncation."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch  # noqa: E402

from lecture10.diagrams import BACKWARD_ALT, TRUNCATED_ALT, draw_bptt_backward  # noqa: E402
from lecture10.diagrams.canvas import WEIGHT_COLOURS  # noqa: E402


def _arrows(ax) -> list[FancyArrowPatch]:
    return [p for p in ax.patches if isinstance(p, FancyArrowPatch)]


def test_full_bptt_has_a_v_arrow_per_step_and_a_w_arrow_between_steps() -> None:
    ax = draw_bptt_backward(T=4)
    boxes = [p for p in ax.patches if isinstance(p, FancyBboxPatch)]
    assert len(boxes) == 2 * 4 + 1  # y/r and h/z signals per step, plus the loss
    labels = [t.get_text() for t in ax.texts]
    assert labels.count("v") == 4 and labels.count("w") == 3  # T - 1 steps back in time
    assert {to_hex(t.get_color()) for t in ax.texts if t.get_text() == "w"} == {WEIGHT_COLOURS["w"].lower()}
    assert "$\\overline{z^{(5)}} = 0$" in labels and "cut" not in labels
    # arrows: loss -> each output (4), v (4), w (3), and z_bar(T+1) into the last step (1)
    assert len(_arrows(ax)) == 12
    plt.close(ax.figure)


@pytest.mark.parametrize("T, k, cuts", [(4, 2, 1), (6, 2, 2), (6, 3, 1), (4, 4, 0), (5, 1, 4)])
def test_truncation_cuts_the_w_arrow_at_every_chunk_boundary(T: int, k: int, cuts: int) -> None:
    ax = draw_bptt_backward(T=T, truncate=k)
    labels = [t.get_text() for t in ax.texts]
    assert labels.count("cut") == cuts and labels.count("w") == T - 1 - cuts
    dashed = [a for a in _arrows(ax) if a.get_linestyle() not in ("-", "solid")]
    assert len(dashed) == cuts
    assert f"k = {k}" in ax.get_title()
    plt.close(ax.figure)


def test_alt_texts_name_what_is_drawn() -> None:
    for word in ("y-bar(t)", "h-bar(t)", "v", "w", "z-bar(T+1) = 0"):
        assert word in BACKWARD_ALT
    assert "cut" in TRUNCATED_ALT and "chunk" in TRUNCATED_ALT


@pytest.mark.parametrize("kwargs, message", [({"T": 0}, "T must be an int"), ({"T": 7}, "T must be an int"),
                                             ({"truncate": 0}, "truncate must be a positive int")])
def test_bad_arguments_raise(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        draw_bptt_backward(**kwargs)
