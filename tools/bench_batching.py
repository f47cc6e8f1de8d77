"""Benchmark: one training epoch with naive padded batches vs length-bucketed, packed batches.

    python -m tools.bench_batching                    # VADER tweets, RNN/GRU/LSTM, 1 thread: the artefact
    python -m tools.bench_batching --cells lstm --threads 2 --epochs 5 --out /tmp/bench.json

For each recurrent cell it trains a SentimentRNN on the training split of VADER's tweets
(the chapter's data) and times whole epochs (forward, backward and Adam step on every batch)
under four schemes: random or length-bucketed batches, run over the padding or packed.
It prints the padding share of each scheme and the median epoch time, in wall-clock and in
CPU seconds of this process (CPU time is steadier on a machine shared with other work).
The embedding is random: timing does not depend on the vectors' values. The results go to
``lecture10/artefacts/sentiment-batching.json`` (read by :func:`lecture10.artefacts.sentiment_batching`),
with a manifest: command, machine, load before and after, torch version, threads, settings.
"""
from __future__ import annotations

import argparse
import os
import platform
import shlex
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import torch
from torch import nn

import lecture10
from lecture10 import artefacts
from lecture10.sentiment.batching import BucketBatchSampler, RandomBatchSampler, make_loader, padding_fraction
from lecture10.sentiment.dataset import vader_data
from lecture10.sentiment.model import SentimentRNN
from lecture10.vectors import WordVectors
from tools.adding_experiment import machine

SCHEMES = {  # name: (sampler type, packed)
    "random, padded (naive)": (RandomBatchSampler, False),
    "bucketed, padded": (BucketBatchSampler, False),
    "random, packed": (RandomBatchSampler, True),
    "bucketed, packed": (BucketBatchSampler, True),
}


def time_epochs(data, sampler_type, packed: bool, cell: str, epochs: int, batch_size: int,
                hidden: int) -> tuple[float, float]:
    """Median (wall, CPU) seconds of one training epoch, after one warm-up epoch."""
    torch.manual_seed(0)
    model = SentimentRNN(data.embeddings, hidden, cell=cell, packed=packed)
    optimizer = torch.optim.Adam([p for p in model.parameters() if p.requires_grad], lr=1e-3)
    loader = make_loader(data.encoded("train"), sampler_type(data.encoded("train").lengths, batch_size, seed=0))
    walls, cpus = [], []
    for epoch in range(epochs + 1):
        wall, cpu = time.perf_counter(), time.process_time()
        for tokens, lengths, labels in loader:
            optimizer.zero_grad()
            nn.functional.cross_entropy(model(tokens, lengths), labels).backward()
            optimizer.step()
        if epoch:  # the first epoch warms up allocators and caches
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cells", nargs="+", default=["rnn", "gru", "lstm"], choices=["rnn", "gru", "lstm"])
    parser.add_argument("--epochs", type=int, default=3, help="timed epochs per scheme (median reported)")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--hidden", type=int, default=64)
    parser.add_argument("--dim", type=int, default=50, help="embedding dimension")
    parser.add_argument("--threads", type=int, default=1, help="torch threads (the chapter uses 1)")
    parser.add_argument("--out", type=Path, default=artefacts.FOLDER / artefacts.SENTIMENT_BATCHING)
    args = parser.parse_args(argv)
    command = shlex.join(["python", "-m", "tools.bench_batching", *(argv if argv is not None else sys.argv[1:])])
    started, load = time.perf_counter(), os.getloadavg()
    lecture10.setup(seed=0, threads=args.threads, prefer_gpu=False)
    rng = np.random.default_rng(0)
    vectors = WordVectors(["<none-a>", "<none-b>"], rng.normal(size=(2, args.dim)), name="random")
    data = vader_data(vectors)
    lengths = data.encoded("train").lengths
    print(f"{platform.machine()}, {torch.get_num_threads()} torch thread(s), torch {torch.__version__}; "
          f"{len(lengths)} training tweets, {lengths.mean():.1f} tokens on average (max {lengths.max()}), "
          f"batch {args.batch_size}, hidden {args.hidden}, embedding dim {args.dim}")
    padding = {}
    for name, (sampler_type, packed) in SCHEMES.items():
        padding[name] = padding_fraction(sampler_type(lengths, args.batch_size, seed=0).batches(0), lengths)
        computed = 0.0 if packed else padding[name]
        print(f"  {name:24s} padding in the batches {100 * padding[name]:5.1f} %, computed on by the RNN {100 * computed:5.1f} %")
    seconds = {}
    for cell in args.cells:
        times = {name: time_epochs(data, s, p, cell, args.epochs, args.batch_size, args.hidden)
                 for name, (s, p) in SCHEMES.items()}
        seconds[cell] = {name: {"wall": wall, "cpu": cpu} for name, (wall, cpu) in times.items()}
        naive = times["random, padded (naive)"]
        print(f"{cell.upper()}: median epoch time (wall s / CPU s), speed-up over naive (wall / CPU)")
        for name, (wall, cpu) in times.items():
            print(f"  {name:24s} {wall:6.3f} / {cpu:6.3f}   x{naive[0] / wall:4.2f} / x{naive[1] / cpu:4.2f}")
    results = {"description": "Median seconds of one training epoch (forward, backward, Adam step) of a SentimentRNN "
                              "on VADER's training tweets, per cell and batching scheme, in wall-clock and in CPU "
                              "time of the process; padding: the share of the padded batches that is padding.",
               "naive": "random, padded (naive)", "padding": padding, "seconds": seconds,
               "manifest": {"command": command, "machine": machine(), "torch": torch.__version__,
                            "threads": torch.get_num_threads(), "timed_epochs": args.epochs,
                            "batch_size": args.batch_size, "hidden": args.hidden, "dim": args.dim,
                            "load_average_before": [round(x, 2) for x in load],
                            "load_average_after": [round(x, 2) for x in os.getloadavg()],
                            "seconds": round(time.perf_counter() - started, 1),
                            "finished": time.strftime("%Y-%m-%d %H:%M:%S %Z")}}
    artefacts.write_json(args.out, artefacts.round_floats(results, 4))
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
