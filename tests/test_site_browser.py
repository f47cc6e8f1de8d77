"""The site as a student meets it: every page opened offline in headless Chromium.

The module builds the book (`jupyter-book build -W -n --keep-going`, into a temporary folder), serves it
on 127.0.0.1 and opens every page with all other hosts blocked. Per page it checks: no console errors, no
request to another host, no local 404 (loaded files and links, anchors included), every image loaded and
described, math typeset, headings in order; on notebook pages, the Colab and Binder links of the
configured repository and the stored widgets rendered. Full-page screenshots go to artifacts/screenshots/.

Needs Chromium (`apt-get install chromium`), Playwright's Python client (no browser download) and the
site's staged JavaScript (`python tools/site-assets/stage.py`); without them the tests skip, unless
LECTURE10_REQUIRE_BROWSER=1 (CI), where they fail. LECTURE10_UPDATE_README_SCREENSHOT=1 also rewrites
the README's screenshot, book/images/site-screenshot.png.
"""
from __future__ import annotations

import json
import math
import os
from collections.abc import Iterator
from urllib.parse import urldefrag, urlsplit

import pytest
from site_browser_support import (
    IMAGE_FILE_NAME,
    ROOT,
    Browser,
    SiteServer,
    Visit,
    build_site,
    chromium_path,
    expected_launch_links,
    notebook_pages,
    page_paths,
    staged_assets_problem,
    stored_widgets,
    unavailable,
)

PAGES = page_paths()
NOTEBOOK_PAGES = notebook_pages()
WIDGET_PAGES = [p for p in NOTEBOOK_PAGES if stored_widgets(ROOT / f"{p}.ipynb")[0]]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
README_SCREENSHOT = ROOT / "book" / "images" / "site-screenshot.png"
README_PAGE_PREFERENCE = ["book/bptt", "book/cliffs-clipping", "book/long-term"]  # a chapter with math and a figure


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    """The freshly built site, served locally, and a headless Chromium to look at it."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        unavailable("Playwright's Python client is not installed (pip install playwright; no browser download)")
    executable = chromium_path()
    if executable is None:
        unavailable("Chromium is not installed (apt-get install chromium chromium-driver)")
    problem = staged_assets_problem()
    if problem:
        unavailable(problem)
    build = build_site(tmp_path_factory.mktemp("site"))
    if not (build.html / "index.html").exists():
        pytest.fail("the site did not build:\n" + "\n".join(build.problems))
    with SiteServer(build.html) as server:
        chromium = Browser(executable, server, SCREENSHOTS, build)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="module")
def visits(browser: Browser) -> Iterator[dict[str, Visit]]:
    """Each page is opened once; the tests below read what happened (summary: artifacts/screenshots/visits.json)."""
    cache: dict[str, Visit] = {}
    yield cache
    summary = {path: {"seconds": round(v.seconds, 2), "images": len(v.images), "formulas": v.math.get("total", 0),
                      "widget_views": v.widgets.get("views", 0), "console_errors": len(v.console_errors),
                      "blocked_requests": len(v.blocked_requests), "screenshot": v.screenshot and v.screenshot.name}
               for path, v in cache.items()}
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / "visits.json").write_text(json.dumps(summary, indent=2) + "\n")


def visit(browser: Browser, visits: dict[str, Visit], path: str, redirects_to: str | None = None) -> Visit:
    """The (cached) visit of one page."""
    if path not in visits:
        visits[path] = browser.visit(path, redirects_to)
    return visits[path]


def test_site_builds_warning_free(browser: Browser) -> None:
    """The README's build command succeeds: no warning (the pages are checked below even when it fails)."""
    assert browser.build.returncode == 0 and not browser.build.problems, "\n".join(browser.build.problems)


def test_every_built_page_is_checked(browser: Browser) -> None:
    """No HTML page of the site escapes these tests (a new page must be in `_toc.yml`)."""
    html = browser.build.html
    built = {p.relative_to(html).as_posix() for p in html.rglob("*.html")
             if p.relative_to(html).parts[0] not in ("_static", "_sources", "_images", "vendor")}
    unchecked = built - set(PAGES) - {"index.html"}
    assert not unchecked, f"pages built but not checked: {sorted(unchecked)}"
    missing = set(PAGES) - built
    assert not missing, f"pages of _toc.yml not built: {sorted(missing)}"


def test_index_redirects_to_the_first_page(browser: Browser, visits: dict[str, Visit]) -> None:
    """The site's address opens the book's first page."""
    page = visit(browser, visits, "index.html", redirects_to=PAGES[0])
    assert page.final_url == browser.server.base + PAGES[0], page.final_url
    assert not page.console_errors and not page.blocked_requests and not page.failed_requests


@pytest.mark.parametrize("path", PAGES)
def test_no_console_errors(browser: Browser, visits: dict[str, Visit], path: str) -> None:
    """A first visit of the page logs no JavaScript error and throws no exception."""
    page = visit(browser, visits, path)
    assert not page.console_errors, "\n".join(page.console_errors)


@pytest.mark.parametrize("path", PAGES)
def test_no_requests_to_other_hosts(browser: Browser, visits: dict[str, Visit], path: str) -> None:
    """Viewing the page asks no third party for anything (fonts, scripts, styles, images...)."""
    page = visit(browser, visits, path)
    assert not page.blocked_requests, "requests to other hosts:\n" + "\n".join(page.blocked_requests)


@pytest.mark.parametrize("path", PAGES)
def test_local_files_and_links_resolve(browser: Browser, visits: dict[str, Visit], path: str) -> None:
    """Everything the page loads is found, and every link into the site leads to a page and anchor."""
    page = visit(browser, visits, path)
    assert not page.failed_requests, "\n".join(page.failed_requests)
    broken = []
    for link in sorted(set(page.links)):
        if not browser.server.is_local(link):
            continue
        status, ids = browser.server.fetch(link)
        fragment = urldefrag(link).fragment
        if status != 200:
            broken.append(f"HTTP {status}: {link}")
        elif fragment and urlsplit(link).path.endswith(".html") and fragment not in ids:
            broken.append(f"no #{fragment} in {link}")
    assert not broken, "broken links:\n" + "\n".join(broken)


@pytest.mark.parametrize("path", PAGES)
def test_images_load_and_have_alt_text(browser: Browser, visits: dict[str, Visit], path: str) -> None:
    """Every image is displayed and says what it shows (not empty, not a file name)."""
    page = visit(browser, visits, path)
    broken = [i["src"][:120] for i in page.images if not (i["complete"] and i["width"] > 0)]
    assert not broken, f"images that did not load: {broken}"
    undescribed = [i["src"][:120] for i in page.images
                   if not (i["alt"] or "").strip() or IMAGE_FILE_NAME.match(i["alt"].strip())]
    assert not undescribed, f"images without alt text saying what they show: {undescribed}"


@pytest.mark.parametrize("path", PAGES)
def test_math_is_typeset(browser: Browser, visits: dict[str, Visit], path: str) -> None:
    """MathJax (served by the site) typesets every formula without errors; no raw TeX is left in the text."""
    page = visit(browser, visits, path)
    assert not page.math["untypeset"], f"formulas MathJax did not typeset: {page.math['untypeset'][:5]}"
    assert not page.math["errors"], f"TeX errors: {page.math['errors'][:5]}"
    assert not page.raw_tex, f"raw TeX delimiters in the visible text: {page.raw_tex[:10]}"


@pytest.mark.parametrize("path", PAGES)
def test_headings_are_in_order(browser: Browser, visits: dict[str, Visit], path: str) -> None:
    """One h1 first, and no level skipped on the way down (h2 then h4 is a skip)."""
    page = visit(browser, visits, path)
    levels = [level for level, _ in page.headings]
    assert levels, "the page has no heading"
    assert levels.count(1) == 1 and levels[0] == 1, f"expected exactly one h1, first: {page.headings[:4]}"
    skips = [f"h{a} '{ta}' -> h{b} '{tb}'" for (a, ta), (b, tb) in zip(page.headings, page.headings[1:]) if b > a + 1]
    assert not skips, f"heading levels skipped: {skips}"


@pytest.mark.parametrize("page", NOTEBOOK_PAGES)
def test_launch_links_open_the_configured_repository(browser: Browser, visits: dict[str, Visit], page: str) -> None:
    """A notebook page links to itself in Colab and Binder, in the repository `_config.yml` names."""
    expected = expected_launch_links(page)
    assert set(expected) == {"Colab", "Binder"}, f"_config.yml does not configure both launch buttons: {expected}"
    links = set(visit(browser, visits, f"{page}.html").links)
    missing = {service: url for service, url in expected.items() if url not in links}
    assert not missing, f"launch links missing or pointing elsewhere: {missing}"


@pytest.mark.parametrize("page", WIDGET_PAGES)
def test_stored_widgets_render(browser: Browser, visits: dict[str, Visit], page: str) -> None:
    """Every widget view of the notebook renders, with a slider for each stored slider, at its stored value."""
    views, sliders = stored_widgets(ROOT / f"{page}.ipynb")
    widgets = visit(browser, visits, f"{page}.html").widgets
    assert widgets["views"] == views, f"{views} widget views in the notebook, {widgets['views']} on the page"
    assert widgets["rendered"] == views, f"{widgets['rendered']} of {views} widget views rendered"
    assert widgets["sliders"] >= len(sliders), f"{len(sliders)} sliders stored, {widgets['sliders']} on the page"
    readouts = [float(r) for r in widgets["readouts"] if _is_number(r)]
    for slider in sliders:
        value = float(slider["value"])
        shown = [r for r in readouts if math.isclose(r, value, rel_tol=1e-3, abs_tol=0.005)]
        assert shown, f"slider {slider.get('description')!r} = {value}: not among the readouts {widgets['readouts']}"


def test_readme_screenshot(browser: Browser) -> None:
    """A small screenshot of a chapter (artifacts/; the README's copy with LECTURE10_UPDATE_README_SCREENSHOT=1)."""
    chapters = [p for p in README_PAGE_PREFERENCE if p in NOTEBOOK_PAGES] or NOTEBOOK_PAGES
    shot = browser.readme_screenshot(f"{chapters[0]}.html", SCREENSHOTS / "readme-site-screenshot.png")
    assert 0 < shot.stat().st_size <= 300_000, f"{shot}: {shot.stat().st_size} bytes (the README wants <= 300 kB)"
    if os.environ.get("LECTURE10_UPDATE_README_SCREENSHOT") == "1":
        README_SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        README_SCREENSHOT.write_bytes(shot.read_bytes())


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
