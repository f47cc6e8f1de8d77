"""Coding exercises that check themselves.

A chapter's exercise is two code cells. The first, tagged ``solution``, holds the book's solution
between nbgrader's markers ``### BEGIN SOLUTION`` / ``### END SOLUTION`` inside a function body;
the student notebooks (``python tools/student_notebooks.py``) replace that region with a stub that
raises ``NotImplementedError("your code here")``. The second cell runs the student's function
against the book's reference on several cases and prints one verdict::

    from lecture10.exercises import case, check
    check(glove_weight, reference_weight, [case(1.0), case(250.0), case(-1.0, raises=ValueError)])

See CONTRIBUTING.md, "Exercises and quizzes".
"""
from lecture10.exercises.checking import Case, ExerciseError, Report, case, check, run_checks
from lecture10.exercises.compare import difference
from lecture10.exercises.describe import describe
from lecture10.exercises.markers import (
    BEGIN,
    END,
    STUB,
    MarkerError,
    has_solution,
    restore_solutions,
    solution_regions,
    strip_solution,
)

__all__ = [
    "BEGIN", "END", "STUB", "Case", "ExerciseError", "MarkerError", "Report", "case", "check",
    "describe", "difference", "has_solution", "restore_solutions", "run_checks", "solution_regions",
    "strip_solution",
]
