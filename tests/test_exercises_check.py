"""lecture10.exercises: the check cell's verdicts, comparisons and messages."""
from __future__ import annotations

import numpy as np
import pytest
import torch

from lecture10.exercises import (
    Case,
    ExerciseError,
    case,
    check,
    describe,
    difference,
    run_checks,
)


def reference_weight(x, x_max=100.0, alpha=0.75):
    x = np.asarray(x, dtype=float)
    if (x < 0).any():
        raise ValueError("counts cannot be negative")
    return np.minimum((x / x_max) ** alpha, 1.0)


CASES = [case(1.0), case(np.array([0.5, 100.0, 250.0])), case(0.0, label="a zero count"),
         case(-1.0, label="a negative count", raises=ValueError)]


def test_a_correct_solution_passes_every_case(capsys: pytest.CaptureFixture) -> None:
    def glove_weight(x, x_max=100.0, alpha=0.75):
        x = np.asarray(x, dtype=float)
        if (x < 0).any():
            raise ValueError("no")
        return np.where(x < x_max, (x / x_max) ** alpha, 1.0)

    check(glove_weight, reference_weight, CASES)
    assert capsys.readouterr().out == "✓ glove_weight: all 4 cases pass.\n"


def test_the_stub_reports_not_implemented_yet_without_a_traceback(capsys: pytest.CaptureFixture) -> None:
    def glove_weight(x, x_max=100.0, alpha=0.75):
        # YOUR CODE HERE
        raise NotImplementedError("your code here")

    check(glove_weight, reference_weight, CASES)
    out = capsys.readouterr()
    assert out.out == ("✗ glove_weight: not implemented yet: write your code in the cell above,\n"
                       "  in place of `raise NotImplementedError`, run it, then run this cell again.\n")
    assert "Traceback" not in out.err


def test_each_failure_names_the_input_expected_and_got() -> None:
    def glove_weight(x, x_max=100.0, alpha=0.75):  # forgets the cap at 1 and the negative counts
        return (np.asarray(x, dtype=float) / x_max) ** alpha

    with np.errstate(invalid="ignore"):
        report = run_checks(glove_weight, reference_weight, CASES)
    assert (report.total, report.passed, report.ok) == (4, 2, False)
    assert report.failures == [
        "✗ case 2 of 4, glove_weight(array([0.5, 100.0, 250.0])): 1 of 3 entries differ, first at index 2: "
        "expected 1.0, got 1.98818",
        "✗ case 4 of 4 (a negative count), glove_weight(-1.0): expected ValueError to be raised, got nan",
    ]
    assert report.lines()[-2:] == ["✗ glove_weight: 2 of 4 cases pass.",
                                   "  Fix the first failure above, run the cell with your code, then this one again."]


def test_an_exception_in_the_students_code_is_one_line_with_its_line_number() -> None:
    def broken(x, x_max=100.0, alpha=0.75):
        scale = 1
        return scale + "a"  # the student's bug, line 3 of this function's source

    report = run_checks(broken, reference_weight, CASES[:1])
    line = broken.__code__.co_firstlineno + 2
    assert report.failures == [f"✗ case 1 of 1, broken(1.0): expected 0.0316228, but your code raised TypeError: "
                               f"unsupported operand type(s) for +: 'int' and 'str' (line {line} of your cell)"]


def test_a_missing_return_is_pointed_out() -> None:
    def forgot(x, x_max=100.0, alpha=0.75):
        np.minimum((np.asarray(x) / x_max) ** alpha, 1.0)

    report = run_checks(forgot, reference_weight, CASES[:1])
    assert report.failures[0].endswith("got None (did you forget `return`?)")


def test_the_wrong_exception_for_an_edge_case_fails() -> None:
    def wrong_error(x, x_max=100.0, alpha=0.75):
        if (np.asarray(x) < 0).any():
            raise TypeError("negative")
        return reference_weight(x, x_max, alpha)

    report = run_checks(wrong_error, reference_weight, CASES)
    assert report.failures == ["✗ case 4 of 4 (a negative count), wrong_error(-1.0): expected ValueError, "
                               "got TypeError: negative (line 3 of your cell)".replace(
                                   "line 3", f"line {wrong_error.__code__.co_firstlineno + 2}")]


def test_tensors_in_place_functions_and_observe() -> None:
    def parameters():
        p = torch.nn.Parameter(torch.tensor([3.0, 4.0]))
        p.grad = torch.tensor([3.0, 4.0])
        return [p]

    def grads(result, params, max_norm):
        return result, [p.grad for p in params]

    def only_the_norm(params, max_norm):  # returns the norm but forgets to clip in place
        return torch.linalg.vector_norm(torch.cat([p.grad for p in params]))

    cases = [case(parameters(), 1.0), case(parameters(), 10.0, label="no clipping needed")]
    good = run_checks(torch.nn.utils.clip_grad_norm_, torch.nn.utils.clip_grad_norm_, cases, observe=grads)
    bad = run_checks(only_the_norm, torch.nn.utils.clip_grad_norm_, cases, observe=grads)
    assert good.ok and str(good) == "✓ clip_grad_norm_: all 2 cases pass."
    assert (bad.passed, len(bad.failures)) == (1, 1)
    assert "item [1]: item [0]: 2 of 2 entries differ, first at index 0: expected 0.6, got 3.0" in bad.failures[0]
    assert cases[0].args[0][0].grad.tolist() == [3.0, 4.0], "the case's own arguments must not be modified"


def test_a_stub_raising_later_still_reads_not_implemented() -> None:
    def partial(x, x_max=100.0, alpha=0.75):
        if np.asarray(x).ndim:
            raise NotImplementedError("your code here")
        return reference_weight(x, x_max, alpha)

    report = run_checks(partial, reference_weight, CASES)
    assert report.not_implemented and not report.ok and "not implemented yet" in str(report)


def test_one_case_reads_naturally() -> None:
    assert str(run_checks(abs, abs, [case(-2)])) == "✓ abs: its one case passes."


def test_tolerances_are_applied() -> None:
    nearly = run_checks(lambda x: x + 1e-7, lambda x: x, [case(1.0)], name="f")
    strict = run_checks(lambda x: x + 1e-7, lambda x: x, [case(1.0)], rtol=0, atol=0, name="f")
    assert nearly.ok and not strict.ok
    assert strict.failures == ["✗ case 1 of 1, f(1.0): expected 1.0, got 1.0"]  # 6 digits: the values print alike


@pytest.mark.parametrize(
    ("expected", "got", "problem"),
    [
        (1.0, 1.0 + 1e-9, None),
        (np.float32(0.1), 0.1, None),
        (1.0, "1.0", "expected the number 1.0, got str '1.0'"),
        (2, np.array(2.0), None),
        (True, 1, "expected True, got 1"),
        (float("nan"), float("nan"), None),
        ((1, [2.0, 3.0]), (1, [2.0, 3.5]), "item [1]: item [1]: expected 3.0, got 3.5"),
        ([1, 2], [1], "expected 2 items, got 1: [1]"),
        ({"a": 1}, {"b": 1}, "keys differ: missing 'a'; unexpected 'b'"),
        ({"a": 1.0}, {"a": 2.0}, "key 'a': expected 1.0, got 2.0"),
        (np.zeros((2, 3)), np.zeros((3, 2)), "expected shape (2, 3), got shape (3, 2)"),
        (np.arange(3), [0, 1, 2], None),
        (torch.ones(2), torch.ones(2, dtype=torch.float64), None),
        (torch.ones(2), np.ones(2), "expected a tensor tensor([1.0, 1.0]), got ndarray array([1.0, 1.0])"),
        ("word", "word", None),
        ("word", "ward", "expected 'word', got 'ward'"),
        (None, None, None),
        (3, None, "expected 3, got None (did you forget `return`?)"),
    ],
)
def test_difference(expected, got, problem) -> None:
    found = difference(expected, got)
    assert found == problem if problem is None else found.startswith(problem), found


def test_describe_is_short_and_machine_independent() -> None:
    assert describe(1 / 3) == "0.333333"
    assert describe(2.0) == "2.0" and describe(-2.0) == "-2.0" and describe(2) == "2"
    assert describe(np.arange(20.0)) == "array([0.0, 1.0, 2.0, ..., 17.0, 18.0, 19.0])"
    assert describe(np.eye(2)) == "array([[1.0, 0.0], [0.0, 1.0]], shape=(2, 2))"
    assert describe(torch.tensor([0.5, 2.0])) == "tensor([0.5, 2.0])"
    assert describe(ValueError("bad")) == "ValueError: bad"
    assert describe("x" * 500).endswith("...") and len(describe("x" * 500)) == 100


def test_the_exercise_itself_must_be_consistent() -> None:
    with pytest.raises(ExerciseError, match="the reference raised ValueError.*case\\(..., raises=...\\)"):
        run_checks(reference_weight, reference_weight, [case(-1.0)])
    with pytest.raises(ExerciseError, match="the reference should raise ValueError"):
        run_checks(reference_weight, reference_weight, [case(1.0, raises=ValueError)])
    with pytest.raises(ExerciseError, match="non-empty list"):
        run_checks(abs, abs, [])
    with pytest.raises(ExerciseError, match="made with case"):
        run_checks(abs, abs, [(1,)])
    with pytest.raises(ExerciseError, match="rtol must be a non-negative number"):
        run_checks(abs, abs, [case(1)], rtol=-1)
    with pytest.raises(TypeError, match="student must be the function to check, got int"):
        run_checks(3, abs, [case(1)])
    with pytest.raises(TypeError, match="raises must be an exception class"):
        case(1, raises="ValueError")
    assert isinstance(case(1, label="x"), Case)


def test_the_output_is_the_same_on_every_run(capsys: pytest.CaptureFixture) -> None:
    def glove_weight(x, x_max=100.0, alpha=0.75):
        return (np.asarray(x, dtype=float) / x_max) ** alpha

    outputs = []
    for _ in range(2):
        with np.errstate(invalid="ignore"):
            check(glove_weight, reference_weight, CASES)
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1] and "0x" not in outputs[0]
