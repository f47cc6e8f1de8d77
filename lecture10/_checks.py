"""Argument checks shared by the package, so that a public function opens with its equation.

Each check returns the value it accepts (converted where that is safe) or raises an exception
whose message names the argument and what was wrong with it. ``bool`` is refused wherever a
number is expected: ``True`` is an ``int`` to Python, never a count or a step size to a reader.
"""
from __future__ import annotations

import math
import numbers
from collections.abc import Collection, Iterable, Sequence
from typing import Any, TypeVar

import numpy as np

T = TypeVar("T")


def _is_int(value: Any) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def positive_int(value: Any, name: str) -> int:
    """``value`` as an int >= 1; ValueError naming ``name`` otherwise (bools and floats included)."""
    if not _is_int(value) or value < 1:
        raise ValueError(f"{name} must be a positive int, got {value!r}")
    return int(value)


def non_negative_int(value: Any, name: str) -> int:
    """``value`` as an int >= 0; ValueError naming ``name`` otherwise."""
    if not _is_int(value) or value < 0:
        raise ValueError(f"{name} must be a non-negative int, got {value!r}")
    return int(value)


def int_between(value: Any, name: str, low: int, high: int) -> int:
    """``value`` as an int with low <= value <= high; ValueError naming ``name`` otherwise."""
    if not _is_int(value) or not low <= value <= high:
        raise ValueError(f"{name} must be an int between {low} and {high}, got {value!r}")
    return int(value)


def optional_positive_int(value: Any, name: str) -> int | None:
    """None, or ``value`` as an int >= 1."""
    return None if value is None else positive_int(value, name)


def positive(value: Any, name: str, *, finite: bool = False) -> float:
    """``value`` as a float > 0 (NaN refused; inf too when ``finite``); ValueError naming ``name`` otherwise."""
    ok = not isinstance(value, bool) and isinstance(value, numbers.Real) and value > 0
    if not ok or (finite and not math.isfinite(value)):
        raise ValueError(f"{name} must be {'a positive finite number' if finite else 'positive'}, got {value!r}")
    return float(value)


def in_open_interval(value: Any, name: str, low: float = 0.0, high: float = 1.0) -> float:
    """``value`` as a float with low < value < high; ValueError naming ``name`` otherwise."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not low < value < high:
        raise ValueError(f"{name} must be in ({low:g}, {high:g}), got {value!r}")
    return float(value)


def one_of(value: T, choices: Collection[T], name: str) -> T:
    """``value`` if it is one of ``choices``; ValueError listing them otherwise."""
    try:
        known = value in choices
    except TypeError:  # an unhashable value looked up in a dict or set
        known = False
    if not known:
        raise ValueError(f"{name} must be one of {sorted(choices)}, got {value!r}")
    return value


def non_empty_1d(value: Any, name: str, dtype: Any = None) -> np.ndarray:
    """``value`` as a non-empty one-dimensional numpy array; ValueError naming ``name`` and the shape otherwise."""
    array = np.asarray(value, dtype=dtype)
    if array.ndim != 1 or len(array) == 0:
        raise ValueError(f"{name} must be a non-empty one-dimensional array, got shape {array.shape}")
    return array


def words(value: Any, name: str, kind: str = "words") -> list[str]:
    """``value`` as a list of strings (``kind`` names them in errors); TypeError for a single string,
    which Python would otherwise read letter by letter."""
    if isinstance(value, str):
        raise TypeError(f"{name} must be a list of {kind}, not the string {value[:40]!r} (write [{value[:40]!r}])")
    if not isinstance(value, Iterable):
        raise TypeError(f"{name} must be a list of {kind}, got {type(value).__name__}")
    items = list(value)
    wrong = [w for w in items if not isinstance(w, str)]
    if wrong:
        raise TypeError(f"{name} must hold {kind} (str), got {type(wrong[0]).__name__} {wrong[0]!r}")
    return items


def token_lists(value: Any, name: str) -> list[Sequence[str]]:
    """``value`` as a list of token lists; TypeError where a text (a string) stands in for one."""
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise TypeError(f"{name} must be a list of token lists, got {type(value).__name__}")
    items = list(value)
    for i, tokens in enumerate(items):
        if isinstance(tokens, str):
            raise TypeError(f"{name} must be sequences of tokens, not strings ({name}[{i}] is {tokens[:30]!r}): "
                            "tokenize them first")
    return items
