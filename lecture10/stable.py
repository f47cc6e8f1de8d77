"""Printing numbers that hold on every CPU.

The book's committed outputs are compared exactly on every machine, and a result of training or
of a long float32 computation changes in its last digits when the CPU's floating-point kernels
change (another vector instruction set, another BLAS). These helpers print such a result in a
form that cannot change within a stated tolerance, and refuse (``UnstableOutput``) when it could:

    >>> rounded(0.8225003, 2, tolerance=1e-4)    # far from a rounding boundary
    '0.82'
    >>> magnitude(1.8e-07, tolerance=0.1)        # an upper bound at the next power of ten
    '< 1e-06'

The exact value then goes in a cell whose output the tests do not compare (tag
``nbval-ignore-output``), next to an ``assert`` of the tolerance the prose needs; see CONTRIBUTING.md.
"""
from __future__ import annotations

import math

__all__ = ["UnstableOutput", "magnitude", "rounded"]


class UnstableOutput(ValueError):
    """A value lies so close to a printing boundary that another CPU could print it differently."""


def _checked_tolerance(tolerance: float) -> float:
    if isinstance(tolerance, bool) or not isinstance(tolerance, (int, float)) or not tolerance >= 0:
        raise ValueError(f"tolerance must be a non-negative number, got {tolerance!r}")
    return float(tolerance)


def _checked_value(value: float) -> float:
    if isinstance(value, (bool, str)) or not hasattr(value, "__float__"):
        raise TypeError(f"value must be a real number, got {type(value).__name__}")
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"value must be finite, got {value}")
    return value


def rounded(value: float, digits: int, *, tolerance: float) -> str:
    """``value`` with ``digits`` decimals, if every number within ``± tolerance`` of it prints the same.

    ``tolerance`` is absolute: how far the value may move on another machine. Raises
    UnstableOutput when the interval straddles a rounding boundary (print fewer digits, or a bound).
    """
    value, tolerance = _checked_value(value), _checked_tolerance(tolerance)
    if isinstance(digits, bool) or not isinstance(digits, int) or digits < 0:
        raise ValueError(f"digits must be a non-negative int, got {digits!r}")
    low, high = (f"{value + sign * tolerance:.{digits}f}" for sign in (-1, 1))
    if low != high:
        raise UnstableOutput(f"{value!r} ± {tolerance:g} prints as {low} or {high} with {digits} decimals: "
                             "print fewer digits or a bound")
    text = f"{value:.{digits}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text  # no "-0.00"


def magnitude(value: float, *, tolerance: float) -> str:
    """An upper bound for ``|value|`` at the next power of ten ("< 1e-06"; "0" for zero).

    ``tolerance`` is relative: the bound must hold for ``|value| * (1 ± tolerance)`` too, so a
    value within that distance of a power of ten raises UnstableOutput.
    """
    value, tolerance = abs(_checked_value(value)), _checked_tolerance(tolerance)
    if value == 0:
        return "0"
    exponents = {math.floor(math.log10(value * (1 + sign * tolerance))) + 1 for sign in (-1, 1)}
    if len(exponents) != 1 or tolerance >= 1:
        raise UnstableOutput(f"{value!r} is within {tolerance:.0%} of a power of ten: its bound could print "
                             "differently on another machine")
    return f"< {10.0 ** exponents.pop():.0e}"
