"""page_source: a function's code exactly, its comments re-wrapped to the column, nothing wider."""
from __future__ import annotations

import pytest

from lecture10.source import page_source


def example(table, index, rate=0.5):
    """A docstring the page leaves out."""
    n = len(index)  # short: stays
    # A comment much longer than the narrow column of this test, written on two lines as the
    # source has it, and re-wrapped as one paragraph.
    # short one
    total = table[index].sum() * rate  # a trailing comment too long for the column, moved up
    return total / n


def short_comments(x):
    # first line
    # second line
    return x


def wide_code(x):
    return x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x


def test_the_code_is_kept_and_the_comments_fit_the_column() -> None:
    shown = page_source(example, width=60).splitlines()
    assert shown[0] == "def example(table, index, rate):"
    assert "docstring" not in "\n".join(shown)
    assert max(map(len, shown)) <= 60
    assert "    n = len(index)  # short: stays" in shown
    assert "    total = table[index].sum() * rate" in shown
    moved = shown.index("    total = table[index].sum() * rate")
    assert shown[moved - 1].startswith("    # ") and "moved up" in shown[moved - 1]
    comment = " ".join(line.strip()[2:] for line in shown[2:moved - 1])
    assert comment.startswith("A comment much longer") and comment.endswith("short one")
    assert shown[-1] == "    return total / n"


def test_short_comment_runs_keep_their_lines() -> None:
    assert page_source(short_comments) == "def short_comments(x):\n    # first line\n    # second line\n    return x"


def test_a_code_line_wider_than_the_column_is_refused() -> None:
    with pytest.raises(ValueError, match="wide_code is .* characters long"):
        page_source(wide_code, width=88)
    with pytest.raises(ValueError, match="width must be a positive int"):
        page_source(example, width=0)
