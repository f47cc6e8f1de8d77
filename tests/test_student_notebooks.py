"""Student notebooks (`python -m tools.student_notebooks`): solutions stubbed, checks kept, both proved by running.

On the fixture chapter (tests/fixtures/exercises/) and on every chapter of the book that has coding
exercises: the student notebook runs up to its first check, which says "not implemented yet" (no
traceback), and pasting the solutions back makes every check pass.
"""
from __future__ import annotations

import copy
import subprocess
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from tools.notebooks import ROOT, toc_notebooks
from tools.student_notebooks import (
    NOTE_ID,
    check_cells,
    expected,
    has_exercises,
    main,
    mismatches,
    problems,
    solution_cells,
    stale,
    strip_markdown_solutions,
    student_notebook,
    student_path,
)

from lecture10.exercises import restore_solutions, solution_regions

FIXTURE = ROOT / "tests" / "fixtures" / "exercises" / "fixture-chapter.ipynb"
NOT_CHAPTERS = {"running-this-book"}  # pages without lecture content (no exercises expected)
CHAPTERS = [p for p in toc_notebooks() if p.stem not in NOT_CHAPTERS]
NOT_IMPLEMENTED = "not implemented yet"


def read(path: Path) -> nbformat.NotebookNode:
    """A notebook from disk."""
    return nbformat.read(path, as_version=4)


def run(nb: nbformat.NotebookNode, cwd: Path, upto: int | None = None) -> nbformat.NotebookNode:
    """Execute the notebook's cells (those up to index ``upto`` included) in a fresh kernel; an error fails."""
    nb = copy.deepcopy(nb)
    if upto is not None:
        nb.cells = nb.cells[: upto + 1]
    NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(cwd)}}).execute()
    return nb


def text(cell: nbformat.NotebookNode) -> str:
    """Everything a code cell printed or displayed as text."""
    parts = []
    for out in cell.get("outputs", []):
        parts.append(out.get("text", "") + out.get("data", {}).get("text/plain", ""))
        if out.output_type == "error":
            parts.append("Traceback: " + out.ename)
    return "".join(parts)


def with_solutions(student: nbformat.NotebookNode, book: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The student notebook after pasting each of the book's solutions over its stub."""
    pasted = copy.deepcopy(student)
    cells = [c for c in pasted.cells if c.get("id") != NOTE_ID]
    for index in solution_cells(book):
        cells[index].source = restore_solutions(cells[index].source, solution_regions(book.cells[index].source))
    return pasted


def code_exercise_chapter(path: Path) -> nbformat.NotebookNode:
    """The chapter's notebook; skip the test (saying so) when it has no coding exercise yet."""
    nb = read(path)
    if not solution_cells(nb):
        pytest.skip(f"{path.name} has no coding exercise yet")
    return nb


# ------------------------------------------------------------------------------------- the fixture
@pytest.fixture(scope="module")
def fixture_pair() -> tuple[nbformat.NotebookNode, nbformat.NotebookNode]:
    """The fixture chapter and its student version."""
    book = read(FIXTURE)
    return book, student_notebook(book, "tests/fixtures/exercises/fixture-chapter.ipynb")


def test_fixture_student_version_stubs_solutions_and_keeps_everything_else(fixture_pair) -> None:
    book, student = fixture_pair
    assert mismatches(book, student) == []
    assert student.cells[0].source == book.cells[0].source and "remove-cell" in student.cells[0].metadata.tags
    assert student.cells[1].id == NOTE_ID and "Student version" in student.cells[1].source
    stubs = [student.cells[i + 1].source for i in solution_cells(book)]  # +1: the note cell
    assert all('raise NotImplementedError("your code here")' in s and "np.where" not in s for s in stubs)
    assert [student.cells[i + 1].source for i in check_cells(book)] == [book.cells[i].source for i in check_cells(book)]
    markdown = "\n".join(c.source for c in student.cells if c.cell_type == "markdown")
    assert "{exercise}" in markdown and "{solution}" not in markdown and "only ever shortens" not in markdown
    assert all(not c.outputs and c.execution_count is None for c in student.cells if c.cell_type == "code")


def test_fixture_student_notebook_runs_and_each_check_says_not_implemented(fixture_pair, tmp_path: Path) -> None:
    """Run all: no error stops it; each check prints one "not implemented yet" line, without a traceback."""
    book, student = fixture_pair
    ran = run(student, tmp_path)
    checks = [text(ran.cells[i + 1]) for i in check_cells(book)]
    assert len(checks) == 2
    for output in checks:
        assert output.startswith("✗ glove_weight: not implemented yet" if "glove" in output else "✗ clip: not impl")
        assert output.count("\n") == 2 and "Traceback" not in output, output
    assert "the chapter goes on after its exercises" in "".join(text(c) for c in ran.cells)


def test_fixture_with_the_solutions_pasted_back_passes_every_check(fixture_pair, tmp_path: Path) -> None:
    book, student = fixture_pair
    ran = run(with_solutions(student, book), tmp_path)
    verdicts = [text(ran.cells[i + 1]) for i in check_cells(book)]
    assert verdicts == ["✓ glove_weight: all 5 cases pass.\n", "✓ clip: all 4 cases pass.\n"]


def test_a_dropped_check_or_a_leaked_solution_is_caught(fixture_pair) -> None:
    book, student = fixture_pair
    dropped = copy.deepcopy(student)
    del dropped.cells[check_cells(book)[0] + 1]
    assert "1 check cells instead of the chapter's 2" in mismatches(book, dropped)
    leaked = copy.deepcopy(student)
    leaked.cells[solution_cells(book)[0] + 1].source = book.cells[solution_cells(book)[0]].source
    assert any("the solution is still in the student notebook" in m for m in mismatches(book, leaked))
    edited = copy.deepcopy(student)
    edited.cells[check_cells(book)[1] + 1].source = "check(clip, reference_clip, [case(torch.ones(2), 1.0)])"
    assert any("code differs from the chapter's" in m for m in mismatches(book, edited))


def test_malformed_exercises_are_reported_by_cell() -> None:
    nb = read(FIXTURE)
    first, check = solution_cells(nb)[0], check_cells(nb)[0]
    untagged = copy.deepcopy(nb)
    untagged.cells[first].metadata.tags = []
    assert problems(untagged) == [f"cell {first}: has solution markers but not the tag `solution`"]
    unchecked = copy.deepcopy(nb)
    unchecked.cells[check].source = "print('no check here')"
    assert problems(unchecked) == [f"cell {check}: the cell after solution cell {first} must call "
                                   "lecture10.exercises.check(...)"]
    empty = copy.deepcopy(nb)
    empty.cells[first].source = "def glove_weight(x):\n    return x"
    assert problems(empty) == [f"cell {first}: tagged `solution` but has no "
                               "### BEGIN SOLUTION ... ### END SOLUTION region"]


def test_markdown_solutions_are_removed_in_every_myst_form() -> None:
    text_ = ("Before.\n\n:::{solution} a\n:class: dropdown\nAnswer.\n:::\n\nBetween.\n\n"
             "````{solution} b\n```python\ncode\n```\n````\n\n"
             ":::{solution-start} c\n:::\nGated answer.\n:::{solution-end}\n:::\n\nAfter.")
    assert strip_markdown_solutions(text_) == "Before.\n\nBetween.\n\nAfter."
    assert strip_markdown_solutions("no directive\n") == "no directive"


# ------------------------------------------------------------------------------- the real chapters
@pytest.mark.parametrize("path", toc_notebooks(), ids=lambda p: p.name)
def test_chapter_exercises_follow_the_format(path: Path) -> None:
    """Markers paired and inside a function, the cell tagged `solution`, a check cell right after it."""
    assert problems(read(path)) == []


def test_student_notebooks_are_up_to_date() -> None:
    """students/ is what `python -m tools.student_notebooks` writes now (the site and Colab link to it)."""
    assert stale(expected()) == [], "run `python -m tools.student_notebooks` and commit students/"


def test_every_chapter_with_exercises_has_a_committed_student_notebook() -> None:
    """The site links to students/<chapter>.ipynb on GitHub (Colab): the file must be in git, not just on disk."""
    wanted = [student_path(p).relative_to(ROOT).as_posix() for p in toc_notebooks() if has_exercises(read(p))]
    assert wanted, "no chapter has exercises"
    try:
        listed = subprocess.run(["git", "ls-files", "--", "students"], cwd=ROOT, capture_output=True, text=True,
                                check=True)
    except (OSError, subprocess.CalledProcessError) as error:
        pytest.skip(f"not a git checkout ({error})")
    missing = sorted(set(wanted) - set(listed.stdout.split()))
    assert not missing, f"student notebooks not committed: {missing}"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_committed_student_notebook_keeps_every_check(path: Path) -> None:
    book = code_exercise_chapter(path)
    assert mismatches(book, read(student_path(path))) == []


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_book_checks_pass_in_the_committed_outputs(path: Path) -> None:
    """The chapter carries the solutions, so each check's committed verdict is a pass (nbval re-runs it)."""
    book = code_exercise_chapter(path)
    verdicts = [text(book.cells[i]) for i in check_cells(book)]
    failing = [v for v in verdicts if not v.startswith("✓") or "✗" in v]
    assert not failing, f"checks that do not pass in the committed outputs: {failing}"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_student_chapter_runs_to_its_first_check_which_says_not_implemented(path: Path) -> None:
    book = code_exercise_chapter(path)
    student = read(student_path(path))
    first_check = check_cells(book)[0] + 1  # the note cell comes first
    ran = run(student, path.parent, upto=first_check)
    output = text(ran.cells[first_check])
    assert NOT_IMPLEMENTED in output and "Traceback" not in output, output


def test_every_chapter_has_at_least_two_coding_exercises() -> None:
    counts = {p.name: len(solution_cells(read(p))) for p in CHAPTERS}
    assert all(n >= 2 for n in counts.values()), f"coding exercises per chapter: {counts}"


def test_the_command_writes_checks_and_removes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture) -> None:
    """`python -m tools.student_notebooks` on a book of one chapter: write, --check, stale, orphan, malformed."""
    import tools.student_notebooks as command

    chapter = tmp_path / "fixture-chapter.ipynb"
    chapter.write_bytes(FIXTURE.read_bytes())
    monkeypatch.setattr(command, "toc_notebooks", lambda: [chapter])
    monkeypatch.setattr(command, "STUDENTS", tmp_path / "students")
    assert main(["--check"]) == 1 and "fixture-chapter.ipynb: missing" in capsys.readouterr().out
    (tmp_path / "students").mkdir()
    (tmp_path / "students" / "gone.ipynb").write_text("{}")
    assert main([]) == 0
    out = capsys.readouterr().out
    assert "removed" in out and "gone.ipynb" in out and not (tmp_path / "students" / "gone.ipynb").exists()
    written = tmp_path / "students" / "fixture-chapter.ipynb"
    assert mismatches(read(chapter), read(written)) == [] and main(["--check"]) == 0
    written.write_text(written.read_text().replace("your code here", "edited by hand"))
    assert main(["--check"]) == 1 and "fixture-chapter.ipynb: out of date" in capsys.readouterr().out
    broken = read(chapter)
    broken.cells[solution_cells(broken)[0]].metadata.tags = []
    nbformat.write(broken, chapter)
    assert main([]) == 2 and "has solution markers but not the tag `solution`" in capsys.readouterr().err
