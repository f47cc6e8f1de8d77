"""The co-occurrence window diagram: one row of words per centre, the window's words shaded and weighted 1/d."""
from __future__ import annotations

from fractions import Fraction

import matplotlib
import numpy as np

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch  # noqa: E402

from lecture10.diagrams.canvas import FILLS  # noqa: E402
from lecture10.diagrams.cooccurrence_window import (  # noqa: E402
    COOCCURRENCE_WINDOW_ALT,
    SENTENCE,
    draw_cooccurrence_window,
    window_weights,
)
from lecture10.glove.cooccurrence import build_vocabulary, cooccurrence_counts, encode  # noqa: E402
from lecture10.style import PALETTE  # noqa: E402


def word_boxes(ax) -> list[FancyBboxPatch]:
    return [p for p in ax.patches if isinstance(p, FancyBboxPatch) and p.get_fill()]


def test_window_weights_are_one_over_the_distance_and_stop_at_the_sentence_ends() -> None:
    assert window_weights(8, 1, 2) == {0: 1, 2: 1, 3: Fraction(1, 2)}
    assert window_weights(8, 7, 3) == {4: Fraction(1, 3), 5: Fraction(1, 2), 6: 1}
    assert window_weights(1, 0, 2) == {}


def test_the_weights_drawn_add_up_to_the_cooccurrence_matrix() -> None:
    # Sliding the drawn window over every centre and adding its weights gives exactly GloVe's X.
    vocabulary = build_vocabulary([list(SENTENCE)], min_count=1)
    ids, doc = encode([list(SENTENCE)], vocabulary)
    X = cooccurrence_counts(ids, doc, len(vocabulary), window=2).to_dense()
    slid = np.zeros_like(X)
    for centre, word in enumerate(SENTENCE):
        for p, weight in window_weights(len(SENTENCE), centre, 2).items():
            slid[vocabulary.index(word), vocabulary.index(SENTENCE[p])] += float(weight)
    np.testing.assert_allclose(slid, X)


def test_one_row_of_boxes_per_centre_with_the_centre_and_its_window_shaded() -> None:
    ax = draw_cooccurrence_window(window=2, centres=(1, 2, 3))
    boxes = word_boxes(ax)
    assert len(boxes) == 3 * len(SENTENCE)
    fills = [to_hex(b.get_facecolor()) for b in boxes]
    assert fills.count(FILLS["parameter"]) == 3  # one centre per row
    assert fills.count(FILLS["gate"]) == 3 + 4 + 4  # ice's ... the words within 2 of melts, into, water
    labels = [t.get_text() for t in ax.texts]
    assert labels.count("+1") == 2 + 2 + 2 and labels.count("+1/2") == 1 + 2 + 2
    assert {to_hex(t.get_color()) for t in ax.texts if t.get_text().startswith("+")} == {PALETTE["blue"].lower()}
    assert labels.count("centre") == 3
    assert len([p for p in ax.patches if isinstance(p, FancyArrowPatch)]) == 2  # the window moves twice
    assert "window of 2" in ax.get_title()
    plt.close(ax.figure)


def test_the_figure_fits_the_page_and_its_text_stays_legible() -> None:
    ax = draw_cooccurrence_window()
    width, _ = ax.figure.get_size_inches()
    assert width <= 8
    assert min(t.get_fontsize() for t in ax.texts) >= 9
    plt.close(ax.figure)


def test_alt_text_names_what_is_drawn() -> None:
    for phrase in ("window of 2", "melts", "into", "water", "1/2", "yellow", "blue", "nothing"):
        assert phrase in COOCCURRENCE_WINDOW_ALT


@pytest.mark.parametrize("kwargs, message", [
    ({"window": 0}, "window must be an int"),
    ({"window": 8}, "window must be an int"),
    ({"centres": ()}, "centres must name"),
    ({"centres": (8,)}, "a centre must be an int"),
    ({"tokens": ["one"]}, "2 to 10 words"),
    ({"tokens": [str(k) for k in range(11)]}, "2 to 10 words"),
])
def test_bad_arguments_are_refused_with_their_name(kwargs, message) -> None:
    with pytest.raises(ValueError, match=message):
        draw_cooccurrence_window(**kwargs)


def test_a_sentence_given_as_one_string_is_refused() -> None:
    with pytest.raises(TypeError, match="tokens must be a list"):
        draw_cooccurrence_window(tokens="ice melts into water")
