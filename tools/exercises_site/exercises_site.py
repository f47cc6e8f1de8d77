"""Sphinx extension for the book's exercises (`sphinx: local_extensions` in _config.yml).

- A code cell tagged `solution` is shown as the student sees it (the solution region replaced by the
  stub), followed by the full solution in a hidden "Show solution" dropdown (myst-nb's hide-input).
- A page whose chapter has a student notebook (`students/<chapter>.ipynb`, written by
  `python tools/student_notebooks.py`) gets a note under its title linking to it: a download from
  the site itself, and Colab, in the repository `_config.yml` names.
- The student notebooks are copied into the built site (`_build/html/students/`).
"""
from __future__ import annotations

import html
import shutil
from pathlib import Path
from urllib.parse import urlsplit

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

from lecture10.exercises.markers import MarkerError, strip_solution

logger = logging.getLogger(__name__)

SOLUTION_TAG = "solution"
STUDENTS = "students"
SHOW, HIDE = "Show solution", "Hide solution"


def student_notebook(app: Sphinx, docname: str) -> Path | None:
    """The committed student notebook of a page, if there is one."""
    path = Path(app.srcdir) / STUDENTS / f"{Path(docname).name}.ipynb"
    return path if path.is_file() else None


def colab_url(app: Sphinx, relative: str) -> str | None:
    """The Colab address of a file of the repository (None when the repository is not on GitHub or Colab is off)."""
    options = app.config.html_theme_options or {}
    colab = (options.get("launch_buttons") or {}).get("colab_url")
    repository = (options.get("repository_url") or "").rstrip("/")
    parts = urlsplit(repository)
    if not colab or parts.netloc != "github.com":
        return None
    owner, name = parts.path.strip("/").split("/")[:2]
    prefix = (options.get("path_to_docs") or "").strip("/")
    path = f"{prefix}/{relative}" if prefix else relative
    return f"{colab.rstrip('/')}/github/{owner}/{name}/blob/{options.get('repository_branch') or 'main'}/{path}"


def student_note(app: Sphinx, docname: str, notebook: Path) -> nodes.raw:
    """The note under a chapter's title: the student notebook, to download or to open in Colab."""
    relative = f"{STUDENTS}/{notebook.name}"
    href = "../" * docname.count("/") + relative
    links = [f'<a class="reference internal student-notebook-download" href="{html.escape(href)}" '
             f'download="{html.escape(notebook.stem)}-student.ipynb">download the student notebook</a>']
    colab = colab_url(app, relative)
    if colab:
        links.append(f'<a class="reference external student-notebook-colab" href="{html.escape(colab)}">'
                     "open it in Colab</a>")
    text = (
        '<div class="admonition tip student-notebook">\n<p class="admonition-title">Exercises</p>\n'
        "<p>Try this chapter's exercises in a notebook without the solutions: " + " or ".join(links) + ".</p>\n</div>\n"
    )
    return nodes.raw("", text, format="html")


def stub_cell(cell: nodes.container) -> nodes.container | None:
    """A code cell showing the student's version of a solution cell (None, with a warning, if it has no region)."""
    blocks = list(cell.findall(nodes.literal_block))
    if not blocks:
        return None
    source = blocks[0]
    try:
        stub = strip_solution(source.astext())
    except MarkerError as error:
        logger.warning("solution cell: %s", error, location=cell, type="exercises", subtype="markers")
        return None
    block = nodes.literal_block(stub, stub, language=source.get("language", "ipython3"))
    block["classes"] = list(source["classes"])
    wrapper = nodes.container(classes=["cell_input", "exercise-stub-input"])
    wrapper += block
    outer = nodes.container(classes=["cell", "exercise-stub"])
    outer += wrapper
    return outer


def show_exercises(app: Sphinx, doctree: nodes.document) -> None:
    """Stub visible and solution in a dropdown for each solution cell; the student-notebook note under the title."""
    for cell in list(doctree.findall(nodes.container)):
        if cell.get("nb_element") != "cell_code":
            continue
        if SOLUTION_TAG not in (cell.get("cell_metadata") or {}).get("tags", []):
            continue
        if not cell.get("hide_mode"):
            cell["hide_mode"] = "input"
        cell["prompt_show"], cell["prompt_hide"] = SHOW, HIDE
        stub = stub_cell(cell)
        if stub is not None:
            cell.parent.insert(cell.parent.index(cell), stub)
    notebook = student_notebook(app, app.env.docname)
    if notebook is None:
        return
    for section in doctree.findall(nodes.section):
        titles = [i for i, child in enumerate(section.children) if isinstance(child, nodes.title)]
        if titles:
            section.insert(titles[0] + 1, student_note(app, app.env.docname, notebook))
            return


def copy_student_notebooks(app: Sphinx, exception: Exception | None) -> None:
    """Put the student notebooks into the built site, beside the pages that link to them."""
    if exception is not None or app.builder.format != "html":
        return
    source = Path(app.srcdir) / STUDENTS
    if not source.is_dir():
        return
    target = Path(app.outdir) / STUDENTS
    target.mkdir(parents=True, exist_ok=True)
    for notebook in sorted(source.glob("*.ipynb")):
        shutil.copyfile(notebook, target / notebook.name)


def setup(app: Sphinx) -> dict:
    """Register the handlers."""
    app.connect("doctree-read", show_exercises)
    app.connect("build-finished", copy_student_notebooks)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
