"""Helpers of tests/test_site_browser.py: build the site, serve it on 127.0.0.1, visit pages in headless Chromium.

Chromium is the Debian package (`apt-get install chromium`), driven by Playwright's Python client with
`executable_path`; Playwright never downloads a browser here. Every request whose host is not the local
server is aborted and recorded, so a page is checked as it behaves offline.
"""
from __future__ import annotations

import functools
import html.parser
import http.server
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
from notebooks import book_config, toc_files  # noqa: E402

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
    """How many widget views a notebook outputs, and the slider models of its stored widget state."""
    import nbformat

    nb = nbformat.read(notebook, as_version=4)
    views = sum(WIDGET_VIEW in out.get("data", {}) for cell in nb.cells if cell.cell_type == "code"
                for out in cell.get("outputs", []))
    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    sliders = [m["state"] for m in state.values() if m.get("state", {}).get("_view_name") in SLIDER_VIEWS]
    return views, sliders


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
    spec = importlib.util.spec_from_file_location("site_assets_stage", ROOT / "tools" / "site-assets" / "stage.py")
    stage = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(stage)
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


WAIT_FOR_MATH = """async () => {
  const mj = window.MathJax;
  if (mj && mj.startup && mj.startup.promise) { await mj.startup.promise; }
}"""

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
  // The visible prose: text outside code, outputs and typeset math.
  const skip = 'pre, code, script, style, textarea, mjx-container, .highlight';
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

    def visit(self, path: str, redirects_to: str | None = None) -> Visit:
        """Open one page offline, wait for math and widgets, collect what it did, screenshot it."""
        visit = Visit(url=self.server.base + path)
        context = self._browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")

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
            visit.final_url = page.url
            visit.images = page.evaluate(COLLECT_IMAGES)
            visit.headings = [tuple(h) for h in page.evaluate(COLLECT_HEADINGS)]
            math = page.evaluate(COLLECT_MATH)
            visit.raw_tex = [m.group(0) for m in RAW_TEX.finditer(math.pop("text"))]
            visit.math = math
            visit.widgets = page.evaluate(COLLECT_WIDGETS)
            visit.links = page.evaluate(COLLECT_LINKS)
            self.screenshots.mkdir(parents=True, exist_ok=True)
            visit.screenshot = self.screenshots / (path.removesuffix(".html").replace("/", "__") + ".png")
            page.screenshot(path=str(visit.screenshot), full_page=True)
        finally:
            visit.seconds = time.perf_counter() - start
            context.close()
        return visit

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
