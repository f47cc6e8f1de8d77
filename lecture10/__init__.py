"""Helpers for the executable CSC321 Lecture 10 course book.

Every chapter starts with :func:`lecture10.setup`, which makes its outputs
reproducible and returns the device to compute on.
"""
from lecture10.environment import setup, pick_device
from lecture10.style import PALETTE, apply_style

__version__ = "0.1.0"
__all__ = ["setup", "pick_device", "PALETTE", "apply_style", "__version__"]
