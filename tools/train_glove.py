"""Regenerate the book's shipped GloVe vectors with lecture10's own counting and trainer.

    apt-get update                                        # once (Debian packages of the corpus)
    python tools/corpus/build.py --out .cache/corpus      # the corpus: ~2 min, never committed
    python tools/train_glove.py --corpus .cache/corpus    # count + train + evaluate + write

Steps: read the corpus; vocabulary (words seen >= 5 times); co-occurrence counts (symmetric
window of 10, weight 1/d); :func:`lecture10.glove.train.train_glove` with the
hyper-parameters below; evaluation (:func:`lecture10.glove.evaluate.evaluate`). Writes into
``lecture10/artefacts/`` (or ``--out``):

* ``glove-book-100d.npz``: the ``--keep`` most frequent words, their vectors W + W~ in
  float16 and their corpus counts;
* ``glove-book-100d.json``: the manifest -- corpus manifest hash and sources, every
  hyper-parameter, the timings and machine load, and the scores of the shipped file;
* ``glove-cooccurrence-probes.json``: the co-occurrence counts of the chapter's
  ice/steam table (``--probe-targets`` x ``--probe-contexts``), weighted and unweighted, and
  the occurrences of a few words per corpus source (``--probes-only`` rewrites just this file).

Training takes most of the time: about 25 epochs x 15-60 s on 2 cores, depending on
the load of the machine (``--workers 2`` runs two lock-free worker processes).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import resource
import sys
import time
from collections import Counter
from pathlib import Path

import torch

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lecture10.glove.cooccurrence import (build_vocabulary, context_counts,  # noqa: E402
                                          cooccurrence_counts, encode)
from lecture10.glove.corpus import read_corpus  # noqa: E402
from lecture10.glove.evaluate import evaluate  # noqa: E402
from lecture10.glove.train import GloVeConfig, train_glove  # noqa: E402
from lecture10.glove.vectors import WordVectors  # noqa: E402

ARTEFACTS = ROOT / "lecture10" / "artefacts"
#: The hyper-parameters of the shipped vectors (x_max 10, not the paper's 100: better on a
#: corpus of ~10M tokens, see FINDINGS and the manifest).
SHIPPED = dict(dim=100, epochs=25, x_max=10.0, alpha=0.75, learning_rate=0.05, batch_size=4096,
               seed=0, accumulators="rowwise")


class Clock:
    """Wall and CPU seconds of the steps of a run."""

    def __init__(self) -> None:
        self.steps: dict[str, dict[str, float]] = {}

    def time(self, name: str):
        clock = self

        class _Step:
            def __enter__(self):
                self.wall, self.cpu = time.perf_counter(), time.process_time()
                print(f"{name} ...", file=sys.stderr, flush=True)

            def __exit__(self, *exc):
                clock.steps[name] = {"wall_s": round(time.perf_counter() - self.wall, 2),
                                     "cpu_s": round(time.process_time() - self.cpu, 2)}
                print(f"  {name}: {clock.steps[name]}", file=sys.stderr, flush=True)

        return _Step()


def peak_memory_mb() -> float:
    """Peak resident memory of this process and of its finished children, in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(max(own, children) / 1024, 1)


def add_pipeline_arguments(parser: argparse.ArgumentParser) -> None:
    """The options shared with tools/bench_glove.py: corpus, counting, hyper-parameters, workers."""
    parser.add_argument("--corpus", type=Path, default=ROOT / ".cache" / "corpus")
    parser.add_argument("--sources", nargs="*", default=None, help="corpus sources to use (default all)")
    parser.add_argument("--min-count", type=int, default=5)
    parser.add_argument("--window", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2, help="training processes (default 2)")
    parser.add_argument("--device", default=None, help="torch device (default: cuda if available, else cpu)")
    for key, value in SHIPPED.items():
        parser.add_argument(f"--{key.replace('_', '-')}", type=type(value), default=value)


def training_setup(args: argparse.Namespace) -> tuple[GloVeConfig, torch.device, int]:
    """The configuration, device and number of worker processes the options ask for."""
    config = GloVeConfig(**{k: getattr(args, k) for k in SHIPPED})
    device = torch.device(args.device or ("cuda" if torch.cuda.is_available() else "cpu"))
    workers = args.workers if device.type == "cpu" else 1
    torch.set_num_threads(1 if workers > 1 else 2)
    return config, device, workers


def count(documents: list[list[str]], min_count: int, window: int, clock: Clock):
    """Vocabulary, token ids and co-occurrence matrix of the corpus, timed."""
    with clock.time("vocabulary"):
        vocabulary = build_vocabulary(documents, min_count=min_count)
    with clock.time("encode"):
        ids, doc = encode(documents, vocabulary)
    with clock.time("cooccurrence"):
        cooccurrence = cooccurrence_counts(ids, doc, len(vocabulary), window=window)
    return vocabulary, ids, doc, cooccurrence


def probes(vocabulary, ids, doc, targets: list[str], contexts: list[str], window: int) -> dict:
    """The co-occurrence counts of the chapter's table: X_ik and X_i, weighted by 1/d and not."""
    out = {"window": window, "targets": {}, "word_counts": {}}
    for word in targets + contexts:
        out["word_counts"][word] = vocabulary.count(word) if word in vocabulary else 0
    for target in targets:
        entry = {}
        for label, weighted in (("weighted", True), ("unweighted", False)):
            row = context_counts(ids, doc, len(vocabulary), vocabulary.index(target), window=window,
                                 distance_weighting=weighted)
            entry[label] = {"row_sum": float(row.sum()),
                            "contexts": {k: float(row[vocabulary.index(k)]) if k in vocabulary else 0.0
                                         for k in contexts}}
        out["targets"][target] = entry
    return out


def source_counts(folder: Path, corpus: dict, words: list[str]) -> dict[str, dict[str, int]]:
    """How often each word occurs in each source of the corpus."""
    wanted = set(words)
    out: dict[str, dict[str, int]] = {w: {} for w in words}
    for entry in corpus["sources"]:
        found: Counter[str] = Counter()
        with open(folder / entry["file"], encoding="utf-8") as handle:
            for line in handle:
                found.update(t for t in line.split() if t in wanted)
        for word in words:
            out[word][entry["name"]] = found[word]
    return out


def write_probes(path: Path, probe_counts: dict, corpus: dict, command: str) -> None:
    """Write the chapter's co-occurrence counts with their provenance."""
    probe_counts.update(description="Co-occurrence counts X_ik within +-window words (one document) in the "
                                    "book's corpus: 'weighted' adds 1/d as GloVe does, 'unweighted' adds 1. "
                                    "P(k|i) = X_ik / row_sum. source_counts: occurrences per corpus source.",
                        corpus_manifest_sha256=corpus["sha256"], command=command)
    path.write_text(json.dumps(probe_counts, indent=1) + "\n")


def rounded(scores: dict) -> dict:
    """Scores with floats rounded to 4 decimals (JSON-friendly, stable)."""
    return {k: rounded(v) if isinstance(v, dict) else round(v, 4) if isinstance(v, float) else v
            for k, v in scores.items()}


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_pipeline_arguments(parser)
    parser.add_argument("--out", type=Path, default=ARTEFACTS, help="where to write (default lecture10/artefacts)")
    parser.add_argument("--name", default="glove-book-100d", help="file name stem of the vectors and manifest")
    parser.add_argument("--keep", type=int, default=30_000, help="most frequent words shipped (default 30,000)")
    parser.add_argument("--probe-targets", nargs="*", default=["ice", "steam"])
    parser.add_argument("--probe-contexts", nargs="*", default=["solid", "gas", "water", "fashion"])
    parser.add_argument("--source-count-words", nargs="*", default=["cat", "dog", "kitten", "puppy"])
    parser.add_argument("--probes-only", action="store_true",
                        help="only recompute glove-cooccurrence-probes.json (no training)")
    args = parser.parse_args(argv)
    config, device, workers = training_setup(args)
    clock = Clock()
    load_before = os.getloadavg()
    with clock.time("read corpus"):
        documents, corpus = read_corpus(args.corpus, args.sources)
    tokens = sum(map(len, documents))
    vocabulary, ids, doc, cooccurrence = count(documents, args.min_count, args.window, clock)
    probe_counts = probes(vocabulary, ids, doc, args.probe_targets, args.probe_contexts, args.window)
    probe_counts["source_counts"] = source_counts(args.corpus, corpus, args.source_count_words)
    command = "python tools/train_glove.py " + " ".join(argv if argv is not None else sys.argv[1:])
    if args.probes_only:
        args.out.mkdir(parents=True, exist_ok=True)
        write_probes(args.out / "glove-cooccurrence-probes.json", probe_counts, corpus, command)
        return 0
    del documents, ids, doc
    with clock.time("train"):
        result = train_glove(cooccurrence, config, device=device, workers=workers,
                             callback=lambda e, loss: print(f"    epoch {e:2d}: loss {loss:.5f}",
                                                            file=sys.stderr, flush=True))
    load_after = os.getloadavg()
    counts = vocabulary.counts
    full = WordVectors(vocabulary.words, result.vectors, counts, name="full vocabulary")
    args.out.mkdir(parents=True, exist_ok=True)
    vectors_path = args.out / f"{args.name}.npz"
    full.restrict(min(args.keep, len(full))).save(vectors_path)
    shipped = WordVectors.load(vectors_path)
    with clock.time("evaluate"):
        scores = rounded(evaluate(shipped))
        scores_full = rounded(evaluate(full))
    manifest = {
        "description": "The book's own GloVe vectors: W + W~ of lecture10.glove.train_glove, trained on "
                       "the registry-package corpus of tools/corpus/build.py; the most frequent words.",
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
        "training": {"implementation": "lecture10.glove.train.train_glove", "device": str(device),
                     "workers": workers, "torch": torch.__version__, "epoch_losses": [round(x, 5) for x in result.losses],
                     "epoch_seconds": [round(x, 1) for x in result.seconds]},
        "timings": clock.steps,
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "peak_memory_mb": peak_memory_mb(),
                    "load_average_before": [round(x, 2) for x in load_before],
                    "load_average_after": [round(x, 2) for x in load_after]},
        "scores": scores,
        "scores_full_vocabulary": scores_full,
        "evaluation": "lecture10.glove.evaluate.evaluate: questions-words restricted to the 30,000 most "
                      "frequent words; Spearman rho on WordSim-353 and SimLex-999; queen_rank = rank of "
                      "'queen' for king - man + woman, input words excluded",
    }
    (args.out / f"{args.name}.json").write_text(json.dumps(manifest, indent=1) + "\n")
    write_probes(args.out / "glove-cooccurrence-probes.json", probe_counts, corpus, command)
    print(json.dumps({"scores": scores, "timings": clock.steps}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
