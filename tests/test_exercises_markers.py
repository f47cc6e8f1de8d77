"""lecture10.exercises.markers: nbgrader's solution markers, stripped to a stub and restored."""
from __future__ import annotations

import pytest

from lecture10.exercises import (
    BEGIN,
    END,
    STUB,
    MarkerError,
    has_solution,
    restore_solutions,
    solution_regions,
    strip_solution,
)

CELL = '''import numpy as np


def glove_weight(x, x_max=100.0, alpha=0.75):
    """GloVe's weight of a count."""
    ### BEGIN SOLUTION
    x = np.asarray(x, dtype=float)
    return np.where(x < x_max, (x / x_max) ** alpha, 1.0)
    ### END SOLUTION


class Clipper:
    def clip(self, g):
        ### BEGIN SOLUTION
        return g
        ### END SOLUTION'''


def test_markers_are_nbgraders() -> None:
    assert (BEGIN, END) == ("### BEGIN SOLUTION", "### END SOLUTION")
    assert STUB[-1] == 'raise NotImplementedError("your code here")'


def test_strip_replaces_each_region_by_an_indented_stub() -> None:
    student = strip_solution(CELL)
    assert student == '''import numpy as np


def glove_weight(x, x_max=100.0, alpha=0.75):
    """GloVe's weight of a count."""
    # YOUR CODE HERE
    raise NotImplementedError("your code here")


class Clipper:
    def clip(self, g):
        # YOUR CODE HERE
        raise NotImplementedError("your code here")'''
    namespace: dict = {}
    exec(compile(student, "<student>", "exec"), namespace)  # defining the stubs raises nothing
    with pytest.raises(NotImplementedError, match="your code here"):
        namespace["glove_weight"](1.0)


def test_restoring_the_solutions_gives_back_the_cell() -> None:
    regions = solution_regions(CELL)
    assert len(regions) == 2 and regions[1] == "        ### BEGIN SOLUTION\n        return g\n        ### END SOLUTION"
    assert restore_solutions(strip_solution(CELL), regions) == CELL
    with pytest.raises(MarkerError, match="2 solution regions given, but the cell has 1 stubs"):
        restore_solutions(strip_solution(CELL).split("class")[0], regions)


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("def f():\n    ### BEGIN SOLUTION\n    return 1\n", "line 2: ### BEGIN SOLUTION is never closed"),
        ("def f():\n    return 1\n    ### END SOLUTION", "line 3: ### END SOLUTION without ### BEGIN SOLUTION"),
        ("def f():\n    ### BEGIN SOLUTION\n    ### BEGIN SOLUTION\n", "line 3: ### BEGIN SOLUTION inside another"),
        ("### BEGIN SOLUTION\nx = 1\n### END SOLUTION", "line 1: the solution must be inside a function body"),
        ("x = 1", "no ### BEGIN SOLUTION ... ### END SOLUTION region"),
    ],
)
def test_malformed_markers_are_refused_with_the_line(source: str, message: str) -> None:
    with pytest.raises(MarkerError, match=message.replace("(", r"\(").replace(")", r"\)")):
        strip_solution(source)


def test_has_solution() -> None:
    assert has_solution(CELL) and not has_solution("print(1)")
    with pytest.raises(TypeError, match="source must be a string"):
        has_solution(["### BEGIN SOLUTION"])
