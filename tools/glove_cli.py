"""What `tools.train_glove` and `tools.bench_glove` share: their options, the run's setup, machine measurements."""
from __future__ import annotations

import argparse
import os
import resource
import sys
from pathlib import Path

import torch

import lecture10
from lecture10.glove.train import GloVeConfig

ROOT = Path(__file__).resolve().parent.parent
#: The hyper-parameters of the shipped vectors (x_max 10, not the paper's 100: better on a corpus of
#: ~10M tokens, as the scores in the manifest of a run with each setting showed).
SHIPPED = dict(dim=100, epochs=25, x_max=10.0, alpha=0.75, learning_rate=0.05, batch_size=4096,
               seed=0, accumulators="rowwise")


def add_pipeline_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of both tools: corpus, counting, hyper-parameters, workers, device."""
    parser.add_argument("--corpus", type=Path, default=ROOT / ".cache" / "corpus")
    parser.add_argument("--sources", nargs="*", default=None, help="corpus sources to use (default all)")
    parser.add_argument("--min-count", type=int, default=5)
    parser.add_argument("--window", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2, help="training processes (default 2)")
    parser.add_argument("--device", default=None, help="torch device (default: cuda if available, else cpu)")
    for key, value in SHIPPED.items():
        parser.add_argument(f"--{key.replace('_', '-')}", type=type(value), default=value)


def training_setup(args: argparse.Namespace) -> tuple[GloVeConfig, torch.device, int]:
    """The configuration, device and number of worker processes the options ask for.

    Worker processes are for the CPU only; :func:`lecture10.glove.train.train_glove` runs each
    of them on one torch thread.
    """
    config = GloVeConfig(**{k: getattr(args, k) for k in SHIPPED})
    device = torch.device(args.device) if args.device else lecture10.pick_device()
    workers = args.workers if device.type == "cpu" else 1
    return config, device, workers


def peak_memory_mb() -> float:
    """Peak resident memory of this process and of its finished children, in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(max(own, children) / 1024, 1)


def load_average() -> list[float]:
    """The machine's 1, 5 and 15-minute load averages: how much of it the run had (it may be shared)."""
    return [round(x, 2) for x in os.getloadavg()]


def print_epoch(epoch: int, loss: float) -> None:
    """The training callback of both tools: one line per epoch on stderr."""
    print(f"    epoch {epoch:2d}: loss {loss:.5f}", file=sys.stderr, flush=True)
