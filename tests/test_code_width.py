"""Code and printed output fit the site's column: no line longer than CODE_LINE_LIMIT characters.

At 1280 px the site shows CODE_LINE_LIMIT = 88 characters of code without scrolling (black's default
line length; tests/test_site_browser.py measures that the site really does). A longer line hides its
end behind a scrollbar; a longer output line wraps on the site. Format code with
`black --line-length 88` or `ruff format` (the same default) and print tables narrower.

KNOWN_TOO_WIDE lists the chapters written before this rule, fixed by the chapter rework: each entry
is an expected failure (strict), so a chapter that is fixed fails here until its entry is removed.
"""
from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from site_browser_support import CODE_LINE_LIMIT, ROOT

NOTEBOOKS = sorted((ROOT / "book").glob("*.ipynb"))
RICH = {"text/html", "image/png", "image/svg+xml", "application/vnd.jupyter.widget-view+json"}

#: (notebook, "code" | "outputs"): chapters the rework reformats. Remove an entry when its test passes.
KNOWN_TOO_WIDE: set[tuple[str, str]] = set()


def _shown_code_cells(path: Path) -> list[tuple[int, nbformat.NotebookNode]]:
    nb = nbformat.read(path, as_version=4)
    return [(i, c) for i, c in enumerate(nb.cells)
            if c.cell_type == "code" and "remove-cell" not in c.metadata.get("tags", [])]


def _conclude(path: Path, kind: str, offenders: list[str]) -> None:
    """Pass, fail listing the offending cells, or (a known failure) xfail; a fixed known failure fails."""
    report = (f"{path.name}: {len(offenders)} {kind} lines longer than {CODE_LINE_LIMIT} characters "
              f"(cells counted from 0, every cell):\n" + "\n".join(offenders))
    if (path.name, kind) in KNOWN_TOO_WIDE:
        assert offenders, f"{path.name} now fits: remove ({path.name!r}, {kind!r}) from KNOWN_TOO_WIDE"
        pytest.xfail("known, fixed by the chapter rework. " + report)
    assert not offenders, report


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_code_lines_fit_the_column(path: Path) -> None:
    """Every line of a code cell the site shows has at most CODE_LINE_LIMIT characters."""
    offenders = [f"  cell {i}, line {n}: {len(line)} chars: {line.strip()[:70]}"
                 for i, cell in _shown_code_cells(path)
                 for n, line in enumerate(cell.source.splitlines(), start=1) if len(line) > CODE_LINE_LIMIT]
    _conclude(path, "code", offenders)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_printed_output_fits_the_column(path: Path) -> None:
    """Printed output (streams and plain-text results) has lines of at most CODE_LINE_LIMIT characters."""
    offenders = []
    for i, cell in _shown_code_cells(path):
        for output in cell.get("outputs", []):
            if output.output_type == "stream":
                text = output.get("text", "")
            elif RICH.isdisjoint(output.get("data", {})):
                text = output.get("data", {}).get("text/plain", "")
            else:
                continue
            offenders += [f"  cell {i}: {len(line)} chars: {line.strip()[:70]}"
                          for line in "".join(text).splitlines() if len(line) > CODE_LINE_LIMIT]
    _conclude(path, "outputs", offenders)


def test_known_too_wide_names_existing_notebooks() -> None:
    """The known-failures list names only chapters that exist (a renamed chapter must be renamed here too)."""
    names = {p.name for p in NOTEBOOKS}
    assert {name for name, _ in KNOWN_TOO_WIDE} <= names
