"""Helpers of tests/test_site_browser.py: build the site, serve it on 127.0.0.1, visit pages in headless Chromium.

Chromium is the Debian package (`apt-get install chromium`), driven by Playwright's Python client with
`executable_path`; Playwright never downloads a browser here. Every request whose host is not the local
server is aborted and recorded, so a page is checked as it behaves offline.
"""
from __future__ import annotations

import functools
import html.parser
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urlsplit

from tools.notebooks import book_config, toc_files

ROOT = Path(__file__).resolve().parent.parent

CODE_LINE_LIMIT = 88  # characters of code the site shows at 1280 px without scrolling (tools/site_assets/static/book-site.css)
CHROMIUM_VARIABLE = "LECTURE10_CHROMIUM"  # path of the Chromium binary (default: chromium on PATH)
REQUIRE_VARIABLE = "LECTURE10_REQUIRE_BROWSER"  # "1": a missing browser or asset fails instead of skipping
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--no-proxy-server",
    # Offline, twice over: no host but the local server even resolves (routes also abort the requests).
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
DEMO_MARK = '<div class="lecture10-demo">'  # lecture10.demos output
SLIDER_VIEWS = {"IntSliderView", "FloatSliderView", "FloatLogSliderView"}  # one value, one readout
IMAGE_FILE_NAME = re.compile(r"^\S+\.(png|jpe?g|gif|svg|webp)$", re.IGNORECASE)
# Raw TeX left in the visible text: $$, \( \), \[ \], \begin{...}, or an inline $...$ pair.
RAW_TEX = re.compile(r"\$\$|\\\(|\\\)|\\\[|\\\]|\\begin\{|(?<![\w$])\$(?=\S)[^$\n]{1,200}?(?<=\S)\$(?![\w$])")


# --------------------------------------------------------------------------------------------- the book
def page_paths() -> list[str]:
    """Every page of the built site a reader can open: the `_toc.yml` pages plus Sphinx's own."""
    return [f"{f}.html" for f in toc_files()] + ["genindex.html", "search.html"]


def notebook_pages() -> list[str]:
    """The pages made from notebooks (those get Colab and Binder launch buttons)."""
    return [f for f in toc_files() if (ROOT / f"{f}.ipynb").exists()]


def stored_widgets(notebook: Path) -> tuple[int, list[dict[str, Any]]]:
    """How many widget views the site shows for a notebook, and the slider models those views contain.

    An output that also has HTML (a `lecture10.demos` demo) is drawn by the site as HTML, not as a widget.
    """
    import nbformat

    nb = nbformat.read(notebook, as_version=4)
    shown = [out["data"][WIDGET_VIEW]["model_id"] for cell in nb.cells if cell.cell_type == "code"
             for out in cell.get("outputs", []) if WIDGET_VIEW in out.get("data", {}) and "text/html" not in out["data"]]
    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    reachable, todo = set(), list(shown)
    while todo:  # a view shows its model and every model it refers to ("IPY_MODEL_<id>")
        model = todo.pop()
        if model in reachable or model not in state:
            continue
        reachable.add(model)
        todo.extend(ref.removeprefix("IPY_MODEL_") for ref in _strings(state[model].get("state", {}))
                    if ref.startswith("IPY_MODEL_"))
    sliders = [state[m]["state"] for m in sorted(reachable) if state[m].get("state", {}).get("_view_name") in SLIDER_VIEWS]
    return len(shown), sliders


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def demo_pages() -> list[str]:
    """The notebook pages with a `lecture10.demos` demo (an output holding its HTML)."""
    import nbformat

    pages = []
    for page in notebook_pages():
        nb = nbformat.read(ROOT / f"{page}.ipynb", as_version=4)
        if any(DEMO_MARK in "".join(out.get("data", {}).get("text/html", "")) for cell in nb.cells
               if cell.cell_type == "code" for out in cell.get("outputs", [])):
            pages.append(page)
    return pages


def expected_launch_links(page: str) -> dict[str, str]:
    """The Colab and Binder links a notebook page must carry, built from `_config.yml` alone."""
    config = book_config()
    repo = config["repository"]
    parts = urlsplit(repo["url"].rstrip("/"))
    assert parts.netloc == "github.com", f"repository.url is not a GitHub repository: {repo['url']}"
    owner, name = parts.path.strip("/").split("/")[:2]
    branch = repo.get("branch", "main")
    prefix = (repo.get("path_to_book") or "").strip("/")
    path = f"{prefix}/{page}.ipynb" if prefix else f"{page}.ipynb"
    launch = config.get("launch_buttons", {})
    ui = "lab/tree" if launch.get("notebook_interface") == "jupyterlab" else "tree"
    links = {}
    if launch.get("colab_url"):
        links["Colab"] = f"{launch['colab_url'].rstrip('/')}/github/{owner}/{name}/blob/{branch}/{path}"
    if launch.get("binderhub_url"):
        links["Binder"] = f"{launch['binderhub_url'].rstrip('/')}/v2/gh/{owner}/{name}/{branch}?urlpath={ui}/{path}"
    return links


# ------------------------------------------------------------------------------------ what is needed
def unavailable(reason: str) -> None:
    """Skip (or, when $LECTURE10_REQUIRE_BROWSER=1 as in CI, fail) for a missing prerequisite."""
    import pytest

    if os.environ.get(REQUIRE_VARIABLE) == "1":
        pytest.fail(f"{reason} (and ${REQUIRE_VARIABLE}=1)")
    pytest.skip(reason)


def chromium_path() -> str | None:
    """The Chromium binary to drive: $LECTURE10_CHROMIUM, else chromium on PATH."""
    configured = os.environ.get(CHROMIUM_VARIABLE)
    if configured:
        return configured if Path(configured).exists() else None
    return shutil.which("chromium") or shutil.which("chromium-browser")


def staged_assets_problem() -> str | None:
    """Why the site's own copies of MathJax, require.js and the widget manager are not ready, or None."""
    from tools.site_assets import stage

    return stage.staged_problem()


def jupyter_book_command() -> list[str]:
    """`jupyter-book` of this Python environment."""
    local = Path(sys.executable).with_name("jupyter-book")
    return [str(local)] if local.exists() else ["jupyter-book"]


@dataclass
class Build:
    """A build of the site: its html folder, and the warnings and errors it reported."""

    html: Path
    returncode: int
    problems: list[str]


def build_site(destination: Path) -> Build:
    """Build the book as the README does (-W: warnings are errors; --keep-going: every page is still written)."""
    command = jupyter_book_command() + ["build", str(ROOT), "-W", "-n", "--keep-going", "--path-output", str(destination)]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    output = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout + result.stderr)
    problems = [line.strip() for line in output.splitlines() if re.search(r"\b(WARNING|ERROR|CRITICAL)\b|Traceback", line)]
    if result.returncode != 0 and not problems:
        problems = output.splitlines()[-30:]
    return Build(destination / "_build" / "html", result.returncode, problems)


def _move_control(page: Any, demo: Any, control: dict[str, Any]) -> Any:
    """Set one demo control as a reader would: drag a slider's thumb with the mouse, pick a menu option."""
    field = demo.locator(f'.vega-bindings [name="{control["name"]}"]').first
    values = control["values"]
    if control["kind"] == "menu":
        target = next(v for v in values if v != control["value"])
        field.select_option(str(target))
        return target
    start, low, high = float(control["value"]), float(values[0]), float(values[-1])
    target = low + 0.25 * (high - low) if start > (low + high) / 2 else low + 0.8 * (high - low)
    field.scroll_into_view_if_needed()
    box = field.bounding_box()
    thumb = 8  # px: Chromium's range thumb is 16 px wide; its centre travels from 8 px to width - 8 px
    x = lambda v: box["x"] + thumb + (box["width"] - 2 * thumb) * (v - low) / (high - low)  # noqa: E731
    y = box["y"] + box["height"] / 2
    page.mouse.move(x(start), y)
    page.mouse.down()
    page.mouse.move(x(target), y, steps=8)
    page.mouse.up()
    return float(field.input_value())


# ------------------------------------------------------------------------------------------- serving
class SiteServer:
    """The built site over HTTP on 127.0.0.1 (a random free port), in a background thread."""

    def __init__(self, folder: Path) -> None:
        handler = functools.partial(_QuietHandler, directory=str(folder))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never a proxy
        self._pages: dict[str, tuple[int, set[str]]] = {}

    def __enter__(self) -> SiteServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def is_local(self, url: str) -> bool:
        """Whether url is served by this server."""
        return url.startswith(self.base)

    def fetch(self, url: str) -> tuple[int, set[str]]:
        """HTTP status of a local URL, and the element ids of the HTML it returns (cached)."""
        url = urldefrag(url).url.split("?")[0]
        if url not in self._pages:
            try:
                with self._opener.open(url, timeout=30) as response:
                    status, body = response.status, response.read()
            except urllib.error.HTTPError as error:
                status, body = error.code, b""
            ids = _ids(body.decode("utf-8", "replace")) if url.endswith((".html", "/")) else set()
            self._pages[url] = (status, ids)
        return self._pages[url]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        pass


class _IdCollector(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for key, value in attrs:
            if key in ("id", "name") and value:
                self.ids.add(value)


def _ids(text: str) -> set[str]:
    collector = _IdCollector()
    collector.feed(text)
    return collector.ids


# -------------------------------------------------------------------------------------------- visits
@dataclass
class Visit:
    """What one page did and showed in the browser."""

    url: str
    final_url: str = ""
    seconds: float = 0.0
    console_errors: list[str] = field(default_factory=list)
    blocked_requests: list[str] = field(default_factory=list)  # to any host but 127.0.0.1: aborted
    failed_requests: list[str] = field(default_factory=list)  # local: HTTP >= 400 or a network error
    images: list[dict[str, Any]] = field(default_factory=list)
    headings: list[tuple[int, str]] = field(default_factory=list)
    math: dict[str, Any] = field(default_factory=dict)
    raw_tex: list[str] = field(default_factory=list)
    widgets: dict[str, Any] = field(default_factory=dict)
    links: list[str] = field(default_factory=list)
    screenshot: Path | None = None
    width: int = 1280
    prose: str = ""  # the visible text outside code, outputs and typeset math
    layout: dict[str, Any] = field(default_factory=dict)  # COLLECT_LAYOUT at this width
    print_layout: dict[str, Any] = field(default_factory=dict)  # COLLECT_LAYOUT with print styles (1280 only)
    figures: list[dict[str, Any]] = field(default_factory=list)  # COLLECT_FIGURES: natural and rendered sizes


WAIT_FOR_MATH = """async () => {
  const mj = window.MathJax;
  if (mj && mj.startup && mj.startup.promise) { await mj.startup.promise; }
}"""

WAIT_FOR_DEMOS = """async () => { if (window.lecture10Demos) { await window.lecture10Demos; } }"""

WIDGET_VIEWS_RENDERED = """() => {
  const views = document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]');
  return Array.from(views).every(s => {
    const area = s.previousElementSibling;
    return area && area.classList.contains('widget-subarea') && area.childElementCount > 0;
  });
}"""

COLLECT_IMAGES = """async () => {
  const images = Array.from(document.images);
  images.forEach(img => { img.loading = 'eager'; });
  await Promise.all(images.map(img => img.complete ? null : new Promise(done => {
    img.addEventListener('load', done); img.addEventListener('error', done); setTimeout(done, 15000);
  })));
  return images.map(img => ({src: img.currentSrc || img.src, alt: img.getAttribute('alt'),
                             width: img.naturalWidth, complete: img.complete}));
}"""

# Headings a reader (or a screen reader) meets: not those of the print-only copy of the title (display: none).
COLLECT_HEADINGS = """() => Array.from(document.querySelectorAll('h1, h2, h3, h4, h5, h6'))
  .filter(h => h.checkVisibility())
  .map(h => [Number(h.tagName[1]), h.textContent.replace(/[#\\u00b6]\\s*$/, '').trim()])"""

COLLECT_MATH = """() => {
  const math = Array.from(document.querySelectorAll('.math'));
  const errors = Array.from(document.querySelectorAll('mjx-merror, [data-mjx-error]'))
    .map(e => e.getAttribute('data-mjx-error') || e.textContent);
  const untypeset = math.filter(m => !m.querySelector('mjx-container')).map(m => m.textContent.slice(0, 100));
  // The visible prose: text outside code, outputs, typeset math and drawn charts (a chart's labels are a figure's).
  const skip = 'pre, code, script, style, textarea, mjx-container, .highlight, svg';
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {
    acceptNode: n => (n.parentElement && !n.parentElement.closest(skip) && n.parentElement.checkVisibility())
      ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT});
  const texts = [];
  while (walker.nextNode()) { texts.push(walker.currentNode.nodeValue); }
  return {total: math.length, untypeset, errors, text: texts.join(' ')};
}"""

COLLECT_WIDGETS = """() => {
  const views = document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]');
  const rendered = Array.from(views).filter(s => {
    const area = s.previousElementSibling;
    return area && area.classList.contains('widget-subarea') && area.childElementCount > 0;
  }).length;
  const sliders = document.querySelectorAll('.widget-slider .noUi-target').length;
  const readouts = Array.from(document.querySelectorAll('.widget-slider .widget-readout'))
    .map(r => (r.textContent || r.value || '').trim());
  return {views: views.length, rendered, sliders, readouts};
}"""

COLLECT_LINKS = """() => Array.from(document.querySelectorAll('a[href]')).map(a => a.href)"""

# What does not fit the column. `code`: code cells that scroll sideways (with their longest line);
# `outputs`: output blocks that scroll; `math`: display formulas that scroll in their own box;
# `tables`: tables that scroll; `wide`: anything reaching past the article's edges outside such a box;
# `page_scrolls`: the whole page scrolls sideways. `capacity`: how many characters a code line may have.
COLLECT_LAYOUT = """() => {
  const article = document.querySelector('article.bd-article') || document.querySelector('main') || document.body;
  const box = article.getBoundingClientRect();
  const scrolls = el => el.scrollWidth > el.clientWidth + 1;
  const snippet = el => (el.textContent || '').replace(/\\s+/g, ' ').trim().slice(0, 90);
  const longest = pre => Math.max(0, ...pre.textContent.replace(/\\n$/, '').split('\\n').map(l => l.length));
  const code = Array.from(article.querySelectorAll('div.cell_input pre, div.highlight pre'))
    .filter(pre => !pre.closest('div.cell_output') && pre.checkVisibility() && scrolls(pre))
    .map(pre => ({longest: longest(pre), text: snippet(pre)}));
  const outputs = Array.from(article.querySelectorAll('div.cell_output pre'))
    .filter(pre => pre.checkVisibility() && scrolls(pre)).map(pre => ({longest: longest(pre), text: snippet(pre)}));
  const math = Array.from(article.querySelectorAll('mjx-container[display="true"]'))
    .filter(m => m.checkVisibility() && scrolls(m))
    .map(m => ({overflow: m.scrollWidth - m.clientWidth, text: (m.querySelector('mjx-assistive-mml') || m).textContent.slice(0, 90)}));
  const tables = Array.from(article.querySelectorAll('table'))
    .filter(t => t.checkVisibility() && t.getBoundingClientRect().width > (t.parentElement.clientWidth || 0) + 1)
    .map(t => ({text: snippet(t)}));
  const wide = [];
  for (const el of article.querySelectorAll('*')) {
    if (el.closest('mjx-container, svg') && el.tagName.toLowerCase() !== 'mjx-container') continue;
    const r = el.getBoundingClientRect();
    if (r.width < 2 || r.height < 2) continue;
    if (r.right <= box.right + 1 && r.left >= box.left - 1) continue;
    let p = el.parentElement, inside = false;  // inside a box that scrolls or clips: reported above if at all
    while (p && p !== article) {
      if (getComputedStyle(p).overflowX !== 'visible') { inside = true; break; }
      p = p.parentElement;
    }
    if (!inside) wide.push({tag: el.tagName.toLowerCase(), cls: String(el.className).slice(0, 60),
                            by: Math.round(Math.max(r.right - box.right, box.left - r.left)), text: snippet(el)});
  }
  const probe = article.querySelector('div.cell_input pre') || article.querySelector('div.highlight pre');
  let capacity = null;
  if (probe) {
    const span = document.createElement('span');
    span.textContent = 'x'.repeat(200);
    probe.appendChild(span);
    const style = getComputedStyle(probe);
    const inner = probe.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    capacity = Math.floor(inner / (span.getBoundingClientRect().width / 200) + 1e-6);
    span.remove();
  }
  const root = document.documentElement;
  return {code, outputs, math, tables, wide: wide.slice(0, 20), capacity,
          page_scrolls: root.scrollWidth > root.clientWidth + 1};
}"""

# What a demo's chart draws now: its SVG, and each mark's type, name and data rows (from the Vega scene graph).
DRAWN = """el => {
  const marks = [];
  const walk = node => {
    if (!node) { return; }
    if (node.marktype) {
      const rows = (node.items || []).map(i => i.datum).filter(d => d && typeof d === 'object')
        .map(d => Object.fromEntries(Object.entries(d).filter(([k, v]) => typeof v !== 'object')));
      const texts = node.marktype === 'text' ? (node.items || []).map(i => String(i.text)) : [];
      marks.push({type: node.marktype, name: node.name || '', role: node.role || '', rows, texts});
    }
    (node.items || []).forEach(item => (item.items || []).forEach(walk));
  };
  const root = el.lecture10View.scenegraph().root;
  walk(root);
  return {svg: el.querySelector('svg.marks').outerHTML, marks};
}"""

# Every notebook figure (and demo chart): its natural and rendered width, and for SVG charts the
# smallest text at its rendered size. For images also `enlarge`, the visible button right after the
# image that opens it at full size (book-site.js), with its accessible name and whether Tab reaches it,
# or null; and the image's mouse `cursor`.
COLLECT_FIGURES = """() => {
  const enlarge = img => {
    const next = img.nextElementSibling;
    if (!next || next.tagName !== 'BUTTON' || !next.checkVisibility()) { return null; }
    return {label: next.getAttribute('aria-label') || next.textContent.trim(), text: next.textContent.trim(),
            focusable: next.tabIndex >= 0 && !next.disabled};
  };
  const images = Array.from(document.querySelectorAll('article div.cell_output img'))
    .filter(img => img.checkVisibility())
    .map(img => ({kind: 'image', src: img.currentSrc || img.src, alt: img.getAttribute('alt'), natural: img.naturalWidth,
                  rendered: img.getBoundingClientRect().width, enlarge: enlarge(img), cursor: getComputedStyle(img).cursor}));
  const charts = Array.from(document.querySelectorAll('article .lecture10-demo svg.marks')).map(svg => {
    const scale = svg.getBoundingClientRect().width / (svg.width.baseVal.value || 1);
    const sizes = Array.from(svg.querySelectorAll('text')).filter(t => t.textContent.trim())
      .map(t => parseFloat(getComputedStyle(t).fontSize) * scale);
    return {kind: 'chart', src: 'demo chart', smallest: sizes.length ? Math.min(...sizes) : null};
  });
  return images.concat(charts);
}"""

# The figure dialog that is open now (book-site.js): whether it is modal, the image it shows with its
# natural and rendered width (content box, CSS px), the caption, the focused element, whether the image
# scrolls sideways and up and down inside the dialog (or could: a box around it has overflow-y auto),
# whether the dialog fits the window, and whether the page scrolls sideways.
OPEN_FIGURE_DIALOG = """() => {
  const dialog = document.querySelector('dialog[open]');
  if (!dialog) { return null; }
  const img = dialog.querySelector('img');
  const style = getComputedStyle(img);
  const rendered = img.getBoundingClientRect().width - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight)
    - parseFloat(style.borderLeftWidth) - parseFloat(style.borderRightWidth);
  const scrolls = axis => {  // a box around the image, inside the dialog, really scrolls on this axis
    for (let box = img.parentElement; box && dialog.contains(box); box = box.parentElement) {
      const key = axis === 'x' ? 'scrollLeft' : 'scrollTop';
      const before = box[key];
      box[key] = before + 40;
      const moved = box[key] !== before;
      box[key] = before;
      if (moved) { return true; }
    }
    return false;
  };
  const box = dialog.getBoundingClientRect();
  const root = document.documentElement;
  const focused = document.activeElement;
  return {modal: dialog.matches(':modal'), src: img.currentSrc || img.src, natural: img.naturalWidth, rendered,
          caption: (dialog.querySelector('figcaption') || {}).textContent || '',
          focus: focused && dialog.contains(focused) ? (focused.getAttribute('aria-label') || focused.textContent.trim()) : null,
          scrolls_x: scrolls('x'), scrolls_y: scrolls('y'),
          scrollable_y: [...dialog.querySelectorAll('*')].some(e => e.contains(img) && e !== img
                                                                && /auto|scroll/.test(getComputedStyle(e).overflowY)),
          inside_window: box.left >= 0 && box.top >= 0 && box.right <= innerWidth && box.bottom <= innerHeight,
          page_scrolls: root.scrollWidth > root.clientWidth + 1};
}"""


class Browser:
    """One headless Chromium; each page is opened in a fresh context (a first visit: empty storage)."""

    def __init__(self, executable: str, server: SiteServer, screenshots: Path, build: Build) -> None:
        from playwright.sync_api import sync_playwright

        self.build = build
        self.server = server
        self.screenshots = screenshots
        self._playwright = sync_playwright().start()
        self._browser = self._playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_FLAGS)

    def close(self) -> None:
        """Quit Chromium and Playwright."""
        self._browser.close()
        self._playwright.stop()

    def visit(self, path: str, redirects_to: str | None = None, width: int = 1280) -> Visit:
        """Open one page offline at a window width, wait for math, widgets and demos, collect, screenshot it."""
        visit = Visit(url=self.server.base + path, width=width)
        height = 900 if width >= 1000 else 844
        context = self._browser.new_context(viewport={"width": width, "height": height}, service_workers="block")

        def route(route: Any) -> None:
            if self.server.is_local(route.request.url):
                route.continue_()
            else:
                visit.blocked_requests.append(route.request.url)
                route.abort("blockedbyclient")

        context.route("**/*", route)
        page = context.new_page()
        page.set_default_timeout(90_000)  # generous: 2 shared CPU cores
        page.on("console", lambda m: m.type == "error" and visit.console_errors.append(f"{m.text} ({m.location.get('url', '')})"))
        page.on("pageerror", lambda e: visit.console_errors.append(f"uncaught: {e}"))
        page.on("response", lambda r: r.status >= 400 and visit.failed_requests.append(f"HTTP {r.status} {r.url}"))
        page.on("requestfailed", lambda r: self.server.is_local(r.url)
                and visit.failed_requests.append(f"{r.failure} {r.url}"))
        start = time.perf_counter()
        try:
            page.goto(visit.url, wait_until="load", timeout=60_000)
            if redirects_to is not None:
                page.wait_for_url(self.server.base + redirects_to, wait_until="load", timeout=30_000)
            page.evaluate(WAIT_FOR_MATH)
            try:
                page.wait_for_function(WIDGET_VIEWS_RENDERED, timeout=20_000)
            except Exception:  # noqa: BLE001 - reported by the widget test from what rendered
                pass
            try:  # best effort: on a busy machine a long page may not go quiet in time; what failed is recorded
                page.wait_for_load_state("networkidle", timeout=30_000)
            except Exception:  # noqa: BLE001
                pass
            page.evaluate(WAIT_FOR_MATH)  # widget labels are typeset after the page's own math
            page.evaluate(WAIT_FOR_DEMOS)
            visit.final_url = page.url
            visit.images = page.evaluate(COLLECT_IMAGES)
            visit.headings = [tuple(h) for h in page.evaluate(COLLECT_HEADINGS)]
            math = page.evaluate(COLLECT_MATH)
            visit.prose = math.pop("text")
            visit.raw_tex = [m.group(0) for m in RAW_TEX.finditer(visit.prose)]
            visit.math = math
            visit.widgets = page.evaluate(COLLECT_WIDGETS)
            visit.links = page.evaluate(COLLECT_LINKS)
            visit.layout = page.evaluate(COLLECT_LAYOUT)
            visit.figures = page.evaluate(COLLECT_FIGURES)
            self.screenshots.mkdir(parents=True, exist_ok=True)
            name = path.removesuffix(".html").replace("/", "__") + ("" if width == 1280 else f"-{width}")
            visit.screenshot = self.screenshots / f"{name}.png"
            page.screenshot(path=str(visit.screenshot), full_page=True)
            if width == 1280:  # the "PDF" button prints the page: nothing may be clipped on paper
                page.emulate_media(media="print")
                visit.print_layout = page.evaluate(COLLECT_LAYOUT)
        finally:
            visit.seconds = time.perf_counter() - start
            context.close()
        return visit

    def _page(self, width: int, height: int = 900) -> tuple[Any, Any]:
        """A fresh offline context and page at a window size (the caller closes the context)."""
        context = self._browser.new_context(viewport={"width": width, "height": height}, service_workers="block")
        context.route("**/*", lambda r: r.continue_() if self.server.is_local(r.request.url) else r.abort())
        page = context.new_page()
        page.set_default_timeout(60_000)
        return context, page

    def use_drawers(self, path: str, width: int) -> list[str]:
        """Open and close both drawers with the visible buttons, as a reader taps them; what went wrong."""
        context, page = self._page(width, 844)
        problems: list[str] = []
        try:
            page.goto(self.server.base + path, wait_until="load")
            for kind, dialog in (("primary", "#pst-primary-sidebar-modal"), ("secondary", "#pst-secondary-sidebar-modal")):
                buttons = page.locator(f".{kind}-toggle").filter(visible=True)
                if buttons.count() != 1:
                    problems.append(f"{buttons.count()} visible {kind} buttons at {width} px (expected 1)")
                    continue
                buttons.first.click()
                try:
                    page.wait_for_function(f"() => document.querySelector('{dialog}').open", timeout=5_000)
                except Exception:  # noqa: BLE001 - reported
                    problems.append(f"the {kind} button did not open its drawer at {width} px")
                    continue
                links = page.locator(f"{dialog} a[href]").filter(visible=True).count()
                if links < 3:
                    problems.append(f"the {kind} drawer opened with {links} visible links")
                page.keyboard.press("Escape")
                try:
                    page.wait_for_function(f"() => !document.querySelector('{dialog}').open", timeout=5_000)
                except Exception:  # noqa: BLE001 - reported
                    problems.append(f"the {kind} drawer did not close on Escape")
                if not buttons.first.is_visible():
                    problems.append(f"the {kind} button is gone after closing its drawer")
        finally:
            context.close()
        return problems

    def toggle_desktop_sidebar(self, path: str, width: int = 1280) -> list[tuple[bool, bool]]:
        """Click the visible ☰ twice on a wide window: (sidebar shown, a drawer open) at the start and after each click."""
        context, page = self._page(width)
        states = []
        try:
            page.goto(self.server.base + path, wait_until="load")
            sidebar = page.locator("#pst-primary-sidebar")
            state = "() => document.querySelector('#pst-primary-sidebar-modal').open"
            states.append((sidebar.is_visible() and sidebar.bounding_box()["width"] > 50, page.evaluate(state)))
            for _ in range(2):
                page.locator(".primary-toggle").filter(visible=True).first.click()
                page.wait_for_timeout(400)  # the theme animates the sidebar
                box = sidebar.bounding_box() if sidebar.is_visible() else None
                states.append((bool(box and box["width"] > 50 and box["x"] + box["width"] > 0), page.evaluate(state)))
        finally:
            context.close()
        return states

    def visible_search_boxes(self, path: str, width: int) -> int:
        """How many search fields (not icons) a reader sees at the top of the page."""
        context, page = self._page(width)
        try:
            page.goto(self.server.base + path, wait_until="load")
            return page.locator(".search-button-field, form.bd-search input").filter(visible=True).count()
        finally:
            context.close()

    def first_paint(self, path: str, megabits: float = 10.0) -> dict[str, float | None]:
        """Load a page over a throttled link: when it first painted, and when its scripts had arrived (ms)."""
        context, page = self._page(1280)
        context.add_init_script("performance.setResourceTimingBufferSize(10000)")  # MathJax alone loads dozens
        try:
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            rate = megabits * 1e6 / 8
            cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": 20,
                                                          "downloadThroughput": rate, "uploadThroughput": rate})
            page.goto(self.server.base + path, wait_until="load", timeout=120_000)
            return page.evaluate("""() => {
              const paint = performance.getEntriesByName('first-contentful-paint')[0];
              const arrived = part => {
                const r = performance.getEntriesByType('resource').find(e => e.name.includes(part));
                return r ? r.responseEnd : null;
              };
              return {first_contentful_paint: paint ? paint.startTime : null,
                      widget_manager: arrived('embed-amd.js'), require: arrived('require.js'),
                      vega: arrived('vega.min.js'), load: performance.timing.loadEventStart - performance.timing.navigationStart};
            }""")
        finally:
            context.close()

    def drive_demos(self, path: str, width: int = 1280) -> list[dict[str, Any]]:
        """Drag every control of every demo on the page with the mouse; what the chart drew before and after."""
        context, page = self._page(width)
        records: list[dict[str, Any]] = []
        try:
            page.goto(self.server.base + path, wait_until="load")
            page.evaluate(WAIT_FOR_DEMOS)
            demos = page.locator("div.lecture10-demo")
            for index in range(demos.count()):
                demo = demos.nth(index)
                spec = json.loads(demo.locator('script[type="application/vnd.lecture10.demo+json"]').text_content())
                for control in spec["usermeta"]["lecture10"]["controls"]:
                    before = demo.evaluate(DRAWN)
                    value = _move_control(page, demo, control)
                    page.wait_for_timeout(300)
                    after = demo.evaluate(DRAWN)
                    records.append({"demo": index, "control": control, "value": value, "before": before, "after": after,
                                    "signal": demo.evaluate(f"el => el.lecture10View.signal({json.dumps(control['name'])})")})
        finally:
            context.close()
        return records

    def enlarge_figures(self, path: str, first_alt: str, screenshot: Path, width: int = 390) -> list[dict[str, Any]]:
        """Open three shrunk figures at full size as a reader would, and close them again.

        The figure whose alt text starts with `first_alt` (or the first shrunk one) comes first, the
        next shrunk figures after it. They are opened by a tap on the image, Enter on its button, Space
        on its button, and closed by Escape, the Close button, a click on the backdrop. Per figure:
        the page's figure (rendered and natural width, its button), OPEN_FIGURE_DIALOG once open, and
        after closing whether the dialog closed and the focus went back to the figure's button.
        The first open dialog is saved as `screenshot`.
        """
        ways = [("tap", "Escape"), ("Enter", "Close button"), ("Space", "backdrop")]
        context, page = self._page(width, 844)
        records: list[dict[str, Any]] = []
        try:
            page.goto(self.server.base + path, wait_until="load")
            page.evaluate(WAIT_FOR_MATH)
            page.wait_for_timeout(200)  # the figures' sizes settle after the fonts and the math
            figures = page.locator("article div.cell_output img")
            shrunk = page.evaluate("""first => {
              const images = Array.from(document.querySelectorAll('article div.cell_output img'));
              const picked = images.map((img, i) => [img, i])
                .filter(([img]) => img.checkVisibility() && img.getBoundingClientRect().width < img.naturalWidth - 1)
                .map(([img, i]) => [i, (img.getAttribute('alt') || '').startsWith(first)]);
              const start = Math.max(0, picked.findIndex(([, match]) => match));
              return picked.slice(start).concat(picked.slice(0, start)).map(([i]) => i);
            }""", first_alt)
            for number, (index, (opening, closing)) in enumerate(zip(shrunk, ways)):
                img = figures.nth(index)
                img.scroll_into_view_if_needed()
                record: dict[str, Any] = {"opening": opening, "closing": closing, **img.evaluate(
                    """img => ({alt: img.getAttribute('alt'), natural: img.naturalWidth, rendered: img.getBoundingClientRect().width,
                                button: img.nextElementSibling && img.nextElementSibling.tagName === 'BUTTON'
                                  && img.nextElementSibling.checkVisibility()})""")}
                records.append(record)
                button = img.locator("xpath=following-sibling::*[1][self::button]")
                if opening == "tap":
                    img.click()
                elif not record["button"]:
                    continue  # nothing to press: the test reports the missing button
                else:
                    button.focus()
                    page.keyboard.press(opening)
                try:
                    page.wait_for_function("""() => { const img = document.querySelector('dialog[open] img');
                                                    return img && img.complete && img.naturalWidth > 0; }""", timeout=5_000)
                except Exception:  # noqa: BLE001 - reported: the dialog is None
                    pass
                record["dialog"] = page.evaluate(OPEN_FIGURE_DIALOG)
                if record["dialog"] is None:
                    continue
                if number == 0:
                    screenshot.parent.mkdir(parents=True, exist_ok=True)
                    page.screenshot(path=str(screenshot))
                if closing == "Escape":
                    page.keyboard.press("Escape")
                elif closing == "Close button":
                    page.locator("dialog[open]").get_by_role("button", name="Close").click()
                else:
                    page.mouse.click(2, 2)  # the window's corner: the backdrop, outside the dialog
                try:
                    page.wait_for_function("() => !document.querySelector('dialog[open]')", timeout=5_000)
                    record["closed"] = True
                except Exception:  # noqa: BLE001 - reported
                    record["closed"] = False
                record["focus_back"] = bool(record["button"]) and button.evaluate("b => b === document.activeElement")
        finally:
            context.close()
        return records

    def readme_screenshot(self, path: str, destination: Path, width: int = 1200, height: int = 900) -> Path:
        """A small PNG of one page as a reader first sees it, scrolled to its first figure."""
        from PIL import Image

        context = self._browser.new_context(viewport={"width": width, "height": height})
        context.route("**/*", lambda r: r.continue_() if self.server.is_local(r.request.url) else r.abort())
        page = context.new_page()
        try:
            page.goto(self.server.base + path, wait_until="load", timeout=60_000)
            page.evaluate(WAIT_FOR_MATH)
            page.evaluate("""() => {  // the section of the first figure, its heading under the sticky header
              const figure = document.querySelector('article .cell_output img');
              const heading = figure && figure.closest('section') && figure.closest('section').querySelector('h2, h3');
              const target = heading || figure;
              if (target) { window.scrollTo(0, target.getBoundingClientRect().top + window.scrollY - 72); }
            }""")
            page.wait_for_timeout(300)
            raw = destination.with_suffix(".raw.png")
            destination.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(raw))
        finally:
            context.close()
        with Image.open(raw) as image:  # 256 colours: a page of text and line plots stays sharp
            image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(destination, optimize=True)
        raw.unlink()
        return destination
