"""The hard-debiasing diagram: the vectors it draws are what neutralize and equalize do, and its alt text says so."""
from __future__ import annotations

import re

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.patches import FancyArrowPatch  # noqa: E402

from lecture10.diagrams import HARD_DEBIASING_ALT, draw_hard_debiasing  # noqa: E402
from lecture10.diagrams.debiasing import debiasing_example  # noqa: E402


def test_the_example_is_hard_debiasing_worked_by_hand() -> None:
    v = debiasing_example()
    # neutralize (0.6, 0.8) along g = e1: (0, 0.8), rescaled: (0, 1)
    assert v["babysitter'"] == pytest.approx([0.0, 1.0])
    # equalize a = (0.95, sqrt(1 - 0.95^2)), b = (-0.6, 0.8): nu = (0, (a2 + 0.8) / 2), z = sqrt(1 - nu2^2)
    height = (np.sqrt(1 - 0.95**2) + 0.8) / 2
    z = np.sqrt(1 - height**2)
    assert v["grandfather'"] == pytest.approx([z, height]) and v["grandmother'"] == pytest.approx([-z, height])
    # what equalize promises: the neutral word is equally far from both
    tip = v["babysitter'"]
    assert np.linalg.norm(tip - v["grandfather'"]) == pytest.approx(np.linalg.norm(tip - v["grandmother'"]))


def test_each_vector_is_an_arrow_from_the_origin_to_its_tip() -> None:
    top, bottom = draw_hard_debiasing()
    v = debiasing_example()
    tips = {ax: [tuple(np.round(p._posA_posB[1], 6)) for p in ax.patches if isinstance(p, FancyArrowPatch)]
            for ax in (top, bottom)}
    assert all(p._posA_posB[0] == (0.0, 0.0) for ax in (top, bottom) for p in ax.patches
               if isinstance(p, FancyArrowPatch))
    expected_top = [v["babysitter"], v["babysitter'"]]
    expected_bottom = [v[w] for w in ("grandfather", "grandfather'", "grandmother", "grandmother'", "babysitter'")]
    assert tips[top] == [tuple(np.round(t, 6)) for t in expected_top]
    assert tips[bottom] == [tuple(np.round(t, 6)) for t in expected_bottom]
    dashed = [p.get_linestyle() == "--" for p in bottom.patches if isinstance(p, FancyArrowPatch)]
    assert dashed == [True, False, True, False, False]  # only the vectors before debiasing are dashed
    assert (top.get_title(), bottom.get_title()) == ("Neutralize", "Equalize")
    plt.close(top.figure)


def test_the_alt_text_quotes_the_drawn_numbers() -> None:
    v = debiasing_example()
    numbers = set(re.findall(r"[+-]?\d\.\d+", HARD_DEBIASING_ALT))
    assert {"0.6", "0.95", "-0.6"} <= numbers                               # the inputs along g
    x, height = v["grandfather'"]
    assert {f"+{x:.2f}", f"-{x:.2f}", f"{height:.2f}"} <= numbers          # after: mirrored, same height
    for word in ("neutralize", "equalize", "babysitter", "grandfather", "grandmother", "dashed"):
        assert word in HARD_DEBIASING_ALT.lower()


def test_the_chapter_shows_the_diagram_with_its_alt_text() -> None:
    import nbformat

    from tools.notebooks import ROOT

    nb = nbformat.read(ROOT / "book" / "debiasing.ipynb", as_version=4)
    drawing = [c for c in nb.cells if c.cell_type == "code" and "draw_hard_debiasing(" in c.source]
    assert len(drawing) == 1
    assert drawing[0].metadata["mystnb"]["image"]["alt"] == HARD_DEBIASING_ALT
