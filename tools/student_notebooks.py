"""Write the student version of every chapter that has exercises: the solutions removed, the checks kept.

    python -m tools.student_notebooks            # write students/<chapter>.ipynb for every chapter of _toc.yml
    python -m tools.student_notebooks --check    # only check that the committed ones are up to date

For each chapter with an exercise, `students/<chapter>.ipynb` is the chapter with
- every solution region of a code cell tagged `solution` (between nbgrader's `### BEGIN SOLUTION`
  and `### END SOLUTION`) replaced by `raise NotImplementedError("your code here")`;
- every `{solution}` directive of the Markdown cells (the self-check answers) removed;
- every output cleared (students run the notebook; the site shows the book's outputs);
- the hidden Colab setup cell, the check cells and everything else kept, plus a note saying what it is.
Student notebooks of chapters that no longer have exercises are deleted. Never edit them by hand.
"""
from __future__ import annotations

import argparse
import ast
import copy
import re
import sys
from pathlib import Path

import nbformat

from lecture10.exercises.markers import (
    BEGIN,
    MarkerError,
    has_solution,
    restore_solutions,
    solution_regions,
    strip_solution,
)
from tools.notebooks import ROOT, toc_notebooks

STUDENTS = ROOT / "students"
SOLUTION_TAG = "solution"
CHECK_CALL = re.compile(r"\bcheck\(")
EXERCISE_DIRECTIVE = re.compile(r"^\s*(:{3,}|`{3,})\{exercise(-start)?\}", re.MULTILINE)
NOTE_ID = "student-version-note"


class ExerciseFormatError(ValueError):
    """A chapter's exercises do not follow the format (CONTRIBUTING.md, "Exercises and quizzes")."""


def tags(cell: nbformat.NotebookNode) -> list[str]:
    """The cell's tags."""
    return list(cell.get("metadata", {}).get("tags", []))


def solution_cells(nb: nbformat.NotebookNode) -> list[int]:
    """Indices of the code cells tagged `solution`."""
    return [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and SOLUTION_TAG in tags(c)]


def _next_code_cell(nb: nbformat.NotebookNode, index: int) -> int | None:
    return next((j for j in range(index + 1, len(nb.cells)) if nb.cells[j].cell_type == "code"), None)


def check_cells(nb: nbformat.NotebookNode) -> list[int]:
    """Indices of the check cells: the code cell right after a solution cell, when it calls `check(...)`."""
    following = [_next_code_cell(nb, index) for index in solution_cells(nb)]
    return [j for j in following if j is not None and SOLUTION_TAG not in tags(nb.cells[j])
            and CHECK_CALL.search(nb.cells[j].source)]


def problems(nb: nbformat.NotebookNode) -> list[str]:
    """Everything wrong with a notebook's exercises, one sentence each (empty: the format is followed)."""
    found = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            if BEGIN in cell.source and cell.cell_type == "markdown":
                found.append(f"cell {index}: {BEGIN} in a Markdown cell; solutions go in code cells")
            continue
        try:
            marked = has_solution(cell.source)
        except MarkerError as error:
            found.append(f"cell {index}: {error}")
            continue
        tagged = SOLUTION_TAG in tags(cell)
        if marked and not tagged:
            found.append(f"cell {index}: has solution markers but not the tag `{SOLUTION_TAG}`")
        elif tagged and not marked:
            found.append(f"cell {index}: tagged `{SOLUTION_TAG}` but has no {BEGIN} ... ### END SOLUTION region")
        elif marked:
            try:
                ast.parse(strip_solution(cell.source))
            except SyntaxError as error:
                found.append(f"cell {index}: the student version does not compile ({error.msg}, line {error.lineno})")
    for index in solution_cells(nb):
        check = _next_code_cell(nb, index)
        if check is None or SOLUTION_TAG in tags(nb.cells[check]):
            found.append(f"cell {index}: no check cell after this solution cell")
        elif not CHECK_CALL.search(nb.cells[check].source):
            found.append(f"cell {check}: the cell after solution cell {index} must call lecture10.exercises.check(...)")
    return found


def has_exercises(nb: nbformat.NotebookNode) -> bool:
    """Whether a chapter has a coding exercise or an `{exercise}` directive (and so gets a student notebook)."""
    return bool(solution_cells(nb)) or any(
        c.cell_type == "markdown" and EXERCISE_DIRECTIVE.search(c.source) for c in nb.cells
    )


def strip_markdown_solutions(text: str) -> str:
    """Markdown without its MyST `{solution}` directives (colon or backtick fences, or `solution-start`/`-end`)."""
    lines, out, index = text.split("\n"), [], 0
    while index < len(lines):
        match = re.match(r"^\s*(:{3,}|`{3,})\{solution(-start)?\}", lines[index])
        if not match:
            out.append(lines[index])
            index += 1
            continue
        fence, gated = match.group(1), bool(match.group(2))
        end = index + 1
        closing = re.compile(rf"\s*{re.escape(fence[0])}{{{len(fence)},}}\s*")  # same character, at least as long
        if gated:  # sphinx-exercise's gated form: everything up to the {solution-end} directive, and its fence
            while end < len(lines) and not re.match(r"^\s*(:{3,}|`{3,})\{solution-end\}", lines[end]):
                end += 1
            if end + 1 < len(lines) and closing.fullmatch(lines[end + 1]):
                end += 1
        else:
            while end < len(lines) and not closing.fullmatch(lines[end]):
                end += 1
        if end >= len(lines):
            raise ExerciseFormatError(f"a {{solution}} directive opened with {fence} is never closed")
        index = end + 1
        while out and not out[-1].strip():  # no run of blank lines where the block was
            out.pop()
        while index < len(lines) and not lines[index].strip():
            index += 1
        if out and index < len(lines):
            out.append("")
    return "\n".join(out).strip("\n")


def note_cell(source_path: str, coding_exercises: int) -> nbformat.NotebookNode:
    """The Markdown cell that says what a student notebook is and how to use it."""
    how = ('In each coding exercise, replace `raise NotImplementedError("your code here")` with your code, run '
           "the cell, then run the check cell below it. " if coding_exercises else "")
    cell = nbformat.v4.new_markdown_cell(
        f"**Student version** of `{source_path}`, without the solutions of its exercises. {how}The outputs are "
        "cleared: run the notebook from the top. (Generated by `python -m tools.student_notebooks`; edit the "
        "chapter, not this file.)"
    )
    cell.id = NOTE_ID
    return cell


def student_notebook(nb: nbformat.NotebookNode, source_path: str) -> nbformat.NotebookNode:
    """The student version of a chapter notebook (raises ExerciseFormatError when its exercises are malformed)."""
    found = problems(nb)
    if found:
        raise ExerciseFormatError(f"{source_path}: " + "; ".join(found))
    student = copy.deepcopy(nb)
    for cell in student.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
            cell.metadata.pop("execution", None)
            if SOLUTION_TAG in tags(cell):
                cell.source = strip_solution(cell.source)
        elif cell.cell_type == "markdown":
            cell.source = strip_markdown_solutions(cell.source)
    student.metadata.pop("widgets", None)
    student.metadata.pop("papermill", None)
    position = 1 if student.cells and "remove-cell" in tags(student.cells[0]) else 0  # after the Colab setup cell
    student.cells.insert(position, note_cell(source_path, len(solution_cells(nb))))
    nbformat.validate(student)
    return student


def mismatches(book: nbformat.NotebookNode, student: nbformat.NotebookNode) -> list[str]:
    """How a student notebook departs from its chapter beyond the stubs (empty: every cell and check is there).

    Pasting each solution back over its stub must give the chapter's cell exactly; every other code
    cell (the checks included) must be the chapter's; Markdown cells lose only their `{solution}` blocks.
    """
    cells = [c for c in student.cells if c.get("id") != NOTE_ID]
    found = []
    if len(cells) != len(book.cells):
        found.append(f"{len(cells)} cells (besides the note) instead of the chapter's {len(book.cells)}")
    if len(check_cells(student)) != len(check_cells(book)):
        found.append(f"{len(check_cells(student))} check cells instead of the chapter's {len(check_cells(book))}")
    for index, (ours, theirs) in enumerate(zip(cells, book.cells)):
        if ours.cell_type != theirs.cell_type:
            found.append(f"cell {index}: a {ours.cell_type} cell where the chapter has a {theirs.cell_type} cell")
        elif ours.cell_type == "markdown":
            if ours.source != strip_markdown_solutions(theirs.source):
                found.append(f"cell {index}: Markdown differs from the chapter's (less its solutions)")
        elif SOLUTION_TAG in tags(theirs):
            if BEGIN in ours.source:
                found.append(f"cell {index}: the solution is still in the student notebook")
            else:
                try:
                    restored = restore_solutions(ours.source, solution_regions(theirs.source))
                except MarkerError as error:
                    restored = f"<{error}>"
                if restored != theirs.source:
                    found.append(f"cell {index}: pasting the solutions back does not give the chapter's cell")
        elif ours.source != theirs.source:
            found.append(f"cell {index}: code differs from the chapter's")
        if ours.cell_type == "code" and (ours.outputs or ours.execution_count is not None):
            found.append(f"cell {index}: outputs not cleared")
    return found


def serialise(nb: nbformat.NotebookNode) -> str:
    """The notebook as it is written to disk (nbformat's JSON, one trailing newline)."""
    return nbformat.writes(nb).rstrip("\n") + "\n"


def student_path(chapter: Path) -> Path:
    """Where a chapter's student notebook lives: students/<chapter name>.ipynb."""
    return STUDENTS / chapter.name


def expected(chapters: list[Path] | None = None) -> dict[Path, str]:
    """The text of every student notebook the chapters call for, by path."""
    texts = {}
    for chapter in chapters if chapters is not None else toc_notebooks():
        nb = nbformat.read(chapter, as_version=4)
        if has_exercises(nb):
            texts[student_path(chapter)] = serialise(student_notebook(nb, _shown(chapter)))
    return texts


def _shown(path: Path) -> str:
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)


def stale(texts: dict[Path, str]) -> list[str]:
    """What differs between the committed student notebooks and `texts`, one line each."""
    lines = [f"{_shown(p)}: missing" for p in texts if not p.exists()]
    lines += [f"{_shown(p)}: out of date" for p, t in texts.items() if p.exists() and p.read_text() != t]
    lines += [f"{_shown(p)}: its chapter has no exercises any more"
              for p in sorted(STUDENTS.glob("*.ipynb")) if p not in texts]
    return lines


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if a student notebook is stale")
    args = parser.parse_args(argv)
    try:
        texts = expected()
    except (ExerciseFormatError, MarkerError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    differences = stale(texts)
    if args.check:
        for line in differences:
            print(line)
        if differences:
            print("run `python -m tools.student_notebooks` and commit students/", file=sys.stderr)
        return 1 if differences else 0
    STUDENTS.mkdir(exist_ok=True)
    for path, text in texts.items():
        if not path.exists() or path.read_text() != text:
            path.write_text(text)
            print(f"wrote {_shown(path)}")
    for path in sorted(STUDENTS.glob("*.ipynb")):
        if path not in texts:
            path.unlink()
            print(f"removed {_shown(path)} (its chapter has no exercises)")
    print(f"{len(texts)} student notebooks in {_shown(STUDENTS)}/ are up to date")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
