"""Printing numbers that hold on every CPU: lecture10.stable."""
from __future__ import annotations

import numpy as np
import pytest
import torch

from lecture10.stable import UnstableOutput, magnitude, rounded


@pytest.mark.parametrize("value, digits, tolerance, expected", [
    (0.8225003, 2, 1e-4, "0.82"), (79.8, 0, 0.3, "80"), (-0.0004, 2, 1e-4, "0.00"), (3.14159, 3, 1e-5, "3.142"),
    (np.float32(0.5004), 1, 1e-3, "0.5"), (torch.tensor(0.27), 1, 0.01, "0.3"),
])
def test_rounded_prints_values_far_from_a_boundary(value, digits, tolerance, expected) -> None:
    assert rounded(value, digits, tolerance=tolerance) == expected


@pytest.mark.parametrize("value, digits, tolerance", [(0.825, 2, 1e-4), (0.0045, 3, 1e-3), (79.5, 0, 0.1)])
def test_rounded_refuses_values_near_a_boundary(value, digits, tolerance) -> None:
    with pytest.raises(UnstableOutput, match="fewer digits"):
        rounded(value, digits, tolerance=tolerance)


@pytest.mark.parametrize("value, expected", [(1.8e-07, "< 1e-06"), (2.2e-07, "< 1e-06"), (0.0, "0"),
                                             (-3e-13, "< 1e-12"), (250.0, "< 1e+03")])
def test_magnitude_is_the_next_power_of_ten(value, expected) -> None:
    assert magnitude(value, tolerance=0.1) == expected


def test_magnitude_refuses_values_near_a_power_of_ten() -> None:
    with pytest.raises(UnstableOutput, match="power of ten"):
        magnitude(9.5e-7, tolerance=0.1)
    assert magnitude(9.5e-7, tolerance=0.01) == "< 1e-06"


@pytest.mark.parametrize("call", [lambda: rounded("0.5", 1, tolerance=0.1), lambda: rounded(0.5, -1, tolerance=0.1),
                                  lambda: rounded(0.5, 1, tolerance=-1), lambda: magnitude(float("nan"), tolerance=0.1),
                                  lambda: rounded(True, 1, tolerance=0.1)])
def test_bad_arguments_are_named(call) -> None:
    with pytest.raises((TypeError, ValueError), match="value|digits|tolerance"):
        call()
