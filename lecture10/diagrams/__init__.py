"""Diagrams of the book, drawn by code: boxes, arrows and labels on a matplotlib Axes.

Each diagram is one module with one public ``draw_*`` function that returns the Axes it drew on
and a matching ``*_ALT`` string (the alt text a chapter puts in the cell's metadata). They share
the primitives of :mod:`lecture10.diagrams.canvas` and the book's colour-blind-safe palette.
"""
from lecture10.diagrams.backward import BACKWARD_ALT, TRUNCATED_ALT, draw_bptt_backward
from lecture10.diagrams.canvas import Canvas
from lecture10.diagrams.debiasing import HARD_DEBIASING_ALT, draw_hard_debiasing
from lecture10.diagrams.unrolled import UNROLLED_ALT, draw_unrolled_rnn

__all__ = ["BACKWARD_ALT", "TRUNCATED_ALT", "draw_bptt_backward", "Canvas", "HARD_DEBIASING_ALT", "draw_hard_debiasing", "UNROLLED_ALT", "draw_unrolled_rnn"]
