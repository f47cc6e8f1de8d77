"""Reproducible start of every chapter: seeds, threads, deterministic kernels, device.

The one owner of torch's thread setting: :func:`setup` fixes it for a whole chapter (or tool),
:func:`torch_threads` changes it for one block of code and puts it back.
"""
from __future__ import annotations

import contextlib
import os
import random
from collections.abc import Iterator
from typing import TYPE_CHECKING

import numpy as np

from lecture10 import _checks
from lecture10.style import apply_style

if TYPE_CHECKING:  # torch is not a dependency of the package (Colab brings its own)
    import torch


def pick_device(prefer_gpu: bool = True) -> "torch.device":
    """Return the CUDA device when one is present (and wanted), else the CPU."""
    import torch

    if prefer_gpu and torch.cuda.is_available():
        return torch.device("cuda")
    return torch.device("cpu")


def setup(seed: int = 0, threads: int = 2, prefer_gpu: bool = True) -> "torch.device":
    """Seed Python/NumPy/torch, fix threads, force deterministic kernels, set the plot style; return the device.

    ``threads`` is fixed (not "all cores") because floating-point reductions
    can depend on how work is split: the same number everywhere gives the same
    printed numbers on a laptop, a 2-core CI runner and Colab.
    """
    _checks.non_negative_int(seed, "seed")
    _checks.positive_int(threads, "threads")
    # cuBLAS needs this before CUDA is initialised to be deterministic.
    os.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", ":4096:8")
    import torch

    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)  # also seeds every CUDA device
    torch.set_num_threads(threads)
    torch.use_deterministic_algorithms(True)
    if hasattr(torch.backends, "cudnn"):
        torch.backends.cudnn.benchmark = False
    apply_style()
    try:  # inline figures as PNG (renders on the static site, compares cleanly)
        from matplotlib_inline.backend_inline import set_matplotlib_formats

        set_matplotlib_formats("png")
    except ImportError:  # outside Jupyter
        pass
    return pick_device(prefer_gpu)


@contextlib.contextmanager
def torch_threads(threads: int | None) -> Iterator[None]:
    """Run the block with ``threads`` torch threads (None: leave the setting alone), then restore it."""
    if threads is None:
        yield
        return
    _checks.positive_int(threads, "threads")
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(threads)
    try:
        yield
    finally:
        torch.set_num_threads(before)
