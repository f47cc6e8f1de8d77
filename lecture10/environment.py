"""Reproducible start of every chapter: seeds, threads, deterministic kernels, device."""
from __future__ import annotations

import os
import random
from typing import TYPE_CHECKING

import numpy as np

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
    if not isinstance(seed, int) or seed < 0:
        raise ValueError(f"seed must be a non-negative int, got {seed!r}")
    if not isinstance(threads, int) or threads < 1:
        raise ValueError(f"threads must be a positive int, got {threads!r}")
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
