"""What the GloVe tools share: their options, the run's setup, the trainer, machine measurements."""
from __future__ import annotations

import argparse
import os
import resource
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from lecture10.glove import fast
from lecture10.glove.cooccurrence import Cooccurrence
from lecture10.glove.config import GloVeConfig

ROOT = Path(__file__).resolve().parent.parent
#: The hyper-parameters of the shipped vectors: the paper's (element-wise AdaGrad, lr 0.05,
#: alpha 0.75, glove.c's gradient clipping) except x_max 10, not 100: better on a corpus of ~10M
#: tokens (lecture10/artefacts/glove-book-runs.json holds one run with each; batch_size is used
#: by the torch trainer only).
SHIPPED = dict(dim=100, epochs=25, x_max=10.0, alpha=0.75, learning_rate=0.05, batch_size=4096,
               seed=0, accumulators="elementwise", grad_clip=100.0)
TRAINERS = ("fast", "torch")


def add_pipeline_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of the tools: corpus, counting, hyper-parameters, trainer, workers, device."""
    parser.add_argument("--corpus", type=Path, default=ROOT / ".cache" / "corpus")
    parser.add_argument("--sources", nargs="*", default=None, help="corpus sources to use (default all)")
    parser.add_argument("--min-count", type=int, default=5)
    parser.add_argument("--window", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2, help="training threads or processes (default 2)")
    parser.add_argument("--trainer", choices=TRAINERS, default=None,
                        help="fast: lecture10.glove.fast (numba, the default when installed); torch: "
                             "lecture10.glove.train (the chapters' reference, any accumulators, GPU)")
    parser.add_argument("--order", choices=fast.ORDERS, default="tiled", help="fast trainer: order of the pairs")
    parser.add_argument("--block", type=int, default=fast.DEFAULT_BLOCK, help="fast trainer: words per tile side")
    parser.add_argument("--device", default=None, help="torch trainer: device (default: cuda if available, else cpu)")
    for key, value in SHIPPED.items():
        parser.add_argument(f"--{key.replace('_', '-')}", type=type(value), default=value)


@dataclass
class Trained:
    """What the tools keep of a fit, whichever trainer made it."""

    vectors: np.ndarray
    losses: list[float]
    seconds: list[float]
    description: dict  # implementation, version, workers, order...: for the manifests


def trainer_name(args: argparse.Namespace) -> str:
    """The trainer the options ask for: ``--trainer``, else fast where numba is installed, else torch."""
    if args.trainer is not None:
        return args.trainer
    return "fast" if fast.available() and args.accumulators == "elementwise" else "torch"


def train(cooccurrence: Cooccurrence, args: argparse.Namespace, config: GloVeConfig | None = None) -> Trained:
    """Fit GloVe with the trainer and hyper-parameters of ``args`` (``config`` overrides the latter)."""
    config = GloVeConfig(**{k: getattr(args, k) for k in SHIPPED}) if config is None else config
    name = trainer_name(args)
    if name == "fast":
        import numba

        pairs = fast.TiledPairs.from_cooccurrence(cooccurrence, order=args.order, block=args.block, seed=config.seed)
        result = fast.train_glove_fast(pairs, config, workers=args.workers, callback=print_epoch)
        description = {"implementation": "lecture10.glove.fast.train_glove_fast", "numba": numba.__version__,
                       "workers": args.workers, "threads": "lock-free, shared table", "order": args.order,
                       "block": args.block if args.order == "tiled" else None, "precision": "float32",
                       "compile_seconds": round(result.compile_seconds, 1)}
        return Trained(result.vectors, result.losses, result.seconds, description)
    import torch

    import lecture10
    from lecture10.glove.train import train_glove

    device = torch.device(args.device) if args.device else lecture10.pick_device()
    workers = args.workers if device.type == "cpu" else 1
    result = train_glove(cooccurrence, config, device=device, workers=workers, callback=print_epoch)
    description = {"implementation": "lecture10.glove.train.train_glove", "torch": torch.__version__,
                   "device": str(device), "workers": workers, "threads": "forked processes, shared table",
                   "order": "shuffled mini-batches", "precision": "float32"}
    return Trained(result.vectors, result.losses, result.seconds, description)


def reset_peak_memory() -> None:
    """Start a new peak of this process's resident memory (Linux; elsewhere a no-op)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass


def peak_memory_mb(children: bool = True) -> float:
    """Peak resident memory of this process since the last :func:`reset_peak_memory` (or its start), in MB;
    with ``children``, that of its finished children (worker processes) if larger."""
    try:
        status = Path("/proc/self/status").read_text()
        own = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    peak = max(own, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) if children else own
    return round(peak / 1024, 1)


def load_average() -> list[float]:
    """The machine's 1, 5 and 15-minute load averages: how much of it the run had (it may be shared)."""
    return [round(x, 2) for x in os.getloadavg()]


def print_epoch(epoch: int, loss: float) -> None:
    """The training callback of the tools: one line per epoch on stderr."""
    print(f"    epoch {epoch:2d}: loss {loss:.5f}", file=sys.stderr, flush=True)
