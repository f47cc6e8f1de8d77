"""Regenerate the book's shipped GloVe vectors with lecture10's own counting and trainer.

    apt-get update                                         # once (Debian packages of the corpus)
    python -m tools.corpus.build --out .cache/corpus       # the corpus: ~2 min, never committed
    python -m tools.train_glove --corpus .cache/corpus     # count + train + evaluate + write

The steps are the functions the chapters call: :func:`lecture10.glove.pipeline.count_corpus_folder`
(:func:`~lecture10.glove.pipeline.count_corpus` streamed from the corpus folder: words seen >= 5
times, symmetric window of 10, weight 1/d), the element-wise AdaGrad of the paper with the
hyper-parameters of :data:`tools.glove_cli.SHIPPED` -- by :func:`lecture10.glove.fast.train_glove_fast`
(numba, the default where installed) or :func:`lecture10.glove.train.train_glove` (torch,
``--trainer torch``) -- and :func:`lecture10.glove.benchmarks.intrinsic_scores`. One run, seed 0:
the shipped vectors are not picked among several (``python -m tools.glove_runs`` trains the others).
Writes into ``lecture10/artefacts/`` (or ``--out``), with :func:`lecture10.artefacts.write_json`:

* ``glove-book-100d.npz``: the ``--keep`` most frequent words, their vectors W + W~ in
  float16 and their corpus counts;
* ``glove-book-100d.json``: the manifest -- corpus manifest hash and sources, every
  hyper-parameter, the timings and machine load, and the scores of the shipped file;
* ``glove-cooccurrence-probes.json``: the co-occurrence counts of the chapter's
  ice/steam table (``--probe-targets`` x ``--probe-contexts``), weighted and unweighted, and
  the occurrences of a few words per corpus source (``--probes-only`` rewrites just this file).

Training takes most of the time: with the fast trainer on 2 cores (``--workers 2``: two lock-free
threads) 25 epochs of 5.6-9.4 s (median 6.9 s) at load average 6-8, 187 s with the layout and
compilation; counting takes 43 s. The manifest records the times, the peak memory and the load.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import sys
from pathlib import Path

from lecture10 import artefacts
from lecture10.glove.benchmarks import intrinsic_scores
from lecture10.glove.corpus import source_word_counts
from lecture10.glove.pipeline import StepClock, cooccurrence_probes, count_corpus_folder
from lecture10.glove.config import GloVeConfig
from lecture10.vectors import WordVectors
from tools.glove_cli import SHIPPED, add_pipeline_arguments, load_average, peak_memory_mb, reset_peak_memory, train


def write_probes(path: Path, probe_counts: dict, corpus: dict, command: str) -> None:
    """Write the chapter's co-occurrence counts with their provenance."""
    probe_counts.update(description="Co-occurrence counts X_ik within +-window words (one document) in the "
                                    "book's corpus: 'weighted' adds 1/d as GloVe does, 'unweighted' adds 1. "
                                    "P(k|i) = X_ik / row_sum. source_counts: occurrences per corpus source.",
                        corpus_manifest_sha256=corpus["sha256"], command=command)
    artefacts.write_json(path, probe_counts)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_pipeline_arguments(parser)
    parser.add_argument("--out", type=Path, default=artefacts.FOLDER, help="where to write (default lecture10/artefacts)")
    parser.add_argument("--name", default="glove-book-100d", help="file name stem of the vectors and manifest")
    parser.add_argument("--keep", type=int, default=30_000, help="most frequent words shipped (default 30,000)")
    parser.add_argument("--probe-targets", nargs="*", default=["ice", "steam"])
    parser.add_argument("--probe-contexts", nargs="*", default=["solid", "gas", "water", "fashion"])
    parser.add_argument("--source-count-words", nargs="*", default=["cat", "dog", "kitten", "puppy"])
    parser.add_argument("--probes-only", action="store_true",
                        help="only recompute glove-cooccurrence-probes.json (no training)")
    args = parser.parse_args(argv)
    config = GloVeConfig(**{k: getattr(args, k) for k in SHIPPED})
    clock = StepClock(verbose=True)
    load_before = load_average()
    reset_peak_memory()
    counts, corpus = count_corpus_folder(args.corpus, args.sources, args.min_count, args.window, clock=clock)
    tokens = corpus["tokens"]
    probe_counts = cooccurrence_probes(counts, args.probe_targets, args.probe_contexts)
    probe_counts["source_counts"] = source_word_counts(args.corpus, corpus, args.source_count_words)
    counting_peak = peak_memory_mb()
    command = "python -m tools.train_glove " + " ".join(argv if argv is not None else sys.argv[1:])
    args.out.mkdir(parents=True, exist_ok=True)
    if args.probes_only:
        write_probes(args.out / artefacts.COOCCURRENCE_PROBES, probe_counts, corpus, command)
        return 0
    vocabulary, cooccurrence = counts.vocabulary, counts.cooccurrence
    del counts
    reset_peak_memory()
    with clock.time("train"):
        result = train(cooccurrence, args, config)
    training_peak = peak_memory_mb()
    load_after = load_average()
    full = WordVectors(vocabulary.words, result.vectors, vocabulary.counts, name="full vocabulary")
    vectors_path = args.out / f"{args.name}.npz"
    full.restrict(min(args.keep, len(full))).save(vectors_path)
    shipped = WordVectors.load(vectors_path)
    with clock.time("evaluate"):
        scores = artefacts.round_floats(intrinsic_scores(shipped))
    scores_full = artefacts.round_floats(intrinsic_scores(full))
    manifest = {
        "description": "The book's own GloVe vectors: W + W~ of one training run (seed 0, no selection among "
                       "runs) on the registry-package corpus of tools/corpus/build.py; the most frequent words.",
        "command": command,
        "artefact": {"file": vectors_path.name, "sha256": hashlib.sha256(vectors_path.read_bytes()).hexdigest(),
                     "bytes": vectors_path.stat().st_size, "words": len(shipped), "dtype": "float16"},
        "corpus": {"manifest_sha256": corpus["sha256"], "tokens": tokens, "sources_used": args.sources or "all",
                   "sources": [{k: s[k] for k in ("name", "tokens", "file_sha256", "packages")}
                               for s in corpus["sources"]],
                   "tokenizer": corpus["tokenizer"]},
        "counting": {"min_count": args.min_count, "vocabulary": len(vocabulary), "window": args.window,
                     "symmetric": True, "distance_weighting": "1/d", "nonzero_pairs": len(cooccurrence)},
        "config": config.to_dict(),
        "training": {**result.description, "epoch_losses": [round(x, 5) for x in result.losses],
                     "epoch_seconds": [round(x, 1) for x in result.seconds]},
        "timings": clock.steps,
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(),
                    "peak_memory_mb": {"counting": counting_peak, "training": training_peak},
                    "load_average_before": load_before, "load_average_after": load_after},
        "scores": scores,
        "scores_full_vocabulary": scores_full,
        "evaluation": "lecture10.glove.benchmarks.intrinsic_scores: questions-words restricted to the 30,000 most "
                      "frequent words; Spearman rho on WordSim-353 and SimLex-999; queen_rank = rank of "
                      "'queen' for king - man + woman, input words excluded",
    }
    artefacts.write_json(args.out / f"{args.name}.json", manifest)
    write_probes(args.out / artefacts.COOCCURRENCE_PROBES, probe_counts, corpus, command)
    print(json.dumps({"scores": scores, "timings": clock.steps}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
