"""Short, deterministic descriptions of values for the exercise checks' messages."""
from __future__ import annotations

import math
from typing import Any

import numpy as np

LIMIT = 100  # characters of one description before it is cut with "..."
SIGNIFICANT = 6  # significant digits of a float in a message


def is_tensor(value: Any) -> bool:
    """Whether ``value`` is a torch tensor (checked without importing torch, which is optional)."""
    return type(value).__module__.startswith("torch") and hasattr(value, "detach") and hasattr(value, "numpy")


def as_array(value: Any) -> np.ndarray:
    """A numpy copy of a tensor (detached, on the CPU) or an array."""
    if is_tensor(value):
        return value.detach().cpu().numpy()
    return np.asarray(value)


def _float(value: float) -> str:
    if math.isnan(value) or math.isinf(value):
        return str(value)
    text = f"{value:.{SIGNIFICANT}g}"
    return text + ".0" if text.lstrip("-").isdigit() else text  # 1.0, not 1: a float is not an int


def _array(values: np.ndarray) -> str:
    if values.dtype.kind in "fc":
        formatter = {"float_kind": lambda x: _float(float(x)), "complex_kind": lambda x: f"{x:.{SIGNIFICANT}g}"}
    else:
        formatter = None
    text = np.array2string(values, separator=", ", threshold=8, edgeitems=3, formatter=formatter, max_line_width=10**6)
    return " ".join(text.split())


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def describe(value: Any, limit: int = LIMIT) -> str:
    """A one-line description of ``value``: numbers to 6 significant digits, arrays and tensors with their shape."""
    if isinstance(value, BaseException):
        return _cut(f"{type(value).__name__}: {value}" if str(value) else type(value).__name__, limit)
    if value is None or isinstance(value, (bool, np.bool_)):
        return str(value if value is None else bool(value))
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        return _float(float(value))
    if is_tensor(value):
        values = as_array(value)
        shape = f", shape={tuple(values.shape)}" if values.ndim > 1 else ""
        return _cut(f"tensor({_array(values)}{shape})", limit)
    if isinstance(value, np.ndarray):
        shape = f", shape={value.shape}" if value.ndim > 1 else ""
        return _cut(f"array({_array(value)}{shape})", limit)
    if isinstance(value, (list, tuple)):
        inner = ", ".join(describe(item, limit) for item in value[:8]) + (", ..." if len(value) > 8 else "")
        if isinstance(value, tuple):
            return _cut(f"({inner}{',' if len(value) == 1 else ''})", limit)
        return _cut(f"[{inner}]", limit)
    if isinstance(value, dict):
        items = list(value.items())
        inner = ", ".join(f"{k!r}: {describe(v, limit)}" for k, v in items[:8]) + (", ..." if len(items) > 8 else "")
        return _cut("{" + inner + "}", limit)
    return _cut(repr(value), limit)
