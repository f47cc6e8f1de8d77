"""Compare a student's result with the reference's: numbers, arrays and tensors within a tolerance."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from lecture10.exercises.describe import _float, as_array, describe, is_tensor

FORGOT_RETURN = " (did you forget `return`?)"


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, (bool, np.bool_))


def _is_array(value: Any) -> bool:
    return isinstance(value, np.ndarray) or is_tensor(value)


def _as_number(value: Any) -> float | None:
    """A real number from a number, or from a one-element array or tensor; None for anything else."""
    if _is_number(value):
        return float(value)
    if _is_array(value):
        values = as_array(value)
        if values.size == 1 and values.dtype.kind in "iuf":
            return float(values.reshape(()))
    return None


def _close(expected: np.ndarray, got: np.ndarray, rtol: float, atol: float) -> np.ndarray:
    """Elementwise ``|got - expected| <= atol + rtol * |expected|`` (numpy's rule), NaN equal to NaN."""
    with np.errstate(invalid="ignore", over="ignore"):
        return np.isclose(got, expected, rtol=rtol, atol=atol, equal_nan=True)


def difference(expected: Any, got: Any, *, rtol: float = 1e-5, atol: float = 1e-8) -> str | None:
    """None when ``got`` matches ``expected`` (numbers within numpy's tolerance rule); else what differs, in words."""
    if got is None and expected is not None:
        return f"expected {describe(expected)}, got None{FORGOT_RETURN}"
    if _is_array(expected):
        return _array_difference(expected, got, rtol, atol)
    if _is_number(expected):
        number = _as_number(got)
        if number is None:
            return f"expected the number {describe(expected)}, got {type(got).__name__} {describe(got)}"
        if not _close(np.float64(expected), np.float64(number), rtol, atol):
            return f"expected {describe(expected)}, got {_float(number)}"
        return None
    if isinstance(expected, (bool, np.bool_)):
        if not isinstance(got, (bool, np.bool_)) or bool(got) != bool(expected):
            return f"expected {bool(expected)}, got {describe(got)}"
        return None
    if isinstance(expected, (list, tuple)):
        if not isinstance(got, (list, tuple)):
            return (f"expected a {type(expected).__name__} of {len(expected)} items, "
                    f"got {type(got).__name__} {describe(got)}")
        if len(got) != len(expected):
            return f"expected {len(expected)} items, got {len(got)}: {describe(got)}"
        for index, (e, g) in enumerate(zip(expected, got)):
            problem = difference(e, g, rtol=rtol, atol=atol)
            if problem:
                return f"item [{index}]: {problem}"
        return None
    if isinstance(expected, Mapping):
        if not isinstance(got, Mapping):
            return f"expected a dict, got {type(got).__name__} {describe(got)}"
        if set(got) != set(expected):
            missing, extra = sorted(map(repr, set(expected) - set(got))), sorted(map(repr, set(got) - set(expected)))
            return f"keys differ: missing {', '.join(missing) or 'none'}; unexpected {', '.join(extra) or 'none'}"
        for key in expected:
            problem = difference(expected[key], got[key], rtol=rtol, atol=atol)
            if problem:
                return f"key {key!r}: {problem}"
        return None
    try:
        equal = bool(expected == got)
    except Exception:  # noqa: BLE001 - an == that raises or is ambiguous means: not equal
        equal = False
    return None if equal else f"expected {describe(expected)}, got {describe(got)}"


def _array_difference(expected: Any, got: Any, rtol: float, atol: float) -> str | None:
    want = as_array(expected)
    if is_tensor(expected) and not is_tensor(got):
        return f"expected a tensor {describe(expected)}, got {type(got).__name__} {describe(got)}"
    try:
        have = as_array(got)
    except Exception:  # noqa: BLE001 - anything that is not array-like
        return f"expected {describe(expected)}, got {type(got).__name__} {describe(got)}"
    if have.shape != want.shape:
        return f"expected shape {want.shape}, got shape {have.shape}: {describe(got)}"
    if want.dtype.kind not in "biufc" or have.dtype.kind not in "biufc":
        if np.array_equal(want, have):
            return None
        return f"expected {describe(expected)}, got {describe(got)}"
    close = _close(want.astype(np.complex128 if want.dtype.kind == "c" else np.float64),
                   have.astype(np.complex128 if have.dtype.kind == "c" else np.float64), rtol, atol)
    if close.all():
        return None
    wrong = np.argwhere(~close)
    index = tuple(int(i) for i in wrong[0])
    where = f"index {index[0]}" if len(index) == 1 else f"index {index}"
    return (f"{len(wrong)} of {want.size} entries differ, first at {where}: expected {describe(want[index])}, "
            f"got {describe(have[index])}")
