"""Benchmark the book's GloVe pipeline against Stanford's C reference on the same corpus and machine.

    python -m tools.bench_glove --corpus .cache/corpus                          # the book's side only
    python -m tools.bench_glove --c-build ~/GloVe/build                         # both, one after the other
    python -m tools.bench_glove --c-build ~/GloVe/build --write-reference      # ... and store the comparison
    python -m tools.bench_glove --epochs 3 --workers 1                          # a quicker look

The book's side is what ``tools.train_glove`` runs (count the corpus folder, train, score with
:func:`lecture10.glove.benchmarks.intrinsic_scores`), with its hyper-parameters and trainer options.
``--c-build`` points at a folder holding a user's own build of Stanford's GloVe (``vocab_count``,
``cooccur``, ``shuffle``, ``glove``, e.g. ``make`` in a clone of the stanfordnlp/GloVe repository;
the project neither ships nor downloads it). Its steps then run first, in a temporary folder, on the
corpus's text files concatenated in manifest order -- the token stream the book counts -- with the
same settings (min count, window, dimensions, epochs, x_max, alpha, learning rate, threads), and its
``vectors.txt`` is scored by the same function.

Prints a table -- counting seconds, seconds per epoch, all epochs, peak resident memory of counting
and of training, WS-353, SimLex-999, analogy accuracy -- with the ratios book / C, and the machine's
load average before and after each side: the machine may be shared, and the load says how much of it
a run had. ``--json FILE`` writes the whole report; ``--write-reference`` writes it to the package as
``lecture10/artefacts/glove-c-reference.json`` (read by :func:`lecture10.artefacts.glove_c_reference`).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

from lecture10 import artefacts
from lecture10.glove.benchmarks import intrinsic_scores
from lecture10.glove.pipeline import StepClock, count_corpus_folder
from lecture10.glove.config import GloVeConfig
from lecture10.vectors import WordVectors
from tools.glove_cli import SHIPPED, add_pipeline_arguments, load_average, peak_memory_mb, reset_peak_memory, train

C_PROGRAMS = ("vocab_count", "cooccur", "shuffle", "glove")


def _high_water_mb(pid: int) -> float | None:
    """The peak resident memory (VmHWM) of a running process, in MB; None once it is gone (or off Linux)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    return next((int(line.split()[1]) / 1024 for line in status.splitlines() if line.startswith("VmHWM:")), None)


def run_step(command: list[str], stdin: Path | None = None, stdout: Path | None = None,
             cwd: Path | None = None) -> dict:
    """Run one program; its wall seconds, peak resident memory (MB) and the time of each stderr line.

    The peak is the program's own high-water mark, read from /proc while it runs: the operating
    system's ru_maxrss of a child also counts the Python process it was forked from.
    """
    start = time.perf_counter()
    peaks: list[float] = []
    with open(stdin or os.devnull, "rb") as fin, open(stdout or os.devnull, "wb") as fout:
        process = subprocess.Popen(command, stdin=fin, stdout=fout, stderr=subprocess.PIPE, cwd=cwd)
        done = threading.Event()

        def watch() -> None:
            while not done.wait(0.05):
                peak = _high_water_mb(process.pid)
                if peak is not None:
                    peaks.append(peak)

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        lines = [(time.perf_counter() - start, line.decode(errors="replace").rstrip())
                 for line in process.stderr]
        _, status, usage = os.wait4(process.pid, 0)
        done.set()
        watcher.join()
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        tail = "\n".join(text for _, text in lines[-5:])
        raise RuntimeError(f"{Path(command[0]).name} failed ({os.waitstatus_to_exitcode(status)}):\n{tail}")
    peak = max(peaks) if peaks else usage.ru_maxrss / 1024
    return {"wall_s": round(wall, 2), "peak_memory_mb": round(peak, 1), "stderr": lines}


def read_c_vectors(path: Path, vocab_file: Path) -> WordVectors:
    """The text vectors of ``glove -model 2`` (W + W~, the <unk> line dropped) with the vocabulary's counts."""
    words, rows = [], []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            word, *values = line.rstrip("\n").split(" ")
            if word != "<unk>":
                words.append(word)
                rows.append(np.array(values, dtype=np.float32))
    counts = [int(line.split()[1]) for line in vocab_file.read_text(encoding="utf-8").splitlines()]
    return WordVectors(words, np.stack(rows), np.array(counts[:len(words)]), name="Stanford C reference")


def c_side(build: Path, corpus: dict, folder: Path, config: GloVeConfig, args: argparse.Namespace) -> dict:
    """Run Stanford's four programs on the corpus with the book's settings; time, memory and scores."""
    missing = [p for p in C_PROGRAMS if not (build / p).is_file()]
    if missing:
        raise FileNotFoundError(f"{build} lacks {missing}: point --c-build at the folder where Stanford's "
                                "GloVe `make` put vocab_count, cooccur, shuffle and glove")
    load_before = load_average()
    with tempfile.TemporaryDirectory(prefix="glove-c-") as scratch:
        work = Path(scratch)
        text = work / "corpus.txt"
        with open(text, "wb") as out:
            for source in corpus["sources"]:
                if args.sources is None or source["name"] in args.sources:
                    with open(folder / source["file"], "rb") as part:
                        shutil.copyfileobj(part, out)
        steps = {
            "vocab_count": run_step([str(build / "vocab_count"), "-min-count", str(args.min_count), "-verbose", "0"],
                                    text, work / "vocab.txt"),
            "cooccur": run_step([str(build / "cooccur"), "-memory", str(args.c_memory), "-vocab-file", "vocab.txt",
                                 "-verbose", "0", "-symmetric", "1", "-window-size", str(args.window),
                                 "-overflow-file", "overflow"], text, work / "cooccurrence.bin", cwd=work),
            "shuffle": run_step([str(build / "shuffle"), "-memory", str(args.c_memory), "-verbose", "0",
                                 "-seed", str(config.seed + 1), "-temp-file", "temp_shuffle"],
                                work / "cooccurrence.bin", work / "cooccurrence.shuf.bin", cwd=work),
        }
        (work / "cooccurrence.bin").unlink()
        glove = run_step([str(build / "glove"), "-save-file", "vectors", "-threads", str(args.workers),
                          "-input-file", "cooccurrence.shuf.bin", "-x-max", str(config.x_max),
                          "-iter", str(config.epochs), "-vector-size", str(config.dim), "-binary", "0",
                          "-model", "2", "-vocab-file", "vocab.txt", "-verbose", "2",
                          "-eta", str(config.learning_rate), "-alpha", str(config.alpha),
                          "-seed", str(config.seed + 1)], cwd=work)
        steps["glove"] = glove
        pairs = (work / "cooccurrence.shuf.bin").stat().st_size // 16
        vocabulary = sum(1 for _ in open(work / "vocab.txt", encoding="utf-8"))
        vectors = read_c_vectors(work / "vectors.txt", work / "vocab.txt")
    load_after = load_average()
    iterations = [(t, text) for t, text in glove["stderr"] if "iter:" in text]
    if len(iterations) != config.epochs:
        raise RuntimeError(f"expected {config.epochs} 'iter:' lines from glove, got {len(iterations)}")
    epoch_s = np.diff([0.0] + [t for t, _ in iterations])
    epoch_s[0] -= next(t for t, text in glove["stderr"] if text.startswith("vocab size"))  # not the set-up
    for step in steps.values():
        del step["stderr"]
    return {
        "implementation": "Stanford GloVe C reference (the user's build, --c-build)",
        "vocabulary": vocabulary, "nonzero_pairs": pairs,
        "steps": steps,
        "counting_wall_s": round(sum(steps[s]["wall_s"] for s in ("vocab_count", "cooccur", "shuffle")), 2),
        "epoch_wall_s": [round(float(s), 1) for s in epoch_s],
        "training_wall_s": round(float(epoch_s.sum()), 1),
        "peak_memory_mb": {"counting": max(steps[s]["peak_memory_mb"] for s in ("vocab_count", "cooccur", "shuffle")),
                           "training": steps["glove"]["peak_memory_mb"]},
        "threads": args.workers, "precision": "float64",
        "load_average_before": load_before, "load_average_after": load_after,
        "scores": artefacts.round_floats(intrinsic_scores(vectors)),
    }


def book_side(args: argparse.Namespace, config: GloVeConfig) -> tuple[dict, dict]:
    """The book's pipeline as ``tools.train_glove`` runs it; time, memory and scores (and the corpus manifest)."""
    load_before = load_average()
    clock = StepClock(verbose=True)
    reset_peak_memory()
    counts, corpus = count_corpus_folder(args.corpus, args.sources, args.min_count, args.window, clock=clock)
    # Not the finished children: after --c-build they are Stanford's programs (measured on their side).
    counting_peak = peak_memory_mb(children=False)
    vocabulary, cooccurrence = counts.vocabulary, counts.cooccurrence
    del counts
    reset_peak_memory()
    with clock.time("train"):
        result = train(cooccurrence, args, config)
    training_peak = peak_memory_mb(children=args.trainer == "torch")  # torch's workers are processes
    load_after = load_average()
    vectors = WordVectors(vocabulary.words, result.vectors, vocabulary.counts, name="lecture10")
    with clock.time("evaluate"):
        scores = artefacts.round_floats(intrinsic_scores(vectors))
    seconds = result.seconds
    return {
        **result.description,
        "vocabulary": len(vocabulary), "nonzero_pairs": len(cooccurrence),
        "steps": clock.steps,
        "counting_wall_s": round(sum(clock.steps[s]["wall_s"] for s in ("vocabulary", "encode", "cooccurrence")), 2),
        "epoch_wall_s": [round(s, 1) for s in seconds],
        "training_wall_s": round(sum(seconds), 1),
        "final_loss": round(result.losses[-1], 5),
        "peak_memory_mb": {"counting": counting_peak, "training": training_peak},
        "load_average_before": load_before, "load_average_after": load_after,
        "scores": scores,
    }, corpus


def ratios(book: dict, c: dict) -> dict:
    """Book / C for the times and memory (below 1: the book is faster or smaller)."""
    def median(side: dict) -> float:
        return statistics.median(side["epoch_wall_s"])

    return {"counting": round(book["counting_wall_s"] / c["counting_wall_s"], 2),
            "median_epoch": round(median(book) / median(c), 2),
            "training": round(book["training_wall_s"] / c["training_wall_s"], 2),
            "peak_memory": round(max(book["peak_memory_mb"].values()) / max(c["peak_memory_mb"].values()), 2)}


def table(report: dict) -> str:
    """The comparison as a Markdown table."""
    trainer = "fast" if report["book"]["implementation"].endswith("fast") else "torch"
    sides = [("Stanford C", report.get("c")), (f"lecture10, {trainer} trainer", report["book"])]
    sides = [(name, side) for name, side in sides if side is not None]

    def row(label: str, cell) -> str:
        cells = [cell(side) for _, side in sides]
        if "ratios" in report and label in RATIO_ROWS:
            cells.append(f"{report['ratios'][RATIO_ROWS[label]]:.2f}")
        elif "ratios" in report:
            cells.append("")
        return f"| {label} | " + " | ".join(cells) + " |"

    header = "| | " + " | ".join(name for name, _ in sides) + (" | book / C |" if "ratios" in report else " |")
    lines = [header, "|---" * (len(sides) + 1 + ("ratios" in report)) + "|",
             row("counting (s)", lambda s: f"{s['counting_wall_s']:.1f}"),
             row("s/epoch (median)", lambda s: f"{statistics.median(s['epoch_wall_s']):.1f}"),
             row(f"{len(report['book']['epoch_wall_s'])} epochs (s)", lambda s: f"{s['training_wall_s']:.1f}"),
             row("peak memory, counting / training (MB)",
                 lambda s: f"{s['peak_memory_mb']['counting']:.0f} / {s['peak_memory_mb']['training']:.0f}"),
             row("WS-353 / SimLex / analogy",
                 lambda s: f"{s['scores']['wordsim353']['spearman']:.3f} / {s['scores']['simlex999']['spearman']:.3f}"
                           f" / {100 * s['scores']['analogy']['accuracy']:.1f} %"),
             row("load average before -> after",
                 lambda s: f"{s['load_average_before'][0]:.2f} -> {s['load_average_after'][0]:.2f}")]
    return "\n".join(lines)


RATIO_ROWS = {"counting (s)": "counting", "s/epoch (median)": "median_epoch", "peak memory, counting / training (MB)":
              "peak_memory"}


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_pipeline_arguments(parser)
    parser.add_argument("--c-build", type=Path, default=None,
                        help="folder with a built Stanford GloVe (vocab_count, cooccur, shuffle, glove)")
    parser.add_argument("--c-memory", type=float, default=4.0, help="the C programs' -memory (GB; default 4.0)")
    parser.add_argument("--c-from", type=Path, default=None,
                        help="take the C side from the JSON report of an earlier run (--json) instead of running it")
    parser.add_argument("--json", type=Path, default=None, help="also write the report to this file")
    parser.add_argument("--write-reference", action="store_true",
                        help=f"write the report to lecture10/artefacts/{artefacts.GLOVE_C_REFERENCE} (needs --c-build)")
    args = parser.parse_args(argv)
    if args.write_reference and args.c_build is None and args.c_from is None:
        parser.error("--write-reference stores the C reference's row: give --c-build (or --c-from)")
    config = GloVeConfig(**{k: getattr(args, k) for k in SHIPPED})
    report: dict = {"description": "Stanford's GloVe C code and the book's pipeline on the same corpus, machine and "
                                   "settings, run one after the other by tools/bench_glove.py",
                    "command": "python -m tools.bench_glove " + " ".join(argv if argv is not None else sys.argv[1:]),
                    "config": config.to_dict(), "min_count": args.min_count, "window": args.window,
                    "machine": {"cpus": os.cpu_count(), "platform": platform.platform()}}
    if args.c_build is not None:
        from lecture10.glove.corpus import corpus_files

        _, corpus = corpus_files(args.corpus, args.sources)
        print("Stanford C reference ...", file=sys.stderr, flush=True)
        report["c"] = c_side(args.c_build, corpus, args.corpus, config, args)
    elif args.c_from is not None:
        earlier = json.loads(args.c_from.read_text())
        if earlier["config"] != config.to_dict():
            parser.error(f"{args.c_from} was measured with another configuration: {earlier['config']}")
        report["c"] = {**earlier["c"], "measured_by": earlier["command"]}
    report["book"], corpus = book_side(args, config)
    report["corpus"] = {"manifest_sha256": corpus["sha256"], "tokens": corpus["tokens"],
                        "sources_used": args.sources or "all"}
    if "c" in report:
        report["ratios"] = ratios(report["book"], report["c"])
        if (report["c"]["vocabulary"], report["c"]["nonzero_pairs"]) != (report["book"]["vocabulary"],
                                                                          report["book"]["nonzero_pairs"]):
            report["warning"] = "the two pipelines counted different vocabularies or pairs"
    report["table"] = table(report)
    print(report["table"])
    text = json.dumps(report, indent=1)
    if args.json:
        args.json.write_text(text + "\n")
    if args.write_reference:
        artefacts.write_json(artefacts.FOLDER / artefacts.GLOVE_C_REFERENCE, report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
