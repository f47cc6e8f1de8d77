"""A small Sphinx extension for the book's site (`sphinx: local_extensions` in _config.yml).

- Fails the build (a warning, and the build runs with -W) when a page would load a script or a
  stylesheet from another host: the site serves everything itself (see stage.py); and when the
  staged copies of that JavaScript are missing or older than package-lock.json.
- Removes duplicated inline scripts. Sphinx 7.4 adds every inline script registered after the builder
  started (sphinx-thebe's, sphinx-togglebutton's) a second time; thebe's declares `const`s, so the copy
  is a JavaScript error on every page.
- Copies a notebook cell's alt text (`mystnb.image.alt`) onto the cell's widget views
  (`data-figure-alt`), so that a figure drawn inside a widget gets it too (widgets-setup.js).
"""
from __future__ import annotations

import html
import importlib.util
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

WIDGET_VIEW_TAG = '<script type="application/vnd.jupyter.widget-view+json">'


def check_staged_assets(app: Sphinx) -> None:
    """Warn, with the command that fixes it, when `python tools/site-assets/stage.py` is due."""
    if app.builder.format != "html":
        return
    spec = importlib.util.spec_from_file_location("book_site_stage", Path(__file__).with_name("stage.py"))
    stage = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(stage)
    problem = stage.staged_problem()
    if problem:
        logger.warning(problem, type="book_site", subtype="assets")


def _asset_key(asset: Any) -> tuple:
    """What makes two registered scripts the same (Sphinx's own notion, with None and '' alike)."""
    filename = getattr(asset, "filename", asset) or ""
    attributes = getattr(asset, "attributes", {}) or {}
    return str(filename), getattr(asset, "priority", 500), tuple(sorted(attributes.items()))


def tidy_page_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """Drop duplicated scripts and warn about assets loaded from other hosts."""
    scripts = context.get("script_files")
    if isinstance(scripts, list):
        seen: set[tuple] = set()
        unique = []
        for script in scripts:
            key = _asset_key(script)
            if key not in seen:
                seen.add(key)
                unique.append(script)
        scripts[:] = unique  # the builder resets this list after every page
    for asset in list(scripts or []) + list(context.get("css_files") or []):
        filename = str(getattr(asset, "filename", asset) or "")
        if "://" in filename or filename.startswith("//"):
            logger.warning(
                "page %s loads %s from another host; serve it from the site (tools/site-assets)",
                pagename, filename, type="book_site", subtype="external_asset",
            )


def label_widget_figures(app: Sphinx, doctree: nodes.document) -> None:
    """Put each notebook cell's figure alt text on the widget views it outputs."""
    key = getattr(app.config, "nb_cell_metadata_key", "mystnb")
    for cell in doctree.findall(nodes.container):
        if cell.get("nb_element") != "cell_code":
            continue
        alt = (cell.get("cell_metadata") or {}).get(key, {}).get("image", {}).get("alt", "")
        if not alt.strip():
            continue
        for raw in cell.findall(nodes.raw):
            text = raw.astext()
            if text.startswith(WIDGET_VIEW_TAG):
                labelled = WIDGET_VIEW_TAG.replace(
                    ">", f' data-figure-alt="{html.escape(alt.strip(), quote=True)}">', 1
                ) + text[len(WIDGET_VIEW_TAG):]
                raw.replace(raw.children[0], nodes.Text(labelled))


def setup(app: Sphinx) -> dict:
    """Register the handlers."""
    app.connect("builder-inited", check_staged_assets)
    app.connect("doctree-read", label_widget_figures)
    app.connect("html-page-context", tidy_page_assets, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
