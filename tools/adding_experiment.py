"""The full adding-problem experiment of the "Long-term dependencies" chapter.

Trains a tanh RNN, an IRNN, an LSTM and a GRU (`lecture10.adding.SequenceRegressor`, cells "rnn", "irnn",
"lstm", "gru") on the adding
problem at several sequence lengths, with the settings of `lecture10.adding.AddingConfig`, and
writes test MSEs, validation curves and the gradient norms ||dL/ds(t)|| at initialisation and
after training to a JSON file that the chapter plots (plus the trained LSTMs' weights, whose
gates the chapter draws):

    python -m tools.adding_experiment                       # the committed results (one CPU core)
    python -m tools.adding_experiment --lengths 10 50 --steps 1000 --out /tmp/small.json

Seeded: the same command gives the same numbers on the same machine and PyTorch version.
The file is rewritten after every run, so an interrupted experiment leaves its finished runs.
"""
from __future__ import annotations

import argparse
import os
import platform
import shlex
import sys
import time
from dataclasses import asdict
from pathlib import Path

import torch

import lecture10
from lecture10 import artefacts
from lecture10.adding import BASELINE_MSE, AddingConfig, run_adding
from lecture10.recurrent import CELLS

DEFAULT_OUT = artefacts.FOLDER / artefacts.ADDING_RESULTS


def machine() -> str:
    """A one-line description of where the experiment ran."""
    model = platform.processor()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        names = [line.split(":", 1)[1].strip() for line in cpuinfo.read_text().splitlines() if line.startswith("model name")]
        model = names[0] if names else model
    return f"{platform.machine()}, {os.cpu_count()} CPUs ({model or 'unknown CPU'}), {platform.system()}"


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lengths", type=int, nargs="+", default=[10, 50, 100, 200], help="sequence lengths T")
    parser.add_argument("--cells", nargs="+", default=list(CELLS), choices=CELLS, help="recurrent layers to compare")
    parser.add_argument("--steps", type=int, default=4000, help="training steps per model")
    parser.add_argument("--eval-every", type=int, default=250, help="steps between validations (best one kept)")
    parser.add_argument("--hidden", type=int, default=AddingConfig.hidden_size, help="hidden units")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=1, help="torch CPU threads (1: leave the other cores free)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="results JSON (LSTM weights go beside it, .pt)")
    args = parser.parse_args(argv)

    lecture10.setup(seed=args.seed, threads=args.threads, prefer_gpu=False)  # threads, deterministic kernels
    config = AddingConfig(hidden_size=args.hidden, steps=args.steps, eval_every=args.eval_every, seed=args.seed)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    weights_path = args.out.with_suffix(".pt")
    results = {
        "command": shlex.join(["python", "-m", "tools.adding_experiment", *(argv if argv is not None else sys.argv[1:])]),
        "machine": machine(),
        "torch": torch.__version__,
        "threads": args.threads,
        "started": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
        "baseline_mse": BASELINE_MSE,
        "config": asdict(config),
        "lengths": args.lengths,
        "cells": args.cells,
        "runs": [],
    }
    lstm_weights = {}
    start = time.perf_counter()
    for T in args.lengths:
        for cell in args.cells:
            run_start = time.perf_counter()
            run = run_adding(cell, T, config)
            summary = run.summary() | {"seconds": round(time.perf_counter() - run_start, 1)}
            for key in ("val_mse", "grad_norms_init", "grad_norms_trained"):  # 4 significant digits
                summary[key] = [float(f"{v:.4g}") for v in summary[key]]
            results["runs"].append(summary)
            if cell == "lstm":
                lstm_weights[T] = run.model.state_dict()
                torch.save(lstm_weights, weights_path)
            results["wall_seconds"] = round(time.perf_counter() - start, 1)
            artefacts.write_json(args.out, results)
            print(f"T={T:4d} {cell:5s} test MSE {run.test_mse:.4f}  ({summary['seconds']:.0f} s)", flush=True)
    results["finished"] = time.strftime("%Y-%m-%d %H:%M:%S %Z")
    artefacts.write_json(args.out, results)
    print(f"wrote {args.out} and {weights_path} in {results['wall_seconds']:.0f} s", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
