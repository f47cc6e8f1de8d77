"""The check cell of an exercise: run the student's function and the reference on every case, print a verdict."""
from __future__ import annotations

import copy
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from lecture10.exercises.compare import difference
from lecture10.exercises.describe import describe, is_tensor

PASS, FAIL = "✓", "✗"
NOT_IMPLEMENTED = "not implemented yet"


class ExerciseError(ValueError):
    """The exercise itself is wrong (a case, the reference, the tolerance): a bug in the book, not the student's."""


@dataclass(frozen=True)
class Case:
    """One input of a check: positional and keyword arguments, a label, and the exception it must raise (if any)."""

    args: tuple = ()
    kwargs: dict = field(default_factory=dict)
    label: str | None = None
    raises: type[BaseException] | tuple[type[BaseException], ...] | None = None

    def call(self, name: str) -> str:
        """The call, as a reader would write it: ``name(args, key=value)``."""
        parts = [describe(a, 60) for a in self.args] + [f"{k}={describe(v, 60)}" for k, v in self.kwargs.items()]
        return f"{name}({', '.join(parts)})"


def case(*args: Any, label: str | None = None, raises: type[BaseException] | tuple | None = None,
         **kwargs: Any) -> Case:
    """A case of a check: the arguments of one call; ``raises=ValueError`` for an edge case that must raise."""
    if label is not None and not isinstance(label, str):
        raise TypeError(f"label must be a string, got {type(label).__name__}")
    if raises is not None:
        kinds = raises if isinstance(raises, tuple) else (raises,)
        if not kinds or not all(isinstance(k, type) and issubclass(k, BaseException) for k in kinds):
            raise TypeError(f"raises must be an exception class (or a tuple of them), got {raises!r}")
    return Case(args=args, kwargs=kwargs, label=label, raises=raises)


@dataclass
class Report:
    """What a check found: how many cases passed, one line per failure, or that the exercise is not written yet."""

    name: str
    total: int
    passed: int = 0
    failures: list[str] = field(default_factory=list)
    not_implemented: bool = False

    @property
    def ok(self) -> bool:
        """Whether every case passed."""
        return not self.not_implemented and self.passed == self.total

    def lines(self) -> list[str]:
        """The printed report: one line per failure, then the verdict (lines of at most 88 characters)."""
        if self.not_implemented:
            return [f"{FAIL} {self.name}: {NOT_IMPLEMENTED}: write your code in the cell above,",
                    "  in place of `raise NotImplementedError`, run it, then run this cell again."]
        if self.ok:
            cases = "its one case passes." if self.total == 1 else f"all {self.total} cases pass."
            return [f"{PASS} {self.name}: {cases}"]
        return [*self.failures, f"{FAIL} {self.name}: {self.passed} of {self.total} cases pass.",
                "  Fix the first failure above, run the cell with your code, then this one again."]

    def __str__(self) -> str:
        return "\n".join(self.lines())


def _kinds(raises: Any) -> tuple[type[BaseException], ...]:
    return raises if isinstance(raises, tuple) else (raises,)


def _names(raises: Any) -> str:
    return " or ".join(k.__name__ for k in _kinds(raises))


def _where(error: BaseException, student: Callable) -> str:
    """`` (line N of your cell)``: the deepest line of the student's own code in the traceback, if any."""
    code = getattr(student, "__code__", None)
    if code is None:
        return ""
    lines = [frame.lineno for frame in traceback.extract_tb(error.__traceback__) if frame.filename == code.co_filename]
    return f" (line {lines[-1]} of your cell)" if lines else ""


def _with_grads(original: Any, copied: Any) -> Any:
    """``copied`` with the gradients of ``original`` (deepcopy drops the ``.grad`` of torch parameters)."""
    if is_tensor(original):
        if original.grad is not None and copied.grad is None:
            copied.grad = original.grad.detach().clone()
    elif callable(getattr(original, "parameters", None)) and callable(getattr(copied, "parameters", None)):
        for source, target in zip(original.parameters(), copied.parameters()):  # a torch module
            if source.grad is not None and target.grad is None:
                target.grad = source.grad.detach().clone()
    elif isinstance(original, (list, tuple)):
        for source, target in zip(original, copied):
            _with_grads(source, target)
    elif isinstance(original, dict):
        for key in original:
            _with_grads(original[key], copied[key])
    return copied


def _copied(value: Any, what: str) -> Any:
    try:
        return _with_grads(value, copy.deepcopy(value))
    except Exception as error:  # noqa: BLE001 - reported as a bug of the exercise
        raise ExerciseError(f"{what} cannot be copied ({type(error).__name__}: {error}); the check calls the student's "
                            "function and the reference on separate copies") from error


def run_checks(
    student: Callable,
    reference: Callable,
    cases: Sequence[Case],
    *,
    rtol: float = 1e-5,
    atol: float = 1e-8,
    observe: Callable[..., Any] | None = None,
    name: str | None = None,
) -> Report:
    """Run ``student`` and ``reference`` on copies of every case; return the Report (see :func:`check`)."""
    if not callable(student):
        raise TypeError(f"student must be the function to check, got {type(student).__name__} {describe(student)}")
    if not callable(reference):
        raise TypeError(f"reference must be a function, got {type(reference).__name__}")
    if isinstance(cases, (str, bytes)) or not isinstance(cases, Sequence) or not cases:
        raise ExerciseError("cases must be a non-empty list of case(...)")
    if not all(isinstance(c, Case) for c in cases):
        raise ExerciseError(f"every case must be made with case(...); got {[type(c).__name__ for c in cases]}")
    for label, value in (("rtol", rtol), ("atol", atol)):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not value >= 0:
            raise ExerciseError(f"{label} must be a non-negative number, got {value!r}")
    if observe is not None and not callable(observe):
        raise TypeError(f"observe must be a function (result, *args, **kwargs) -> value, got {type(observe).__name__}")
    name = name or getattr(student, "__name__", "your function")
    report = Report(name=name, total=len(cases))
    for number, item in enumerate(cases, start=1):
        where = f"case {number} of {len(cases)}" + (f" ({item.label})" if item.label else "")
        expected, reference_error = _call(reference, item, observe, where, "reference")
        if item.raises is not None and not isinstance(reference_error, _kinds(item.raises)):
            raise ExerciseError(f"{where}: the reference should raise {_names(item.raises)} on {item.call(name)}, "
                                f"but it {'raised ' + describe(reference_error) if reference_error else 'returned'}")
        if item.raises is None and reference_error is not None:
            raise ExerciseError(f"{where}: the reference raised {describe(reference_error)} on {item.call(name)}; "
                                "if that is intended, write case(..., raises=...)") from reference_error
        got, error = _call(student, item, observe, where, "student")
        if isinstance(error, NotImplementedError) and not (item.raises and isinstance(error, _kinds(item.raises))):
            report.not_implemented = True
            return report
        problem = _problem(item, expected, got, error, student, rtol, atol)
        if problem is None:
            report.passed += 1
        else:
            report.failures.append(f"{FAIL} {where}, {item.call(name)}: {problem}")
    return report


def _call(function: Callable, item: Case, observe: Callable | None, where: str,
          who: str) -> tuple[Any, BaseException | None]:
    """(what to compare, None) after one call on copies of the case's arguments, or (None, the exception it raised)."""
    args, kwargs = _copied(item.args, f"{where}'s arguments"), _copied(item.kwargs, f"{where}'s arguments")
    try:
        result = function(*args, **kwargs)
    except Exception as error:  # noqa: BLE001 - compared with what the case expects
        return None, error
    if observe is None:
        return result, None
    try:
        return observe(result, *args, **kwargs), None
    except Exception as error:  # noqa: BLE001
        if who == "reference":
            raise ExerciseError(f"{where}: observe failed on the reference's result: {describe(error)}") from error
        return None, error


def _problem(item: Case, expected: Any, got: Any, error: BaseException | None, student: Callable,
             rtol: float, atol: float) -> str | None:
    """None when the student's outcome matches the reference's, else one sentence saying how it differs."""
    if item.raises is not None:
        if error is None:
            return f"expected {_names(item.raises)} to be raised, got {describe(got)}"
        if not isinstance(error, _kinds(item.raises)):
            return f"expected {_names(item.raises)}, got {describe(error)}{_where(error, student)}"
        return None
    if error is not None:
        return f"expected {describe(expected)}, but your code raised {describe(error)}{_where(error, student)}"
    return difference(expected, got, rtol=rtol, atol=atol)


def check(
    student: Callable,
    reference: Callable,
    cases: Sequence[Case],
    *,
    rtol: float = 1e-5,
    atol: float = 1e-8,
    observe: Callable[..., Any] | None = None,
    name: str | None = None,
) -> None:
    """Check ``student`` against the book's ``reference`` on every case and print the verdict (never a traceback).

    Each case runs on fresh copies of its arguments. Results are compared as numbers, arrays or tensors
    (``|got - expected| <= atol + rtol * |expected|``), tuples, lists, dicts, or with ``==``; a case made
    with ``raises=`` expects that exception. ``observe(result, *args, **kwargs)`` chooses what is compared
    (for an in-place function: the arguments after the call). A stub that raises NotImplementedError
    prints "not implemented yet". The printed text is the same on every machine.
    """
    print(run_checks(student, reference, cases, rtol=rtol, atol=atol, observe=observe, name=name))
