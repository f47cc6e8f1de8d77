"""The sentiment classifier's diagram: a column per token, the shared weights' colours, shapes, alt text."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch  # noqa: E402

from lecture10.diagrams.canvas import WEIGHT_COLOURS  # noqa: E402
from lecture10.diagrams.sentiment_model import SENTIMENT_MODEL_ALT, SLIDE_TOKENS, draw_sentiment_model  # noqa: E402
from lecture10.sentiment.tweets import tokenize_tweet  # noqa: E402


def _arrow_colours(ax) -> list[str]:
    return [to_hex(p.get_facecolor()) for p in ax.patches if isinstance(p, FancyArrowPatch)]


@pytest.mark.parametrize("tokens", [SLIDE_TOKENS, ("not", "bad"), tuple("abcdef")])
def test_one_column_per_token_and_one_output_path(tokens) -> None:
    ax = draw_sentiment_model(tokens)
    T = len(tokens)
    boxes = [p for p in ax.patches if isinstance(p, FancyBboxPatch)]
    assert len(boxes) == 3 * T + 1 + 2  # token, x(t), h(t) per step; h(0); scores and the softmax
    colours = _arrow_colours(ax)
    assert colours.count(to_hex(WEIGHT_COLOURS["u"])) == T  # W_ih into every hidden state
    assert colours.count(to_hex(WEIGHT_COLOURS["w"])) == T  # W_hh from h(0) on
    assert colours.count(to_hex(WEIGHT_COLOURS["v"])) == 1  # the output layer reads h(T) only
    texts = [t.get_text() for t in ax.texts]
    assert all(token in texts for token in tokens)
    assert f"$h^{{({T})}}$: (B, 64)" in texts and "GloVe lookup\n(B, T, 50)" in texts
    plt.close(ax.figure)


def test_the_slide_tweet_is_tokenized_as_the_book_does() -> None:
    assert list(SLIDE_TOKENS) == tokenize_tweet("WOOOOO! Xbox is back")


def test_shapes_follow_the_dimensions() -> None:
    ax = draw_sentiment_model(dim=100, hidden=32)
    texts = [t.get_text() for t in ax.texts]
    assert "GloVe lookup\n(B, T, 100)" in texts and "RNN over time\n(B, T, 32)" in texts
    plt.close(ax.figure)


def test_alt_text_names_what_is_drawn() -> None:
    for words in ("woo, !, xbox, is, back", "W_ih", "W_hh", "V", "(B, T, 50)", "(B, 64)", "(B, 2)", "P(positive)",
                  "h(5)"):
        assert words in SENTIMENT_MODEL_ALT


@pytest.mark.parametrize("tokens", [("one",), tuple("abcdefg"), "a tweet"])
def test_bad_token_lists_are_refused(tokens) -> None:
    with pytest.raises((ValueError, TypeError), match="tokens"):
        draw_sentiment_model(tokens)
