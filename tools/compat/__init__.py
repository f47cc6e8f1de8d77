"""Test the book on the version ranges lecture10 declares, not only on the pins of requirements.txt.

    python -m tools.compat lowest            # build (or reuse) the lowest environment, unit tests, every chapter
    python -m tools.compat newest            # the same with the newest releases on the package index
    python -m tools.compat lowest newest     # both, one after the other
    python -m tools.compat newest --stage chapters book/bptt.ipynb   # one stage, some chapters

Environments (virtualenvs under ``.cache/compat/<name>``, updated in place by pip when what they should
hold changes; ``--rebuild`` deletes and recreates them):

- ``lowest``: Python 3.10 (the lowest ``requires-python``), every lower bound of ``pyproject.toml``
  pinned exactly and the oldest torch the README promises (``tools/compat/lowest.txt``).
- ``newest``: Python 3.12 (what Colab runs), the newest release of everything (torch included) on
  the package index. pip's configuration files are ignored for this one, so that a machine-wide
  constraint (this project's CI machines cap torch) cannot hold anything back.

Both get lecture10 itself (editable, with every extra it declares: ``[fast,stanford]``) and the test tools (pytest, nbval,
nbclient, ipykernel: the newest that fit; requirements.txt's pins need Python 3.11). Stages:

1. ``install``: ``python -m venv``, ``pip install``, ``pip check``; the versions go to ``freeze.txt``.
2. ``tests``: ``pytest tests -m "not browser"`` (the unit tests; the site's tests need the pinned site stack).
3. ``chapters``: every notebook of ``_toc.yml`` run top to bottom in a fresh kernel of the environment,
   a copy each (the committed notebooks are never written; outputs are not compared). A chapter fails on
   an error, a failed ``assert``, or a deprecation that signals breakage (see ``WARNINGS_POLICY``).

Downloaded data is shared by all environments: the kernels use ``$LECTURE10_CACHE`` (or the default
cache folder) like any chapter. Executed copies, the pytest log and ``report.json`` are written to
``artifacts/compat/<name>/``. The exit status is non-zero when any stage of any environment failed.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from tools.notebooks import ROOT, toc_notebooks

HERE = Path(__file__).resolve().parent
LOWEST_CONSTRAINTS = HERE / "lowest.txt"
DEFAULT_ENVS = ROOT / ".cache" / "compat"
DEFAULT_OUT = ROOT / "artifacts" / "compat"
STAGES = ("install", "tests", "chapters")

# The test tools, unpinned: pip takes the newest release that runs on the environment's Python and
# fits the book's versions (requirements.txt's pins need Python 3.11: ipykernel 7.4.0 does).
TEST_TOOLS = ("pytest", "nbval", "nbclient", "nbformat", "jupytext", "ipykernel")
# Printed in the summary, in this order (everything is in freeze.txt).
KEY_PACKAGES = (
    "torch", "numpy", "scipy", "matplotlib", "scikit-learn", "ipywidgets", "altair", "pyarrow",
    "pooch", "tqdm", "platformdirs", "filelock", "ipykernel", "ipython", "pytest",
)

# Warnings that signal breakage fail a chapter: a DeprecationWarning (MatplotlibDeprecationWarning is
# one) or FutureWarning that is attributed to the book's own code (a notebook cell, lecture10) or to
# the scientific stack the book calls. These announce that an API the book uses will change or go;
# every other warning is listed in the report but fails nothing (the chapters print RuntimeWarnings
# of overflowing iterations on purpose, and warnings inside Jupyter's own packages are not the book's).
# Python attributes a warning to the module of the frame `stacklevel` points at: numpy, scipy,
# matplotlib, scikit-learn and torch point theirs at the caller, so a deprecated call in a chapter
# counts as `__main__` or `lecture10.*`; a library warning about its own internals counts as the library.
BOOK_MODULES = r"(__main__|lecture10(\..*)?)$"
LIBRARY_MODULES = r"(numpy|scipy|matplotlib|sklearn|torch|altair|pyarrow|ipywidgets|pooch)(\..*)?$"
WARNINGS_POLICY = f"""\
# tools.compat: deprecations in the book's code or in the libraries it calls are errors
import warnings
for _category in (DeprecationWarning, FutureWarning):
    warnings.filterwarnings("error", category=_category, module={BOOK_MODULES!r})
    warnings.filterwarnings("error", category=_category, module={LIBRARY_MODULES!r})
del _category
# pyparsing 3.3 deprecates its camelCase names, which older matplotlib (3.7.0 in the lowest
# environment) calls: matplotlib's internals, not an API of the book (listed in the report, not fatal)
try:
    from pyparsing import PyparsingDeprecationWarning
except ImportError:  # pyparsing before 3.3 warns about nothing
    pass
else:
    warnings.filterwarnings("default", category=PyparsingDeprecationWarning)
"""
WARNING_LINE = re.compile(r"\b\w*(Warning|Deprecat\w*)\b:.*")


@dataclass(frozen=True)
class Profile:
    """One environment to test: its Python and what pip installs into it."""

    name: str
    python: str  # "3.10": the minor version
    description: str
    constraints: Path | None = None
    upgrade: bool = False  # newest releases of everything, not only what is missing
    ignore_pip_config: bool = False  # no machine-wide pip configuration (constraints, extra indexes)


PROFILES = {
    "lowest": Profile(
        "lowest",
        "3.10",
        "Python 3.10, every lower bound of pyproject.toml (extras too), the oldest promised torch (tools/compat/lowest.txt)",
        constraints=LOWEST_CONSTRAINTS,
    ),
    "newest": Profile(
        "newest",
        "3.12",
        "Python 3.12 (Colab's), the newest release of everything on the package index, torch included",
        upgrade=True,
        ignore_pip_config=True,
    ),
}


class CompatError(RuntimeError):
    """A problem with the command's inputs (no such Python, a bad requirements file)."""


# --- what goes into an environment ---------------------------------------------------------------


def requirements_for(profile: Profile) -> list[str]:
    """The arguments after `pip install` that fill `profile`'s environment (paths relative to ROOT)."""
    args = []
    if profile.constraints is not None:
        args += ["--constraint", str(profile.constraints.relative_to(ROOT))]
    if profile.upgrade:
        args += ["--upgrade", "--upgrade-strategy", "eager"]
    extras = ",".join(sorted(declared_project()["optional-dependencies"] or {}))
    return [*args, "--editable", f".[{extras}]" if extras else ".", "torch", *TEST_TOOLS]


def pip_environment(profile: Profile) -> dict[str, str]:
    """The environment pip runs in: for `ignore_pip_config`, no configuration file is read at all."""
    env = dict(os.environ, PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_NO_INPUT="1")
    if profile.ignore_pip_config:
        env["PIP_CONFIG_FILE"] = os.devnull  # pip's documented switch: read no configuration file
        for name in ("PIP_CONSTRAINT", "PIP_FIND_LINKS", "PIP_EXTRA_INDEX_URL"):
            env.pop(name, None)
    return env


def find_python(version: str, explicit: str | None = None) -> Path:
    """The interpreter for `version` ("3.10"): `explicit`, else pythonX.Y on PATH, else pyenv's newest X.Y.Z."""
    candidates = []
    if explicit:
        candidates.append(Path(explicit))
    else:
        on_path = shutil.which(f"python{version}")
        if on_path:
            candidates.append(Path(on_path))
        pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
        if pyenv.is_dir():
            found = [p / "bin" / f"python{version}" for p in pyenv.glob(f"{version}.*") if re.fullmatch(r"\d+\.\d+\.\d+", p.name)]
            candidates += sorted(found, key=lambda p: [int(x) for x in p.parent.parent.name.split(".")], reverse=True)
    for candidate in candidates:
        if candidate.exists() and _python_version(candidate).startswith(f"{version}."):
            return candidate
    if explicit:
        raise CompatError(f"--python {explicit} is not a Python {version} interpreter")
    raise CompatError(
        f"no Python {version} found (looked for python{version} on PATH and in pyenv's versions): "
        f"install it (e.g. `pyenv install {version}`) or pass --python /path/to/python{version}"
    )


def _python_version(python: Path) -> str:
    out = subprocess.run([str(python), "-c", "import platform; print(platform.python_version())"],
                         capture_output=True, text=True)
    return out.stdout.strip() if out.returncode == 0 else ""


def environment_key(profile: Profile, python: Path) -> str:
    """What decides the environment's contents; it is rebuilt when this changes."""
    parts = [profile.name, _python_version(python), *requirements_for(profile)]
    if profile.constraints is not None:
        parts.append(profile.constraints.read_text())
    parts.append(json.dumps(declared_project(), sort_keys=True))
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def declared_project() -> dict:
    """What pyproject.toml declares that decides an environment: Python, dependencies, extras."""
    try:  # Python 3.11+
        import tomllib
    except ModuleNotFoundError:  # Python 3.10: pytest brings tomli
        import tomli as tomllib
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return {key: project.get(key) for key in ("requires-python", "dependencies", "optional-dependencies")}


# --- stages ----------------------------------------------------------------------------------------


@dataclass
class Result:
    """What one environment's run found; written to report.json."""

    profile: str
    stages: dict[str, dict] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return all(stage.get("ok") for stage in self.stages.values())


def _run(cmd: list[str], log: Path | None = None, env: dict | None = None) -> tuple[int, float]:
    """Run `cmd` in ROOT (output to the terminal and, when given, to `log`); return (exit status, seconds)."""
    print("$", " ".join(cmd), flush=True)
    start = time.perf_counter()
    if log is None:
        code = subprocess.run(cmd, cwd=ROOT, env=env).returncode
    else:
        with log.open("w") as out:
            proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            for line in proc.stdout:
                sys.stdout.write(line)
                out.write(line)
            code = proc.wait()
    return code, time.perf_counter() - start


def stage_install(profile: Profile, venv: Path, python: Path, rebuild: bool) -> dict:
    """Create or reuse the virtualenv; return the stage record (seconds, versions)."""
    stamp = venv / "compat-key"
    key = environment_key(profile, python)
    if not rebuild and stamp.exists() and stamp.read_text() == key:
        print(f"[{profile.name}] environment up to date: {venv}", flush=True)
        return {"ok": True, "reused": True, "versions": installed_versions(venv)}
    bin_python = str(venv / "bin" / "python")
    # An environment of the right Python is updated in place (pip installs what changed: seconds, where
    # deleting and refilling several GB of CUDA libraries takes minutes); --rebuild starts from nothing.
    update = not rebuild and Path(bin_python).exists() and _python_version(Path(bin_python)) == _python_version(python)
    stamp.unlink(missing_ok=True)
    if venv.exists() and not update:
        print(f"[{profile.name}] removing {venv}", flush=True)
        shutil.rmtree(venv)
    venv.parent.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    env = pip_environment(profile)
    steps = [
        *([] if update else [[str(python), "-m", "venv", str(venv)]]),
        [bin_python, "-m", "pip", "install", "--quiet", "--upgrade", "pip"],
        [bin_python, "-m", "pip", "install", *requirements_for(profile)],
        [bin_python, "-m", "pip", "check"],
    ]
    for cmd in steps:
        code, _ = _run(cmd, env=env)
        if code != 0:
            return {"ok": False, "seconds": round(time.perf_counter() - start, 1), "failed": " ".join(cmd)}
    seconds = time.perf_counter() - start
    freeze = subprocess.run([bin_python, "-m", "pip", "freeze", "--all"], capture_output=True, text=True, check=True).stdout
    (venv / "freeze.txt").write_text(freeze)
    stamp.write_text(key)
    return {"ok": True, "reused": False, "updated_in_place": update, "seconds": round(seconds, 1),
            "versions": installed_versions(venv)}


def installed_versions(venv: Path) -> dict[str, str]:
    """Python and the KEY_PACKAGES versions in `venv`."""
    code = (
        "import json, platform, importlib.metadata as m\n"
        f"names = {list(KEY_PACKAGES)!r}\n"
        "out = {'python': platform.python_version()}\n"
        "for n in names:\n"
        "    try: out[n] = m.version(n)\n"
        "    except m.PackageNotFoundError: out[n] = None\n"
        "print(json.dumps(out))\n"
    )
    out = subprocess.run([str(venv / "bin" / "python"), "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


# Tests that run the environment's interpreter as the user 'nobody' (a cache that root cannot be kept
# from writing). They cannot run where that user may not read the interpreter, e.g. a pyenv Python
# under /root; they are left out there, and the run says so.
AS_NOBODY = (
    "tests/test_data_cache.py::test_a_read_only_cache_is_reported_before_any_download",
    "tests/test_data_cache.py::test_a_read_only_cache_still_serves_verified_files",
)


# What this command found that the owners of those files still have to fix, so that the run can gate
# CI meanwhile (like KNOWN_FAILURES in tests/test_site_browser.py). Remove an entry with its fix.
# Unit tests that cannot pass on an environment's versions: left out there, with the reason printed.
KNOWN_TEST_FAILURES: dict[str, dict[str, str]] = {
    "lowest": {
    },
}
# Chapter failures: (environment, chapter) -> (text of the error, why). A listed chapter failing with
# that error is reported as known and fails nothing; failing otherwise, or passing, fails the run
# (a fixed chapter must leave this list).
KNOWN_CHAPTER_FAILURES: dict[tuple[str, str], tuple[str, str]] = {
}


def nobody_cannot_run(python: Path) -> str | None:
    """Why the user 'nobody' cannot start `python` (None when it can, or when we are not root)."""
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        return None
    probe = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", str(python), "-c", "pass"],
                           capture_output=True, text=True)
    return None if probe.returncode == 0 else (probe.stderr.strip().splitlines() or ["exit %d" % probe.returncode])[-1]


def stage_tests(profile: Profile, venv: Path, out: Path, pytest_args: list[str]) -> dict:
    """The unit tests, in the environment; the log goes to out/pytest.log."""
    python = venv / "bin" / "python"
    deselect = []
    reason = nobody_cannot_run(python)
    if reason:
        print(f"[{profile.name}] left out (the user nobody cannot run this Python: {reason}): {', '.join(AS_NOBODY)}")
        deselect = [arg for test in AS_NOBODY for arg in ("--deselect", test)]
    for test, why in KNOWN_TEST_FAILURES.get(profile.name, {}).items():
        print(f"[{profile.name}] left out (known, tools.compat.KNOWN_TEST_FAILURES): {test}: {why}")
        deselect += ["--deselect", test]
    cmd = [str(python), "-m", "pytest", "tests", "-m", "not browser", "-q", *deselect, *pytest_args]
    code, seconds = _run(cmd, log=out / "pytest.log", env=dict(os.environ, PYTHONHASHSEED="0"))
    lines = [l for l in (out / "pytest.log").read_text().splitlines() if l.strip()]
    return {"ok": code == 0, "seconds": round(seconds, 1), "exit": code, "summary": lines[-1] if lines else "",
            "left_out": (list(AS_NOBODY) if reason else []) + list(KNOWN_TEST_FAILURES.get(profile.name, {}))}


def stage_chapters(profile: Profile, venv: Path, out: Path, notebooks: list[Path], timeout: int) -> dict:
    """Every chapter in a kernel of the environment (a worker process of its Python runs them)."""
    report = out / "chapters.json"
    report.unlink(missing_ok=True)
    cmd = [str(venv / "bin" / "python"), "-m", "tools.compat", "_chapters", "--out", str(out),
           "--timeout", str(timeout), *[str(p) for p in notebooks]]
    code, seconds = _run(cmd, env=dict(os.environ, PYTHONHASHSEED="0"))
    chapters = json.loads(report.read_text()) if report.exists() else {}
    classify_known(profile.name, chapters)
    ok = bool(chapters) and len(chapters) == len(notebooks) and all(c["ok"] or c.get("known") for c in chapters.values())
    return {"ok": ok, "seconds": round(seconds, 1), "chapters": chapters}


def classify_known(profile: str, chapters: dict[str, dict]) -> None:
    """Mark the failures KNOWN_CHAPTER_FAILURES lists (same error); a listed chapter that passed fails."""
    for name, record in chapters.items():
        entry = KNOWN_CHAPTER_FAILURES.get((profile, name))
        if entry is None:
            continue
        text, why = entry
        if record["ok"]:
            record.update(ok=False, cell=None, error=f"now passes: remove {(profile, name)} from tools.compat.KNOWN_CHAPTER_FAILURES")
        elif text in record.get("error", ""):
            record["known"] = why


# --- the chapter worker (runs inside the environment) ----------------------------------------------


def execute_chapter(path: Path, out: Path, timeout: int) -> dict:
    """Run a copy of one notebook top to bottom under WARNINGS_POLICY; write it to `out`; return its record."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    nb = nbformat.read(path, as_version=4)
    nb.cells.insert(0, nbformat.v4.new_code_cell(WARNINGS_POLICY, metadata={"tags": ["tools.compat"]}))
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    record: dict = {"ok": True}
    start = time.perf_counter()
    try:
        client.execute()
    except CellExecutionError as exc:
        # the error output names the exception; the reply may not (ipykernel 7.4 sends no name when
        # an output's formatter raised, and stops the run there)
        cell, error = error_cells(nb)[-1] if error_cells(nb) else (_running_cell(nb), f"{exc.ename}: {exc.evalue}")
        record.update(ok=False, error=error, cell=cell)
    except (CellTimeoutError, DeadKernelError) as exc:
        record.update(ok=False, error=f"{type(exc).__name__}: {exc}", cell=_running_cell(nb))
    record["seconds"] = round(time.perf_counter() - start, 1)
    # An error that did not stop the run also fails the chapter: IPython prints an exception raised
    # while it draws a figure (or any rich output) and goes on, with the figure missing.
    errors = error_cells(nb)
    if errors and record["ok"]:
        cell, error = errors[0]
        record.update(ok=False, error=f"{error} (while displaying an output; the run went on)", cell=cell)
    record["errors"] = [f"cell {cell}: {error}" for cell, error in errors]
    record["warnings"] = notebook_warnings(nb)
    copy = out / "chapters" / path.name
    copy.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, copy)
    record["executed_copy"] = str(copy)
    return record


def error_cells(nb) -> list[tuple[int, str]]:
    """(index, "Name: value") of every error output; indices count the original notebook's cells."""
    found = []
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                found.append((index - 1, f"{output.get('ename')}: {output.get('evalue')}"))
    return found


def _running_cell(nb) -> int | None:
    """The cell a timeout or a dead kernel stopped: the first code cell without an execution count."""
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and cell.get("execution_count") is None and cell.source.strip():
            return index - 1
    return None


def notebook_warnings(nb) -> list[str]:
    """Distinct warning lines in the notebook's stderr outputs and error outputs, in order."""
    seen: list[str] = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream" and output.get("name") == "stderr":
                text = output.get("text", "")
            elif output.get("output_type") == "error":
                text = f"{output.get('ename')}: {output.get('evalue')}"
            else:
                continue
            for match in WARNING_LINE.finditer(text):
                line = match.group(0).strip()
                if line not in seen:
                    seen.append(line)
    return seen


def chapters_worker(argv: list[str]) -> int:
    """`python -m tools.compat _chapters --out DIR NB...`: run in the environment's own Python."""
    parser = argparse.ArgumentParser(prog="python -m tools.compat _chapters")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--timeout", type=int, default=600)
    parser.add_argument("notebooks", nargs="+", type=Path)
    args = parser.parse_args(argv)
    results = {}
    for path in args.notebooks:
        path = path.resolve()
        name = str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)
        print(f"  {name}: running", flush=True)
        results[name] = record = execute_chapter(path, args.out, args.timeout)
        print(f"  {name}: {'ok' if record['ok'] else 'FAILED'} in {record['seconds']:.1f} s", flush=True)
        if not record["ok"]:
            print(f"    cell {record.get('cell')}: {record['error'][:2000]}", flush=True)
        for line in record["warnings"]:
            print(f"    warning: {line[:300]}", flush=True)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "chapters.json").write_text(json.dumps(results, indent=2) + "\n")
    return 0 if all(r["ok"] for r in results.values()) else 1


# --- command line ------------------------------------------------------------------------------------


def _git_state() -> dict:
    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
        return done.stdout.strip() if done.returncode == 0 else ""

    changed = git("status", "--porcelain", "--", "book", "lecture10", "pyproject.toml", "tests")
    return {"commit": git("rev-parse", "HEAD"), "uncommitted_changes": changed.splitlines()}


def run_profile(profile: Profile, args: argparse.Namespace) -> Result:
    """The requested stages for one environment; the record is also written to out/report.json."""
    venv = args.envs_dir / profile.name
    out = args.out_dir / profile.name
    out.mkdir(parents=True, exist_ok=True)
    result = Result(profile.name)
    stages = args.stage or STAGES
    python = find_python(profile.python, args.python.get(profile.name))
    print(f"[{profile.name}] {profile.description}\n[{profile.name}] interpreter {python}", flush=True)
    if "install" in stages or not (venv / "compat-key").exists():
        result.stages["install"] = stage_install(profile, venv, python, args.rebuild)
    else:
        if (venv / "compat-key").read_text() != environment_key(profile, python):
            print(f"[{profile.name}] warning: the environment is out of date (pyproject.toml, lowest.txt or "
                  "the interpreter changed); add --stage install to update it", flush=True)
        result.stages["install"] = {"ok": True, "reused": True, "versions": installed_versions(venv)}
    if result.stages["install"]["ok"]:
        if "tests" in stages:
            result.stages["tests"] = stage_tests(profile, venv, out, args.pytest_args)
        if "chapters" in stages:
            notebooks = [p.resolve() for p in args.notebooks] or toc_notebooks()
            result.stages["chapters"] = stage_chapters(profile, venv, out, notebooks, args.timeout)
    record = {"profile": profile.name, "description": profile.description, **_git_state(),
              "date": time.strftime("%Y-%m-%d %H:%M:%S %Z"), "ok": result.ok, "stages": result.stages}
    (out / "report.json").write_text(json.dumps(record, indent=2) + "\n")
    return result


def summary(results: list[Result]) -> str:
    """A few lines per environment: versions, each stage's time and verdict, failed chapters."""
    lines = []
    for result in results:
        install = result.stages.get("install", {})
        versions = install.get("versions", {})
        lines.append(f"== {result.profile}: {'ok' if result.ok else 'FAILED'}")
        lines.append("   " + ", ".join(f"{k} {v}" for k, v in versions.items() if v))
        for name, stage in result.stages.items():
            took = "reused" if stage.get("reused") else f"{stage.get('seconds', 0):.0f} s"
            extra = f" ({stage['summary']})" if stage.get("summary") else ""
            lines.append(f"   {name}: {'ok' if stage.get('ok') else 'FAILED'}, {took}{extra}")
            for chapter, record in stage.get("chapters", {}).items():
                if record.get("known"):
                    lines.append(f"     {chapter}: known failure (tools.compat.KNOWN_CHAPTER_FAILURES): {record['known']}")
                elif not record["ok"]:
                    lines.append(f"     {chapter} cell {record.get('cell')}: {record['error'][:300]}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["_chapters"]:
        return chapters_worker(argv[1:])
    parser = argparse.ArgumentParser(prog="python -m tools.compat", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("targets", nargs="+", metavar="ENV|NOTEBOOK",
                        help=f"environments to test, in order ({', '.join(PROFILES)}), then chapters to run "
                             "(default: every notebook of _toc.yml)")
    parser.add_argument("--stage", action="append", choices=STAGES,
                        help="run only this stage (repeatable; default: all three; install runs anyway when the environment is missing)")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the environments even when up to date")
    parser.add_argument("--python", action="append", default=[], metavar="NAME=PATH",
                        help="interpreter for an environment, e.g. lowest=/usr/bin/python3.10")
    parser.add_argument("--envs-dir", type=Path, default=DEFAULT_ENVS, help=f"where the virtualenvs live (default {DEFAULT_ENVS.relative_to(ROOT)})")
    parser.add_argument("--out-dir", type=Path, default=DEFAULT_OUT, help=f"reports and executed copies (default {DEFAULT_OUT.relative_to(ROOT)})")
    parser.add_argument("--timeout", type=int, default=300, help="seconds allowed per cell (default 300: a chapter has 90 s in all)")
    parser.add_argument("--pytest-args", default="", help="extra arguments for the unit tests, e.g. '-x -k glove'")
    args = parser.parse_intermixed_args(argv)  # `newest --stage chapters book/bptt.ipynb` as well
    args.profiles = [t for t in args.targets if not t.endswith(".ipynb")]
    args.notebooks = [Path(t) for t in args.targets if t.endswith(".ipynb")]
    unknown = [name for name in args.profiles if name not in PROFILES]
    if unknown or not args.profiles:
        parser.error(f"name one or more environments of {sorted(PROFILES)}" + (f", not {unknown}" if unknown else ""))
    pythons = {}
    for item in args.python:
        name, sep, path = item.partition("=")
        if not sep or name not in PROFILES:
            parser.error(f"--python takes NAME=PATH with NAME one of {sorted(PROFILES)}, not {item!r}")
        pythons[name] = path
    args.python = pythons
    args.pytest_args = args.pytest_args.split()
    args.envs_dir, args.out_dir = args.envs_dir.resolve(), args.out_dir.resolve()
    for path in args.notebooks:
        if not path.exists():
            parser.error(f"no such notebook: {path}")
    results = []
    try:
        for name in args.profiles:
            results.append(run_profile(PROFILES[name], args))
    except CompatError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(summary(results), flush=True)
    return 0 if all(r.ok for r in results) else 1
