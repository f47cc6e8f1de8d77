"""nbgrader's solution markers in a code cell: find the solution, replace it by a stub, put it back.

The markers are nbgrader's (``### BEGIN SOLUTION`` / ``### END SOLUTION``), so the same notebooks also
work with nbgrader. A region must sit inside a function body (the marker indented): the stub then
raises only when the function is called, which the check cell catches.
"""
from __future__ import annotations

BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"
STUB = ("# YOUR CODE HERE", 'raise NotImplementedError("your code here")')


class MarkerError(ValueError):
    """A cell's solution markers are malformed (unpaired, nested, or not inside a function)."""


def _regions(source: str) -> list[tuple[int, int, str]]:
    """(first line, last line, indentation) of each marked region, markers included; checks the markers."""
    if not isinstance(source, str):
        raise TypeError(f"source must be a string, got {type(source).__name__}")
    regions, start, indent = [], None, ""
    for number, line in enumerate(source.split("\n")):
        text = line.strip()
        if text.startswith(BEGIN):
            if start is not None:
                raise MarkerError(f"line {number + 1}: {BEGIN} inside another solution (opened on line {start + 1})")
            start, indent = number, line[: len(line) - len(line.lstrip())]
            if not indent:
                raise MarkerError(f"line {number + 1}: the solution must be inside a function body (indent {BEGIN}), "
                                  "so that the stub raises only when the check calls the function")
        elif text.startswith(END):
            if start is None:
                raise MarkerError(f"line {number + 1}: {END} without {BEGIN}")
            regions.append((start, number, indent))
            start = None
    if start is not None:
        raise MarkerError(f"line {start + 1}: {BEGIN} is never closed by {END}")
    return regions


def has_solution(source: str) -> bool:
    """Whether the cell source contains a solution region (markers checked)."""
    return bool(_regions(source))


def solution_regions(source: str) -> list[str]:
    """The marked regions of a cell, markers and indentation included, in order."""
    lines = source.split("\n")
    return ["\n".join(lines[first : last + 1]) for first, last, _ in _regions(source)]


def strip_solution(source: str) -> str:
    """The cell with every marked region replaced by the stub, indented like its ``BEGIN`` marker."""
    lines = source.split("\n")
    regions = _regions(source)
    if not regions:
        raise MarkerError(f"no {BEGIN} ... {END} region in this cell")
    out, previous = [], 0
    for first, last, indent in regions:
        out += lines[previous:first] + [indent + stub for stub in STUB]
        previous = last + 1
    return "\n".join(out + lines[previous:])


def restore_solutions(student_source: str, regions: list[str]) -> str:
    """Put solution regions back in place of the stubs of a stripped cell (as a student pasting the solution)."""
    lines, out, used = student_source.split("\n"), [], 0
    index = 0
    while index < len(lines):
        pair = [line.strip() for line in lines[index : index + len(STUB)]]
        if pair == list(STUB):
            if used == len(regions):
                raise MarkerError(f"more stubs than the {len(regions)} solution regions given")
            out.append(regions[used])
            used += 1
            index += len(STUB)
        else:
            out.append(lines[index])
            index += 1
    if used != len(regions):
        raise MarkerError(f"{len(regions)} solution regions given, but the cell has {used} stubs")
    return "\n".join(out)
