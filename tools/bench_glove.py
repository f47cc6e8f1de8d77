"""Benchmark lecture10's GloVe pipeline on the full corpus: counting, every epoch, memory, quality.

    python -m tools.bench_glove --corpus .cache/corpus            # the shipped settings
    python -m tools.bench_glove --epochs 3 --workers 1            # a quicker look

The same functions as ``tools.train_glove`` (and the chapters): read the corpus, count it,
train, score. Prints (and with ``--json FILE`` writes) tokens, tokens/s of counting, vocabulary,
non-zero pairs, seconds per step and per epoch (wall and CPU), peak memory, the final loss, the
evaluation scores, and the machine's load average before and after: the machine may be
shared, and the load says how much of it the run had. Nothing is written to the package.

For comparison, Stanford's C reference (2 threads) on a corpus of this kind took about
10 s to count and 505 s for 25 epochs at 100 dimensions.
"""
from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

from lecture10.artefacts import round_floats
from lecture10.glove.benchmarks import intrinsic_scores
from lecture10.glove.corpus import read_corpus
from lecture10.glove.pipeline import StepClock, count_corpus
from lecture10.glove.train import train_glove
from lecture10.vectors import WordVectors
from tools.glove_cli import add_pipeline_arguments, load_average, peak_memory_mb, print_epoch, training_setup


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_pipeline_arguments(parser)
    parser.add_argument("--json", type=Path, default=None, help="also write the report to this file")
    args = parser.parse_args(argv)
    config, device, workers = training_setup(args)
    load_before = load_average()
    clock = StepClock(verbose=True)
    start = time.perf_counter()
    with clock.time("read corpus"):
        documents, corpus = read_corpus(args.corpus, args.sources)
    tokens = sum(map(len, documents))
    counts = count_corpus(documents, args.min_count, args.window, clock=clock)
    vocabulary, cooccurrence = counts.vocabulary, counts.cooccurrence
    del documents, counts
    counting = sum(clock.steps[s]["wall_s"] for s in ("vocabulary", "encode", "cooccurrence"))
    with clock.time("train"):
        result = train_glove(cooccurrence, config, device=device, workers=workers, callback=print_epoch)
    total = time.perf_counter() - start
    vectors = WordVectors(vocabulary.words, result.vectors, vocabulary.counts, name="benchmark")
    with clock.time("evaluate"):
        scores = round_floats(intrinsic_scores(vectors))
    report = {
        "corpus_manifest_sha256": corpus["sha256"],
        "tokens": tokens,
        "vocabulary": len(vocabulary),
        "nonzero_pairs": len(cooccurrence),
        "counting_wall_s": round(counting, 2),
        "counting_tokens_per_s": round(tokens / counting),
        "steps": clock.steps,
        "epoch_wall_s": [round(s, 1) for s in result.seconds],
        "mean_epoch_wall_s": round(sum(result.seconds) / len(result.seconds), 1),
        "pairs_per_s": round(len(cooccurrence) * len(result.seconds) / sum(result.seconds)),
        "count_plus_train_wall_s": round(counting + sum(result.seconds), 1),
        "total_wall_s": round(total, 1),
        "final_loss": round(result.losses[-1], 5),
        "peak_memory_mb": peak_memory_mb(),
        "config": config.to_dict(),
        "workers": workers,
        "device": str(device),
        "cpus": os.cpu_count(),
        "load_average_before": load_before,
        "load_average_after": load_average(),
        "scores_full_vocabulary": scores,
    }
    text = json.dumps(report, indent=1)
    print(text)
    if args.json:
        args.json.write_text(text + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
