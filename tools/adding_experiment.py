"""The full adding-problem experiment of the "Long-term dependencies" chapter.

Trains a tanh RNN, an IRNN, an LSTM and a GRU (`lecture10.adding.SequenceRegressor`, cells "rnn",
"irnn", "lstm", "gru") on the adding problem at several sequence lengths, with several seeds, with
the settings of `lecture10.adding.AddingConfig`, and writes:

* ``adding-results.json``: per run, the test MSE and marker weights, what was checked every
  ``eval_every`` steps (validation MSE, the prediction's least-squares weights on the first and the
  second marked value, the fraction of the gradient reaching step 1), and the gradient norms
  ||dL/ds(t)|| at initialisation and after training; plus the manifest (command, machine, load,
  time, hashes of the code that produced it);
* ``adding-predictions.npz``: every run's predictions on the shared test set (and its targets,
  marked values and marker positions), for paired comparisons on the same test sequences;
* ``adding-results.pt``: the trained LSTMs of the first seed, whose gates the chapter draws.

    python -m tools.adding_experiment                       # the committed results (one CPU core)
    python -m tools.adding_experiment --lengths 10 50 --seeds 0 --steps 1000 --out /tmp/small.json

Seeded: the same command gives the same numbers on the same machine and PyTorch version.
The files are rewritten after every run, so an interrupted experiment leaves its finished runs.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import platform
import shlex
import sys
import time
from dataclasses import asdict
from pathlib import Path

import numpy as np
import torch

import lecture10
from lecture10 import artefacts
from lecture10.adding import BASELINE_MSE, ONE_MARKER_MSE, AddingConfig, marked_values, run_adding
from lecture10.recurrent import CELLS

DEFAULT_OUT = artefacts.FOLDER / artefacts.ADDING_RESULTS
#: The code whose hashes the manifest records: what the numbers depend on.
CODE = ("lecture10/adding.py", "lecture10/recurrent.py", "lecture10/irnn.py", "lecture10/training.py",
        "tools/adding_experiment.py")


def machine() -> str:
    """A one-line description of where the experiment ran."""
    model = platform.processor()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        names = [line.split(":", 1)[1].strip() for line in cpuinfo.read_text().splitlines() if line.startswith("model name")]
        model = names[0] if names else model
    return f"{platform.machine()}, {os.cpu_count()} CPUs ({model or 'unknown CPU'}), {platform.system()}"


def code_hashes(root: Path = Path(__file__).resolve().parents[1]) -> dict[str, str]:
    """SHA-256 of each file in :data:`CODE`."""
    return {name: hashlib.sha256((root / name).read_bytes()).hexdigest() for name in CODE}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lengths", type=int, nargs="+", default=[10, 50, 100, 200], help="sequence lengths T")
    parser.add_argument("--cells", nargs="+", default=list(CELLS), choices=CELLS, help="recurrent layers to compare")
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2, 3, 4], help="seeds (init and batches)")
    parser.add_argument("--steps", type=int, default=AddingConfig.steps, help="training steps per model")
    parser.add_argument("--eval-every", type=int, default=AddingConfig.eval_every, help="steps between checks")
    parser.add_argument("--hidden", type=int, default=AddingConfig.hidden_size, help="hidden units")
    parser.add_argument("--threads", type=int, default=1, help="torch CPU threads (1: leave the other cores free)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="results JSON (.npz and .pt files go beside it)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    args = parse_args(argv)
    lecture10.setup(seed=0, threads=args.threads, prefer_gpu=False)  # threads, deterministic kernels
    configs = {seed: AddingConfig(hidden_size=args.hidden, steps=args.steps, eval_every=args.eval_every, seed=seed)
               for seed in args.seeds}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    weights_path = args.out.with_suffix(".pt")
    predictions_path = args.out.with_name(args.out.name.replace("results", "predictions")).with_suffix(".npz")
    results = {
        "command": shlex.join(["python", "-m", "tools.adding_experiment", *(argv if argv is not None else sys.argv[1:])]),
        "machine": machine(),
        "torch": torch.__version__,
        "threads": args.threads,
        "load_average_before": [round(x, 2) for x in os.getloadavg()],
        "started": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
        "code_sha256": code_hashes(),
        "baseline_mse": BASELINE_MSE,
        "one_marker_mse": ONE_MARKER_MSE,
        "config": {k: v for k, v in asdict(configs[args.seeds[0]]).items() if k != "seed"},
        "lengths": args.lengths,
        "cells": args.cells,
        "seeds": args.seeds,
        "runs": [],
    }
    shared = configs[args.seeds[0]]  # the held-out sets depend on data_seed only: the same for every seed
    arrays: dict[str, np.ndarray] = {}
    for T in args.lengths:
        test_x, test_y = shared.examples(shared.n_test, T, "test")
        arrays[f"target-T{T}"], arrays[f"marked-T{T}"] = test_y.numpy(), marked_values(test_x).numpy()
        arrays[f"positions-T{T}"] = (test_x[..., 1] > 0).nonzero()[:, 1].view(-1, 2).numpy() + 1  # steps 1..T
    lstm_weights = {}
    start = time.perf_counter()
    for seed in args.seeds:
        for T in args.lengths:
            for cell in args.cells:
                run_start = time.perf_counter()
                run = run_adding(cell, T, configs[seed])
                summary = run.summary() | {"seconds": round(time.perf_counter() - run_start, 1)}
                for key in ("val_mse", "weight_first", "weight_second", "grad_reach", "grad_norms_init",
                            "grad_norms_trained"):  # 4 significant digits
                    summary[key] = [float(f"{v:.4g}") for v in summary[key]]
                results["runs"].append(summary)
                arrays[f"{cell}-T{T}-seed{seed}"] = run.test_predictions.numpy()
                np.savez_compressed(predictions_path, **arrays)
                if cell == "lstm" and seed == args.seeds[0]:
                    lstm_weights[T] = run.model.state_dict()
                    torch.save(lstm_weights, weights_path)
                results["wall_seconds"] = round(time.perf_counter() - start, 1)
                artefacts.write_json(args.out, results)
                w1, w2 = run.test_weights
                print(f"seed {seed} T={T:4d} {cell:5s} test MSE {run.test_mse:.4f}  weights {w1:5.2f} {w2:5.2f}"
                      f"  ({summary['seconds']:.0f} s)", flush=True)
    results["finished"] = time.strftime("%Y-%m-%d %H:%M:%S %Z")
    results["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    artefacts.write_json(args.out, results)
    print(f"wrote {args.out}, {predictions_path} and {weights_path} in {results['wall_seconds']:.0f} s", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
