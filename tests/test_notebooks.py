"""Structural checks of the book's notebooks (nbval, run by plain `pytest`, re-executes them)."""
from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest
from conftest import COLLECTED_NOTEBOOKS

from tools.execute import BUDGET_SECONDS, RUNTIMES, RUNTIMES_PAGE, runtimes_page
from tools.notebooks import ROOT, SETUP_TAG, setup_cell_source, toc_files, toc_notebooks

NOTEBOOKS = toc_notebooks()
IMAGE_TYPES = ("image/png", "image/jpeg", "image/svg+xml")


def test_toc_lists_existing_pages() -> None:
    """Every `_toc.yml` entry is a page (.md or .ipynb) of the book."""
    missing = [f for f in toc_files() if not any((ROOT / f"{f}{s}").exists() for s in (".md", ".ipynb"))]
    assert not missing, f"_toc.yml lists pages that do not exist: {missing}"


def test_every_book_notebook_is_in_the_toc() -> None:
    """No orphan notebook in book/ (the site would skip it, and so would the reader)."""
    listed = set(NOTEBOOKS)
    orphans = [p.name for p in (ROOT / "book").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts and p not in listed]
    assert not orphans, f"notebooks in book/ missing from _toc.yml: {orphans}"


def test_every_toc_notebook_is_collected_by_nbval(request: pytest.FixtureRequest) -> None:
    """When the whole book is under test, nbval collected every notebook of `_toc.yml`."""
    base = request.config.invocation_params.dir
    roots = [(base / a.split("::")[0]).resolve() for a in request.config.args]
    book = (ROOT / "book").resolve()
    if not any(root == book or root in book.parents for root in roots):
        pytest.skip("the book/ folder is not part of this run (run plain `pytest` to check nbval collection)")
    collected = request.config.stash.get(COLLECTED_NOTEBOOKS, set())
    missing = [str(p.relative_to(ROOT)) for p in NOTEBOOKS if p.resolve() not in collected]
    assert not missing, f"in _toc.yml but not collected by nbval: {missing}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_executed_and_starts_with_the_setup_cell(path: Path) -> None:
    """Committed notebooks carry outputs of a full run and the standard Colab setup cell."""
    nb = nbformat.read(path, as_version=4)
    first = nb.cells[0]
    assert SETUP_TAG in first.metadata.get("tags", []), "the first cell must be the hidden Colab setup cell"
    assert first.source == setup_cell_source(), "setup cell is stale: run `python -m tools.execute` on it"
    code = [c for c in nb.cells if c.cell_type == "code" and c.source.strip()]
    unexecuted = [i for i, c in enumerate(code) if c.execution_count is None]
    assert not unexecuted, f"code cells never executed (indices among code cells): {unexecuted}"
    counts = [c.execution_count for c in code]
    assert counts == list(range(1, len(code) + 1)), "cells were not run top to bottom in one clean kernel"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_figure_has_alt_text(path: Path) -> None:
    """A cell that outputs an image sets `mystnb.image.alt` (or `mystnb.figure.caption` plus alt)."""
    nb = nbformat.read(path, as_version=4)
    lacking = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        has_image = any(k in IMAGE_TYPES for out in cell.get("outputs", []) for k in out.get("data", {}))
        alt = cell.metadata.get("mystnb", {}).get("image", {}).get("alt", "")
        if has_image and len(alt.strip()) < 15:
            lacking.append(i)
    assert not lacking, f"cells with a figure but no descriptive alt text (mystnb.image.alt): {lacking}"


def test_every_notebook_has_a_recorded_run_time_within_budget() -> None:
    """book/runtimes.json (written by `python -m tools.execute`) covers every notebook, within the 90 s budget."""
    recorded = json.loads(RUNTIMES.read_text())["notebooks"]
    names = [str(p.relative_to(ROOT)) for p in NOTEBOOKS]
    assert not [n for n in names if n not in recorded], "notebooks never run with `python -m tools.execute`"
    slow = {n: recorded[n]["seconds"] for n in names if recorded[n]["seconds"] > BUDGET_SECONDS}
    assert not slow, f"notebooks over the {BUDGET_SECONDS} s budget: {slow}"
    assert RUNTIMES_PAGE.read_text() == runtimes_page(json.loads(RUNTIMES.read_text())), "book/runtimes.md is stale"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_uncompared_outputs_are_widgets_or_assert_their_tolerance(path: Path) -> None:
    """A cell whose output nbval does not compare either shows a widget or asserts what its prose relies on.

    Exact, machine-dependent values (results of training, long float32 sums) are printed in such cells,
    next to an ``assert`` of the tolerance the text needs (CONTRIBUTING.md, "Outputs that hold on every CPU").
    """
    nb = nbformat.read(path, as_version=4)
    silent = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or "nbval-ignore-output" not in cell.metadata.get("tags", []):
            continue
        widget = any("application/vnd.jupyter.widget-view+json" in out.get("data", {}) for out in cell.outputs)
        asserts = any(line.lstrip().startswith("assert ") for line in cell.source.splitlines())
        if not (widget or asserts):
            silent.append(i)
    assert not silent, f"cells tagged nbval-ignore-output without a widget or an assert: {silent}"


MAX_CELL_LINES = 15
LONG_CELL_REASON = "# long cell:"
#: Chapters written before the 15-line rule was enforced, with how many long cells each still has.
#: The chapter rework brings each count to 0; a count may only go down.
KNOWN_LONG_CELLS: dict[str, int] = {}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_code_cells_are_short_or_say_why_not(path: Path) -> None:
    """A code cell a reader sees has at most 15 lines, or states its reason in a `# long cell: ...` comment."""
    nb = nbformat.read(path, as_version=4)
    long = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or "remove-cell" in cell.metadata.get("tags", []):
            continue
        lines = cell.source.strip().splitlines()
        if len(lines) > MAX_CELL_LINES and not any(line.lstrip().startswith(LONG_CELL_REASON) for line in lines):
            long.append(f"cell {i} ({len(lines)} lines)")
    allowed = KNOWN_LONG_CELLS.get(path.name, 0)
    assert len(long) <= allowed, (f"code cells over {MAX_CELL_LINES} lines without a '{LONG_CELL_REASON} <reason>' "
                                  f"comment: {long}; split them, move plumbing into lecture10, or say why")


def _glossary_terms() -> set[str]:
    """The terms `book/glossary.md` defines (lines at the glossary's left margin), lower-cased as Sphinx looks them up."""
    text = (ROOT / "book" / "glossary.md").read_text(encoding="utf-8")
    body = text.split("```{glossary}", 1)[1].split("```", 1)[0]
    return {line.strip().lower() for line in body.splitlines() if line.strip() and not line[0].isspace()}


def test_every_term_link_names_a_glossary_term() -> None:
    """Each {term} role of a chapter or page names a term of the glossary (the site build fails otherwise)."""
    terms = _glossary_terms()
    assert {"glove", "rnn", "cell state"} <= terms, "the glossary parser missed terms it should find"
    pages = [*NOTEBOOKS, *(ROOT / "book").glob("*.md")]
    unknown = []
    for page in pages:
        if page.suffix == ".ipynb":
            cells = nbformat.read(page, as_version=4).cells
            text = "\n".join(c.source for c in cells if c.cell_type == "markdown")
        else:
            text = page.read_text(encoding="utf-8")
        for label, target in re.findall(r"\{term\}`([^`<]*?)\s*(?:<([^`>]*)>)?`", text):
            name = " ".join((target or label).split()).lower()  # Sphinx folds whitespace and case
            if name not in terms:
                unknown.append(f"{page.name}: {name}")
    assert not unknown, f"term links with no glossary entry (add it to book/glossary.md): {unknown}"
