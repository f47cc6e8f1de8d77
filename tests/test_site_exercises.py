"""Exercises and quizzes on the static site, in headless Chromium (a small fixture book, built like the real one).

The fixture chapter (tests/fixtures/exercises/fixture-chapter.ipynb) is executed, placed at
`book/fixture-chapter.ipynb` of a temporary book whose `_config.yml` is the real one (the site's own
JavaScript, both local extensions, no third-party requests), with its student notebook in `students/`.
The page is opened offline: a quiz question answered right and one answered wrong (with the keyboard)
show the right feedback; the solution cells show the stub with the solution in a closed dropdown;
the student notebook is offered for download (served by the site) and in Colab.
"""
from __future__ import annotations

import copy
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat
import pytest
import yaml
from nbclient import NotebookClient
from site_browser_support import (
    CHROMIUM_FLAGS,
    SiteServer,
    chromium_path,
    expected_launch_links,
    jupyter_book_command,
    staged_assets_problem,
    unavailable,
)

from tools.notebooks import ROOT
from tools.student_notebooks import check_cells, serialise, student_notebook

FIXTURE = ROOT / "tests" / "fixtures" / "exercises" / "fixture-chapter.ipynb"
PAGE = "book/fixture-chapter"
# Settings of _config.yml that name files: made absolute, so that the temporary book uses the real ones.
PATH_LISTS = ("html_extra_path", "html_static_path", "templates_path")


def fixture_config(folder: Path) -> dict[str, Any]:
    """The real `_config.yml`, its file paths made absolute, for a book in `folder`."""
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    config["title"] = "Exercise fixture"
    sphinx = config.setdefault("sphinx", {})
    sphinx["local_extensions"] = {name: str((ROOT / path).resolve()) for name, path in
                                  (sphinx.get("local_extensions") or {}).items()}
    settings = sphinx.setdefault("config", {})
    for key in PATH_LISTS:
        if key in settings:
            settings[key] = [str((ROOT / p).resolve()) for p in settings[key]]
    config["bibtex_bibfiles"] = [str((ROOT / p).resolve()) for p in config.get("bibtex_bibfiles", [])]
    html = config.get("html") or {}
    for key in ("favicon", "extra_footer_file"):
        if html.get(key):
            html[key] = str((ROOT / html[key]).resolve())
    if config.get("logo"):
        config["logo"] = str((ROOT / config["logo"]).resolve())
    return config


def build_fixture_book(folder: Path) -> tuple[Path, list[str]]:
    """Execute the fixture chapter, lay out the book with its student notebook, build it; (html folder, problems)."""
    nb = nbformat.read(FIXTURE, as_version=4)
    (folder / "book").mkdir(parents=True)
    executed = copy.deepcopy(nb)
    resources = {"metadata": {"path": str(folder / "book")}}
    NotebookClient(executed, timeout=600, kernel_name="python3", resources=resources).execute()
    nbformat.write(executed, folder / f"{PAGE}.ipynb")
    (folder / "students").mkdir()
    (folder / "students" / "fixture-chapter.ipynb").write_text(serialise(student_notebook(nb, f"{PAGE}.ipynb")))
    (folder / "_toc.yml").write_text(yaml.safe_dump({"format": "jb-book", "root": PAGE}))
    (folder / "_config.yml").write_text(yaml.safe_dump(fixture_config(folder), sort_keys=False))
    command = jupyter_book_command() + ["build", str(folder), "-W", "-n", "--keep-going"]
    result = subprocess.run(command, cwd=folder, capture_output=True, text=True)
    output = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout + result.stderr)
    problems = [line for line in output.splitlines() if re.search(r"\b(WARNING|ERROR|CRITICAL)\b|Traceback", line)]
    if result.returncode and not problems:
        problems = output.splitlines()[-30:]
    return folder / "_build" / "html", problems


class Session:
    """One page of the fixture site, opened offline in headless Chromium; what it logged and requested."""

    def __init__(self, executable: str, server: SiteServer) -> None:
        from playwright.sync_api import sync_playwright

        self.server = server
        self.console_errors: list[str] = []
        self.blocked: list[str] = []
        self.failed: list[str] = []
        self._playwright = sync_playwright().start()
        self._browser = self._playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_FLAGS)
        context = self._browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
        context.route("**/*", self._route)
        self.page = context.new_page()
        self.page.set_default_timeout(15_000)
        self.page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        self.page.on("pageerror", lambda e: self.console_errors.append(f"uncaught: {e}"))
        self.page.on("response", lambda r: r.status >= 400 and self.failed.append(f"HTTP {r.status} {r.url}"))
        self.page.goto(server.base + f"{PAGE}.html", wait_until="load", timeout=60_000)
        try:
            self.page.wait_for_load_state("networkidle", timeout=30_000)
        except Exception:  # noqa: BLE001 - best effort on a busy machine; what failed is recorded
            pass

    def _route(self, route: Any) -> None:
        if self.server.is_local(route.request.url):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort("blockedbyclient")

    def close(self) -> None:
        """Quit Chromium."""
        self._browser.close()
        self._playwright.stop()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Session, list[str]]]:
    """The fixture book, built and served on 127.0.0.1, its chapter open in Chromium."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        unavailable("Playwright's Python client is not installed (pip install playwright; no browser download)")
    executable = chromium_path()
    if executable is None:
        unavailable("Chromium is not installed (apt-get install chromium)")
    problem = staged_assets_problem()
    if problem:
        unavailable(problem)
    html, problems = build_fixture_book(tmp_path_factory.mktemp("exercise-site"))
    if not (html / f"{PAGE}.html").exists():
        pytest.fail("the fixture book did not build:\n" + "\n".join(problems))
    with SiteServer(html) as server:
        session = Session(executable, server)
        try:
            yield session, problems
        finally:
            session.close()


def test_fixture_book_builds_warning_free(site) -> None:
    _, problems = site
    assert not problems, "\n".join(problems)


def test_page_loads_offline_without_errors(site) -> None:
    session, _ = site
    assert not session.console_errors, "\n".join(session.console_errors)
    assert not session.blocked, "requests to other hosts:\n" + "\n".join(session.blocked)
    assert not session.failed, "\n".join(session.failed)


def test_quiz_answered_right_then_wrong_shows_the_feedback(site) -> None:
    """Click the right answer of question 1; choose a wrong answer of question 2 with the keyboard."""
    page = site[0].page
    questions = page.get_by_role("group", name=re.compile(r"^Question \d of \d: "))
    assert questions.count() == 2, f"expected the fixture's 2 quiz questions, found {questions.count()}"

    first = questions.nth(0)
    right = first.locator('input[data-correct="true"]')
    right_label = first.locator('label:has(input[data-correct="true"])')
    right_label.click()
    feedback = first.get_by_role("status")
    assert feedback.inner_text().startswith("✓ Right. ")
    assert feedback.inner_text().endswith(right.get_attribute("data-feedback"))
    assert "l10-right" in right_label.get_attribute("class")

    second = questions.nth(1)
    wrong = second.locator('input[data-correct="false"]').first
    name = second.locator('label:has(input[data-correct="false"])').first.inner_text().strip()
    radio = second.get_by_role("radio", name=name)  # the label names the radio button
    radio.focus()
    page.keyboard.press("Space")
    assert radio.is_checked()
    feedback = second.get_by_role("status")
    assert feedback.inner_text() == "✗ Not quite. " + wrong.get_attribute("data-feedback")
    assert first.get_by_role("status").inner_text().startswith("✓ Right. "), "answering one question changed another"


def test_solution_cells_show_the_stub_and_hide_the_solution(site) -> None:
    page = site[0].page
    stubs = page.locator(".exercise-stub")
    assert stubs.count() == 2
    assert all('raise NotImplementedError("your code here")' in stubs.nth(i).inner_text() for i in range(2))
    dropdowns = page.locator("details.hide", has=page.locator("summary", has_text="Show solution"))
    assert dropdowns.count() == 2
    solution = dropdowns.nth(0).locator("pre")
    assert not solution.is_visible(), "the solution must be hidden until asked for"
    dropdowns.nth(0).locator("summary").click()
    assert solution.is_visible() and "np.where(x < x_max" in solution.inner_text()


def test_check_outputs_are_shown(site) -> None:
    text = site[0].page.locator("article").inner_text()
    assert "✓ glove_weight: all 5 cases pass." in text and "✓ clip: all 4 cases pass." in text


def test_student_notebook_is_offered_for_download_and_in_colab(site) -> None:
    session, _ = site
    note = session.page.locator(".student-notebook")
    assert note.count() == 1 and note.is_visible()
    download = note.get_by_role("link", name="download the student notebook")
    href = download.get_attribute("href")
    assert href == "../students/fixture-chapter.ipynb" and download.get_attribute("download")
    status, _ = session.server.fetch(session.server.base + "students/fixture-chapter.ipynb")
    assert status == 200, "the student notebook is not served by the site"
    student = nbformat.reads(session.page.request.get(session.server.base + "students/fixture-chapter.ipynb").text(), 4)
    assert 'raise NotImplementedError("your code here")' in student.cells[check_cells(student)[0] - 1].source
    colab = note.get_by_role("link", name="open it in Colab").get_attribute("href")
    assert colab == expected_launch_links("students/fixture-chapter")["Colab"]
