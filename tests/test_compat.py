"""tools.compat: the version-range environments (what they install) and the chapter runner's verdicts."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys

try:  # Python 3.11+
    import tomllib
except ModuleNotFoundError:  # Python 3.10 (the lowest supported; tools.compat tests it): pytest brings tomli
    import tomli as tomllib
from pathlib import Path

import nbformat
import pytest
from packaging.requirements import Requirement
from packaging.version import Version

from tools import compat
from tools.notebooks import ROOT


def declared_requirements() -> list[Requirement]:
    """lecture10's dependencies and optional dependencies, as pyproject.toml declares them."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    lines = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        lines += extra
    return [Requirement(line) for line in lines]


def lowest_pins() -> dict[str, str]:
    pins = {}
    for line in compat.LOWEST_CONSTRAINTS.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            requirement = Requirement(line)
            (spec,) = requirement.specifier
            assert spec.operator == "==", f"lowest.txt pins exactly, not {line!r}"
            pins[requirement.name.lower()] = spec.version
    return pins


def test_lowest_pins_every_declared_lower_bound_exactly() -> None:
    """Raising a lower bound in pyproject.toml without lowest.txt (or the reverse) fails here."""
    pins = lowest_pins()
    for requirement in declared_requirements():
        bounds = [s.version for s in requirement.specifier if s.operator == ">="]
        assert bounds, f"{requirement} declares no lower bound: the lowest environment cannot test it"
        pinned = pins.get(requirement.name.lower())
        assert pinned is not None and Version(pinned) == Version(bounds[0]), (
            f"pyproject.toml declares {requirement}, tools/compat/lowest.txt pins "
            f"{requirement.name}=={pins.get(requirement.name.lower())}"
        )
    declared = {r.name.lower() for r in declared_requirements()}
    assert set(pins) - declared == {"torch"}, "lowest.txt pins only the declared packages and the oldest torch"


def test_readme_states_the_oldest_torch_that_lowest_txt_tests() -> None:
    torch = lowest_pins()["torch"]
    readme = (ROOT / "README.md").read_text()
    assert f"torch {torch}" in readme, f"README.md's 'Tested versions' must name torch {torch}, the oldest tested"


def test_environments_install_the_package_its_extra_and_the_test_tools() -> None:
    lowest = compat.requirements_for(compat.PROFILES["lowest"])
    newest = compat.requirements_for(compat.PROFILES["newest"])
    for args in (lowest, newest):
        extras = ",".join(sorted(tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]))
        assert args[args.index("--editable") + 1] == f".[{extras}]", "every extra pyproject.toml declares"
        assert "torch" in args and "ipykernel" in args and "nbclient" in args
    assert lowest[:2] == ["--constraint", "tools/compat/lowest.txt"] and "--upgrade" not in lowest
    assert "--upgrade" in newest and "--constraint" not in newest


def test_newest_environment_pip_reads_no_configuration_file() -> None:
    """A machine-wide constraint (CI caps torch) must not hold the newest environment back."""
    env = compat.pip_environment(compat.PROFILES["newest"])
    listed = subprocess.run([sys.executable, "-m", "pip", "config", "list"], env=env, capture_output=True, text=True)
    assert listed.returncode == 0, listed.stderr
    assert not [l for l in listed.stdout.splitlines() if not l.startswith(":env:")], listed.stdout
    assert "constraint" not in listed.stdout


def test_find_python_names_what_it_looked_for(tmp_path: Path) -> None:
    with pytest.raises(compat.CompatError, match=r"no Python 3\.99 found .*pyenv install 3\.99.*--python"):
        compat.find_python("3.99")
    with pytest.raises(compat.CompatError, match=r"is not a Python 3\.99 interpreter"):
        compat.find_python("3.99", sys.executable)
    running = f"{sys.version_info.major}.{sys.version_info.minor}"
    assert compat.find_python(running, sys.executable) == Path(sys.executable)


def test_command_line_rejects_unknown_environments_and_missing_notebooks(capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(SystemExit):
        compat.main(["oldest"])
    assert "not ['oldest']" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        compat.main(["lowest", "book/no-such-chapter.ipynb"])
    assert "no such notebook" in capsys.readouterr().err
    with pytest.raises(SystemExit):  # chapters may follow the options
        compat.main(["newest", "--stage", "chapters", "book/no-such-chapter.ipynb"])
    assert "no such notebook" in capsys.readouterr().err


def notebook(path: Path, *sources: str) -> Path:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])
    nbformat.write(nb, path)
    return path


@pytest.fixture
def chapters(tmp_path: Path) -> Path:
    (tmp_path / "book").mkdir()
    return tmp_path / "book"


def test_chapter_passes_with_harmless_warnings_listed(chapters: Path, tmp_path: Path) -> None:
    path = notebook(
        chapters / "fine.ipynb",
        "import numpy as np\nx = np.exp(np.float64(1000.0))  # overflow: a RuntimeWarning, on purpose in some chapters",
        # a FutureWarning inside a package that is not the book's stack: listed, not fatal
        "import warnings\nwarnings.warn_explicit('old jupyter API', FutureWarning, 'session.py', 1, module='jupyter_client.session')",
        # matplotlib 3.7's own use of pyparsing's deprecated names (lowest environment): listed, not fatal
        "from pyparsing import PyparsingDeprecationWarning\n"
        "warnings.warn_explicit(\"'parseString' deprecated - use 'parse_string'\", PyparsingDeprecationWarning, 'f.py', 1, "
        "module='matplotlib._fontconfig_pattern')",
        "assert x == float('inf')",
    )
    before = path.read_text()
    record = compat.execute_chapter(path, tmp_path / "out", timeout=60)
    assert record["ok"], record
    assert any("RuntimeWarning: overflow" in w for w in record["warnings"]), record["warnings"]
    assert any("FutureWarning: old jupyter API" in w for w in record["warnings"]), record["warnings"]
    assert any("PyparsingDeprecationWarning: 'parseString' deprecated" in w for w in record["warnings"]), record["warnings"]
    assert path.read_text() == before, "the committed notebook is never written"
    executed = nbformat.read(tmp_path / "out" / "chapters" / "fine.ipynb", as_version=4)
    assert executed.cells[0].source == compat.WARNINGS_POLICY


@pytest.mark.parametrize(
    "source, error",
    [
        ("assert 0.5 > 0.9, 'the claim no longer holds'", "AssertionError: the claim no longer holds"),
        ("import warnings\nwarnings.warn('use new_api', DeprecationWarning)", "DeprecationWarning: use new_api"),
        (
            "import warnings\nwarnings.warn_explicit('will change', FutureWarning, 'fromnumeric.py', 1, module='numpy.core.fromnumeric')",
            "FutureWarning: will change",
        ),
        (
            "import warnings\nwarnings.warn_explicit('gone in 3.10', DeprecationWarning, 'x.py', 1, module='matplotlib.axes._base')",
            "DeprecationWarning: gone in 3.10",
        ),
    ],
    ids=["failed-assert", "deprecation-in-chapter", "futurewarning-in-numpy", "deprecation-in-matplotlib"],
)
def test_chapter_fails_on_asserts_and_deprecations(chapters: Path, tmp_path: Path, source: str, error: str) -> None:
    path = notebook(chapters / "broken.ipynb", "x = 1", source, "print('not reached')")
    record = compat.execute_chapter(path, tmp_path / "out", timeout=60)
    assert not record["ok"]
    assert record["error"].startswith(error), record["error"]
    assert record["cell"] == 1, "the failing cell is counted in the original notebook"
    executed = nbformat.read(record["executed_copy"], as_version=4)
    assert executed.cells[-1].outputs == [], "execution stops at the failure"


def test_an_error_while_drawing_a_figure_fails_the_chapter(chapters: Path, tmp_path: Path) -> None:
    """An exception raised while an output is drawn (a figure, HTML) fails the chapter. IPython prints it;
    ipykernel 7.3 and older then run on, 7.4 stops there: either way the chapter fails and names it."""
    path = notebook(
        chapters / "figure.ipynb",
        "class Broken:\n    def _repr_html_(self):\n        raise ValueError('cannot draw')\nBroken()",
        "print('the run went on')",
    )
    record = compat.execute_chapter(path, tmp_path / "out", timeout=60)
    assert not record["ok"] and record["cell"] == 0
    assert record["error"].startswith("ValueError: cannot draw"), record["error"]
    assert record["errors"] == ["cell 0: ValueError: cannot draw"]


def test_chapter_kernel_runs_in_the_notebooks_folder(chapters: Path, tmp_path: Path) -> None:
    """Chapters open files next to them (images, data) as the book's own runner does."""
    (chapters / "data.txt").write_text("42")
    path = notebook(chapters / "cwd.ipynb", "assert open('data.txt').read() == '42'")
    assert compat.execute_chapter(path, tmp_path / "out", timeout=60)["ok"]


def test_worker_writes_report_and_exit_status(chapters: Path, tmp_path: Path) -> None:
    good = notebook(chapters / "good.ipynb", "print(1)")
    bad = notebook(chapters / "bad.ipynb", "raise ValueError('boom')")
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "tools.compat", "_chapters", "--out", str(out), "--timeout", "60", str(good), str(bad)]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env=dict(os.environ))
    assert done.returncode == 1, done.stdout + done.stderr
    assert re.search(r"bad\.ipynb: FAILED in", done.stdout) and "ValueError: boom" in done.stdout
    report = json.loads((out / "chapters.json").read_text())
    assert [r["ok"] for r in report.values()] == [True, False]


def test_known_chapter_failures_are_matched_by_their_error_and_must_leave_when_fixed(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(compat, "KNOWN_CHAPTER_FAILURES", {("newest", "book/a.ipynb"): ("copy keyword", "why")})
    known = {"book/a.ipynb": {"ok": False, "error": "DeprecationWarning: no copy keyword", "cell": 3}}
    compat.classify_known("newest", known)
    assert known["book/a.ipynb"]["known"] == "why"
    other = {"book/a.ipynb": {"ok": False, "error": "AssertionError: ", "cell": 7}}
    compat.classify_known("newest", other)
    assert "known" not in other["book/a.ipynb"], "another error in a listed chapter is a new failure"
    fixed = {"book/a.ipynb": {"ok": True}}
    compat.classify_known("newest", fixed)
    assert not fixed["book/a.ipynb"]["ok"] and "now passes: remove" in fixed["book/a.ipynb"]["error"]
    elsewhere = {"book/a.ipynb": {"ok": False, "error": "DeprecationWarning: no copy keyword"}}
    compat.classify_known("lowest", elsewhere)
    assert "known" not in elsewhere["book/a.ipynb"], "known in one environment only"


def test_known_failures_name_tests_and_chapters_that_exist() -> None:
    for tests in compat.KNOWN_TEST_FAILURES.values():
        for node in tests:
            path, _, name = node.partition("::")
            assert f"def {name}(" in (ROOT / path).read_text(), f"stale entry in KNOWN_TEST_FAILURES: {node}"
    for (profile, chapter) in compat.KNOWN_CHAPTER_FAILURES:
        assert profile in compat.PROFILES and (ROOT / chapter).exists(), (profile, chapter)
