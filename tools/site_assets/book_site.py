"""A small Sphinx extension for the book's site (`sphinx: local_extensions` in _config.yml).

- Fails the build (a warning, and the build runs with -W) when a page would load a script or a
  stylesheet from another host: the site serves everything itself (see stage.py); and when the
  staged copies of that JavaScript are missing or older than package-lock.json.
- Removes duplicated inline scripts. Sphinx 7.4 adds every inline script registered after the builder
  started (sphinx-thebe's, sphinx-togglebutton's) a second time; thebe's declares `const`s, so the copy
  is a JavaScript error on every page.
- Copies a notebook cell's alt text (`mystnb.image.alt`) onto the cell's widget views
  (`data-figure-alt`), so that a figure drawn inside a widget gets it too (widgets-setup.js).
- Adds the book's own stylesheet and script (static/book-site.css, static/book-site.js: code that fits
  the column, wrapped outputs, scrolling formulas, sidebar buttons that work at every width, figures
  shrunk to the column that can be enlarged to their natural size) to every
  page, and static/book-demos.js (with vega, staged like the other assets) to pages with a
  `lecture10.demos` chart.
- Keeps widget scripts from delaying the first paint: they are deferred, and left out of pages that
  show no widget view (e.g. where every widget output is a demo the site draws with vega).
- Copies the favicon to the site's root, where browsers look for `/favicon.ico`.
- Numbers exercises per chapter (sphinx-exercise counts across the whole book), and gives the
  bibliography author-year labels, "[Cho et al., 2014]", like the citations in the text.
"""
from __future__ import annotations

import html
import importlib.util
import shutil
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

WIDGET_VIEW_TAG = '<script type="application/vnd.jupyter.widget-view+json">'
WIDGET_STATE_TYPE = "application/vnd.jupyter.widget-state+json"
WIDGET_SCRIPTS = ("vendor/widgets-setup.js", "vendor/requirejs/", "vendor/html-manager/")  # nb_ipywidgets_js
DEMO_TAG = '<div class="lecture10-demo">'  # lecture10.demos.DEMO_CLASS
STATIC = Path(__file__).with_name("static")


def check_staged_assets(app: Sphinx) -> None:
    """Warn, with the command that fixes it, when `python -m tools.site_assets.stage` is due."""
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


def _is_widget_script(asset: Any) -> bool:
    """Whether a registered script belongs to the ipywidgets machinery (the manager or the stored state)."""
    filename = str(getattr(asset, "filename", asset) or "")
    attributes = getattr(asset, "attributes", {}) or {}
    return any(part in filename for part in WIDGET_SCRIPTS) or attributes.get("type") == WIDGET_STATE_TYPE


def _script(filename: str, priority: int, attributes: dict[str, str]) -> Any:
    """A script entry of the page context, like those `app.add_js_file` makes."""
    from sphinx.builders.html._assets import _JavaScript

    return _JavaScript(filename, priority=priority, **attributes)


def arrange_widget_and_demo_scripts(scripts: list, body: str) -> list:
    """Defer the widget scripts (or drop them where no widget view is shown); add the demo script where needed."""
    shows_widgets = WIDGET_VIEW_TAG.rstrip(">") in body  # label_widget_figures may add an attribute
    arranged = []
    for script in scripts:
        if _is_widget_script(script):
            if not shows_widgets:
                continue
            attributes = dict(getattr(script, "attributes", {}) or {})
            if getattr(script, "filename", None) and "async" not in attributes:
                attributes["defer"] = "defer"  # in order, after parsing: the page paints first
                script = _script(script.filename, getattr(script, "priority", 500), attributes)
        arranged.append(script)
    if DEMO_TAG in body:
        arranged.append(_script("_static/book-demos.js", 800, {"defer": "defer"}))
    return arranged


def tidy_page_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """Drop duplicated scripts, arrange widget and demo scripts, warn about assets from other hosts."""
    scripts = context.get("script_files")
    if isinstance(scripts, list):
        seen: set[tuple] = set()
        unique = []
        for script in scripts:
            key = _asset_key(script)
            if key not in seen:
                seen.add(key)
                unique.append(script)
        # the builder resets this list after every page
        scripts[:] = arrange_widget_and_demo_scripts(unique, context.get("body") or "")
    for asset in list(scripts or []) + list(context.get("css_files") or []):
        filename = str(getattr(asset, "filename", asset) or "")
        if "://" in filename or filename.startswith("//"):
            logger.warning(
                "page %s loads %s from another host; serve it from the site (tools/site_assets)",
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


def add_static_files(app: Sphinx, config: Any) -> None:
    """Serve static/ (the book's own CSS and scripts) and add the stylesheet and site script to every page."""
    config.html_static_path.append(str(STATIC))
    app.add_css_file("book-site.css", priority=900)
    app.add_js_file("book-site.js", defer="defer")


def copy_favicon(app: Sphinx, exception: Exception | None) -> None:
    """Put the configured favicon at the site's root as favicon.ico (browsers ask for /favicon.ico)."""
    favicon = getattr(app.config, "html_favicon", None)
    if exception is None and app.builder.format == "html" and favicon and not str(favicon).startswith(("http:", "https:")):
        source = Path(app.confdir) / favicon
        if source.suffix == ".ico" and source.exists():
            shutil.copyfile(source, Path(app.outdir) / "favicon.ico")


def number_exercises_per_chapter(app: Sphinx, env: Any) -> list[str]:
    """Restart exercise numbers at 1 on every page (Sphinx numbers enumerable nodes across the book)."""
    renumbered = []
    for docname, numbers in getattr(env, "toc_fignumbers", {}).items():
        exercises = numbers.get("exercise")
        if not exercises:
            continue
        order = sorted(exercises, key=lambda ident: exercises[ident])
        fresh = {ident: (i,) for i, ident in enumerate(order, start=1)}
        if fresh != exercises:
            numbers["exercise"] = fresh
            renumbered.append(docname)
    return renumbered


def register_bibliography_style() -> None:
    """The pybtex style `book_author_year`: pybtex's "plain" entries, labelled and sorted by author and year."""
    from pybtex.plugin import register_plugin
    from pybtex.style.formatting.plain import Style as PlainStyle
    from pybtex.style.labels import BaseLabelStyle

    class AuthorYearLabels(BaseLabelStyle):
        """Labels like sphinxcontrib-bibtex's author-year citations: Werbos, 1990; Cho et al., 2014."""

        def format_labels(self, sorted_entries: Any) -> Any:
            labels = [self.label(entry) for entry in sorted_entries]
            for label in set(labels):  # two papers of the same authors and year: 2013a, 2013b
                same = [i for i, other in enumerate(labels) if other == label]
                if len(same) > 1:
                    for letter, i in zip("abcdefghijklmnopqrstuvwxyz", same):
                        labels[i] = f"{label}{letter}"
            yield from labels

        @staticmethod
        def label(entry: Any) -> str:
            people = entry.persons.get("author") or entry.persons.get("editor") or []
            names = [" ".join(p.last_names) for p in people]
            if not names:
                who = entry.fields.get("key", entry.key)
            elif len(names) == 1:
                who = names[0]
            elif len(names) == 2:
                who = f"{names[0]} and {names[1]}"
            else:
                who = f"{names[0]} et al."
            return f"{who}, {entry.fields.get('year', 'n.d.')}"

    class AuthorYearStyle(PlainStyle):
        default_label_style = "book_author_year"
        default_sorting_style = "author_year_title"

    register_plugin("pybtex.style.labels", "book_author_year", AuthorYearLabels, force=True)
    register_plugin("pybtex.style.formatting", "book_author_year", AuthorYearStyle, force=True)


def setup(app: Sphinx) -> dict:
    """Register the handlers."""
    register_bibliography_style()
    app.connect("env-get-updated", number_exercises_per_chapter, priority=900)
    app.connect("config-inited", add_static_files)
    app.connect("build-finished", copy_favicon)
    app.connect("builder-inited", check_staged_assets)
    app.connect("doctree-read", label_widget_figures)
    app.connect("html-page-context", tidy_page_assets, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
