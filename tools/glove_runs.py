"""Train the book's GloVe several times and say which of the chapters' claims hold in how many runs.

    python -m tools.glove_runs --corpus .cache/corpus                    # seeds 0-3, and x_max 100 (seed 0)
    python -m tools.glove_runs --seeds 0 1 2 3 4 5 --compare-x-max 100

Counts the corpus once, then trains with the shipped configuration (:data:`tools.glove_cli.SHIPPED`)
and each seed; and once more (seed 0) with each ``--compare-x-max``. Every run is scored as the
shipped file is -- the ``--keep`` most frequent words, stored in float16 -- so that run 0 *is* the
shipped vectors: with ``--reuse-shipped`` (the default) seed 0 is not retrained but read from
``lecture10/artefacts/glove-book-100d.npz``, provided its manifest has the same configuration.

Per run: the intrinsic scores (:func:`lecture10.glove.benchmarks.intrinsic_scores`: WS-353,
SimLex-999, analogies), the rank of *queen* for king - man + woman (inputs excluded), cos(cat, dog)
and cos(cat, kitten), and the effect size and p-value of each of Caliskan et al.'s WEAT tests with
the lists lowercased, as the bias chapter runs them (:func:`lecture10.bias.replication.replicate`).
Only these summaries are kept, not the vectors. Writes
``lecture10/artefacts/glove-book-runs.json`` (read with :func:`lecture10.artefacts.book_glove_runs`).
Each training takes about 25 x 6 s on two quiet cores.
"""
from __future__ import annotations

import argparse
import dataclasses
import os
import platform
import sys
import tempfile
from pathlib import Path

from lecture10 import artefacts
from lecture10.bias.replication import replicate
from lecture10.bias.wordlists import load_weat_lists
from lecture10.glove.benchmarks import intrinsic_scores
from lecture10.glove.config import GloVeConfig
from lecture10.glove.pipeline import StepClock, count_corpus_folder
from lecture10.vectors import WordVectors, load_book_glove
from tools.glove_cli import SHIPPED, add_pipeline_arguments, load_average, train

PROBES = {"cat_dog": ("cat", "dog"), "cat_kitten": ("cat", "kitten")}


def summary(vectors: WordVectors, weat_lists: dict) -> dict:
    """The scores and the chapters' probes of one set of vectors."""
    scores = artefacts.round_floats(intrinsic_scores(vectors))
    cosines = {name: round(vectors.cosine(a, b), 4) for name, (a, b) in PROBES.items()}
    weat = {}
    for row in replicate(vectors, lists=weat_lists, lowercase=True):
        weat[row.test.name] = (None if row.result is None else
                               {"effect_size": round(row.result.effect_size, 3), "p_value": round(row.result.p_value, 4)})
    return {"scores": scores, "queen_rank": scores["queen_rank"], "cosine": cosines,
            "cat_nearer_dog_than_kitten": cosines["cat_dog"] > cosines["cat_kitten"], "weat": weat}


def as_shipped(full: WordVectors, keep: int) -> WordVectors:
    """The vectors as the shipped file holds them: the ``keep`` most frequent words, rounded to float16."""
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "vectors.npz"
        full.restrict(min(keep, len(full))).save(path)
        return WordVectors.load(path, name=full.name)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_pipeline_arguments(parser)
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2, 3])
    parser.add_argument("--compare-x-max", type=float, nargs="*", default=[100.0],
                        help="x_max values to train once more with (seed 0); the shipped x_max is run 0")
    parser.add_argument("--keep", type=int, default=30_000, help="most frequent words scored (as shipped)")
    parser.add_argument("--reuse-shipped", action=argparse.BooleanOptionalAction, default=True,
                        help="take seed 0 with the shipped x_max from the shipped vectors instead of retraining")
    parser.add_argument("--out", type=Path, default=artefacts.FOLDER / artefacts.GLOVE_RUNS)
    args = parser.parse_args(argv)
    base = GloVeConfig(**{k: getattr(args, k) for k in SHIPPED})
    shipped_manifest = artefacts.book_glove_manifest() if args.reuse_shipped else None
    clock = StepClock(verbose=True)
    counts, corpus = count_corpus_folder(args.corpus, args.sources, args.min_count, args.window, clock=clock)
    vocabulary, cooccurrence = counts.vocabulary, counts.cooccurrence
    del counts
    weat_lists = load_weat_lists()
    plans = [dataclasses.replace(base, seed=seed) for seed in args.seeds]
    plans += [dataclasses.replace(base, seed=args.seeds[0], x_max=x) for x in args.compare_x_max if x != base.x_max]
    runs = []
    for config in plans:
        record = {"config": config.to_dict()}
        if shipped_manifest is not None and shipped_manifest["config"] == config.to_dict() \
                and shipped_manifest["corpus"]["manifest_sha256"] == corpus["sha256"]:
            vectors = load_book_glove()
            record["source"] = f"the shipped vectors ({artefacts.GLOVE_VECTORS}, {shipped_manifest['command']})"
            record["training"] = {k: shipped_manifest["training"].get(k) for k in ("implementation", "workers", "order")}
            record["training"]["final_loss"] = shipped_manifest["training"]["epoch_losses"][-1]
            record["training"]["seconds"] = shipped_manifest["timings"]["train"]["wall_s"]
        else:
            print(f"training seed {config.seed}, x_max {config.x_max} ...", file=sys.stderr, flush=True)
            load_before = load_average()
            result = train(cooccurrence, args, config)
            full = WordVectors(vocabulary.words, result.vectors, vocabulary.counts, name=f"seed {config.seed}")
            vectors = as_shipped(full, args.keep)
            record["source"] = "trained by this command; only the summary is kept"
            record["training"] = {k: result.description.get(k) for k in ("implementation", "workers", "order")}
            record["training"].update(final_loss=round(result.losses[-1], 5), seconds=round(sum(result.seconds), 1),
                                      load_average_before=load_before, load_average_after=load_average())
        record.update(summary(vectors, weat_lists))
        runs.append(record)
        print(f"  queen rank {record['queen_rank']}, cos(cat, dog) {record['cosine']['cat_dog']}, "
              f"cos(cat, kitten) {record['cosine']['cat_kitten']}", file=sys.stderr, flush=True)
    same = [r for r in runs if r["config"]["x_max"] == base.x_max]
    report = {
        "description": "Independent trainings of the book's GloVe on the same corpus: the shipped configuration with "
                       "several seeds, and seed 0 with other x_max values. Scored as shipped (the most frequent "
                       f"{args.keep:,d} words, float16). WEAT: Caliskan et al.'s tests, lists lowercased, as "
                       "book/bias.ipynb runs them (lecture10.bias.replication.replicate); null where a whole list "
                       "is missing.",
        "command": "python -m tools.glove_runs " + " ".join(argv if argv is not None else sys.argv[1:]),
        "corpus_manifest_sha256": corpus["sha256"],
        "shipped_config": base.to_dict(),
        "claims": {"runs": len(same),
                   "queen_rank_1": sum(r["queen_rank"] == 1 for r in same),
                   "cat_nearer_dog_than_kitten": sum(r["cat_nearer_dog_than_kitten"] for r in same)},
        "runs": runs,
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform()},
        "timings": clock.steps,
    }
    artefacts.write_json(args.out, report)
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
