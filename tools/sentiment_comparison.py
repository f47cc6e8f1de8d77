"""The sentiment chapters' multi-seed experiment: every model, several seeds, the same split and test tweets.

    python -m tools.sentiment_comparison                          # everything (about 25 min on one core)
    python -m tools.sentiment_comparison --parts models --embeddings book-glove   # after new book vectors
    python -m tools.sentiment_comparison --seeds 2 --out /tmp/small.json          # a quick look

Three parts, each written into ``lecture10/artefacts/sentiment-comparison.json`` as soon as it is done
(a part that is not run keeps what the file holds):

* ``models``: for each set of embeddings (Stanford's GloVe 50d, the book's GloVe), every model of
  :data:`lecture10.sentiment.experiment.MODELS` trained with seeds 0, 1, ... on VADER's tweets (the
  split of seed 0 for all: the same test tweets), the chapter's settings. Per seed: the validation
  accuracy of the epoch kept, which test tweets it got right, the training and validation accuracy
  after every epoch, the clipped steps; for the recurrent models also the input sensitivity by
  distance from the end and P(positive) of the lecture's two tweets and of a "but" pair;
* ``learning-curve``: the RNN (frozen, fine-tuned, from scratch) and the bag of words trained on
  1/8, 1/4, 1/2 and all of the training tweets (the whole split again: the same runs as in ``models``);
* ``order-task``: the bag-of-embeddings MLP, the CNN and the RNN on the word-order task of
  :mod:`lecture10.sentiment.order_task`.

Seeded: the same command gives the same numbers on the same machine, PyTorch version and thread
count (one torch thread). Each part records how it was made (``manifest``: command, machine, load, time,
versions, seeds, the inputs' SHA-256).
"""
from __future__ import annotations

import argparse
import json
import os
import shlex
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import torch

import lecture10
from lecture10 import artefacts, data
from lecture10.sentiment.baselines import BagOfWordsLogReg
from lecture10.sentiment.comparison import DEFAULT_EMBEDDINGS, correct_bits
from lecture10.sentiment.dataset import SentimentData, training_subset, vader_data
from lecture10.sentiment.evaluation import input_sensitivity, predict_proba
from lecture10.sentiment.experiment import MODELS, ModelRun, run_model
from lecture10.sentiment.model import SentimentRNN, count_parameters
from lecture10.sentiment.order_task import order_task_data, sentence_kind
from lecture10.vectors import load_word_vectors
from tools.adding_experiment import machine

DEFAULT_OUT = artefacts.FOLDER / artefacts.SENTIMENT_COMPARISON
PARTS = ("models", "learning-curve", "order-task")
EMBEDDINGS = ("stanford-glove-50d", "book-glove")
#: The chapter's settings (book/sentiment-training.ipynb trains with the same).
SETTINGS = {"hidden_size": 64, "epochs": 10, "lr": 3e-3, "batch_size": 32, "clip_norm": 1.0}
MARGIN, DATA_SEED = 0.5, 0
SLIDE_TWEETS = ["Just going to cry myself to sleep after watching Marley and Me", "WOOOOO! Xbox is back"]
BUT_PAIR = ["the food was bad but the service was good", "the food was good but the service was bad"]
ORDER_PAIR = ["the food was bad all day but the food was good all day",
              "the food was good all day but the food was bad all day"]
FRACTIONS = (0.125, 0.25, 0.5, 1.0)
CURVE_MODELS = ("rnn", "rnn-finetuned", "rnn-scratch")
ORDER_MODELS = ("mlp", "cnn", "rnn")
SENSITIVITY_SPAN = 20


def vectors_hash(name: str) -> str:
    """The SHA-256 of the vectors' file: the shipped artefact, or the pinned dataset."""
    if name == "book-glove":
        return "sha256:" + data.file_hash(artefacts.path(artefacts.GLOVE_VECTORS))
    return data.get("glove-6b-50d-vectors").checksum


def manifest(command: str, seeds: list[int], started: float, load: tuple[float, ...], **inputs: str) -> dict[str, Any]:
    """How a part was made: command, machine, load, time, versions, seeds, inputs."""
    return {"command": command, "machine": machine(), "load_average_before": [round(x, 2) for x in load],
            "load_average_after": [round(x, 2) for x in os.getloadavg()], "torch": torch.__version__,
            "numpy": np.__version__, "threads": torch.get_num_threads(), "seeds": seeds,
            "finished": time.strftime("%Y-%m-%d %H:%M:%S %Z"), "seconds": round(time.perf_counter() - started, 1),
            "inputs": {"vader-tweets": data.get("vader-tweets").checksum, **inputs}}


def probabilities(run: ModelRun, tweets: SentimentData, texts: list[str]) -> list[float]:
    """P(positive) of ``texts`` under the run's model."""
    return predict_proba(run.model, tweets.encode(texts, [1] * len(texts)))[:, 1].tolist()


def record(runs: list[ModelRun], tweets: SentimentData) -> dict[str, Any]:
    """The per-seed results of one model."""
    first = runs[0]
    entry = {"label": MODELS[first.name], **{f"{k}_parameters": v for k, v in count_parameters(first.model).items()},
             "val_accuracy": [r.val_accuracy for r in runs], "best_epoch": [r.history.best_epoch for r in runs],
             "test_correct": [correct_bits(r.test_predictions, tweets.labels["test"]) for r in runs],
             "train_curve": [r.history.train_metric for r in runs], "val_curve": [r.history.val_metric for r in runs],
             "clipped_steps": [sum(n > SETTINGS["clip_norm"] for n in r.history.grad_norm) for r in runs],
             "steps": len(first.history.grad_norm), "seconds": [round(r.seconds, 1) for r in runs],
             "slide_tweets": [probabilities(r, tweets, SLIDE_TWEETS) for r in runs],
             "but_pair": [probabilities(r, tweets, BUT_PAIR) for r in runs]}
    if isinstance(first.model, SentimentRNN) and first.name in ("rnn", "gru", "lstm", "rnn-max"):
        entry["sensitivity"] = [input_sensitivity(r.model, tweets.encoded("val"), SENSITIVITY_SPAN).tolist()
                                for r in runs]
    return entry


def models_part(name: str, seeds: list[int], command: str) -> dict[str, Any]:
    """Every model, every seed, on one set of embeddings."""
    started, load = time.perf_counter(), os.getloadavg()
    vectors = load_word_vectors(name)
    tweets = vader_data(vectors, margin=MARGIN, seed=DATA_SEED)
    models = {}
    for model in MODELS:
        runs = [run_model(model, tweets, seed=s, track_train=True, **SETTINGS) for s in seeds]
        models[model] = record(runs, tweets)
        print(f"{name:20s} {model:14s} test accuracy "
              f"{np.mean([b.count('1') / len(b) for b in models[model]['test_correct']]):.3f} "
              f"({sum(r.seconds for r in runs):.0f} s)", flush=True)
    return {"vectors": vectors.name, "data": tweets.name, "vocabulary": len(tweets.vocab),
            "sizes": {s: len(tweets.labels[s]) for s in ("train", "val", "test")},
            "models": models, "manifest": manifest(command, seeds, started, load, vectors=vectors_hash(name))}


def learning_curve_part(seeds: list[int], command: str) -> dict[str, Any]:
    """The RNNs and the bag of words on smaller training splits (Stanford's GloVe 50d)."""
    started, load = time.perf_counter(), os.getloadavg()
    vectors = load_word_vectors(DEFAULT_EMBEDDINGS)
    tweets = vader_data(vectors, margin=MARGIN, seed=DATA_SEED)
    accuracy: dict[str, list[list[float]]] = {m: [] for m in (*CURVE_MODELS, "bag-of-words")}
    sizes = []
    for fraction in FRACTIONS:
        rows: dict[str, list[float]] = {m: [] for m in accuracy}
        for seed in seeds:
            smaller = training_subset(tweets, fraction, vectors, seed=seed)
            for model in CURVE_MODELS:
                run = run_model(model, smaller, seed=seed, **SETTINGS)
                rows[model].append(float((run.test_predictions == smaller.labels["test"]).mean()))
            bow = BagOfWordsLogReg().fit(smaller.tokens["train"], smaller.labels["train"], smaller.tokens["val"],
                                         smaller.labels["val"])
            rows["bag-of-words"].append(float((bow.predict(smaller.tokens["test"]) == smaller.labels["test"]).mean()))
        sizes.append(len(smaller.labels["train"]))
        for model, values in rows.items():
            accuracy[model].append(values)
        print(f"learning curve: {sizes[-1]} training tweets done", flush=True)
    return {"embeddings": DEFAULT_EMBEDDINGS, "fractions": list(FRACTIONS), "train_sizes": sizes,
            "test_accuracy": accuracy, "manifest": manifest(command, seeds, started, load, vectors=vectors_hash(DEFAULT_EMBEDDINGS))}


def order_task_part(seeds: list[int], command: str) -> dict[str, Any]:
    """The MLP, the CNN and the RNN on the word-order task (Stanford's GloVe 50d)."""
    started, load = time.perf_counter(), os.getloadavg()
    vectors = load_word_vectors(DEFAULT_EMBEDDINGS)
    task = order_task_data(vectors)
    models = {}
    for model in ORDER_MODELS:
        runs = [run_model(model, task, seed=s, **SETTINGS) for s in seeds]
        models[model] = {"label": MODELS[model], "val_accuracy": [r.val_accuracy for r in runs],
                         "test_correct": [correct_bits(r.test_predictions, task.labels["test"]) for r in runs],
                         "pair": [probabilities(r, task, ORDER_PAIR) for r in runs]}
        print(f"order task {model:5s} done", flush=True)
    return {"data": task.name, "test_kinds": [sentence_kind(t) for t in task.tokens["test"]], "pair": ORDER_PAIR,
            "models": models, "manifest": manifest(command, seeds, started, load, vectors=vectors_hash(DEFAULT_EMBEDDINGS))}


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--parts", nargs="+", default=list(PARTS), choices=PARTS)
    parser.add_argument("--embeddings", nargs="+", default=list(EMBEDDINGS), choices=EMBEDDINGS,
                        help="the vectors of the 'models' part")
    parser.add_argument("--seeds", type=int, default=10, help="seeds 0 .. N-1 (the learning curve uses half)")
    parser.add_argument("--threads", type=int, default=1, help="torch CPU threads (the chapter uses 1)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    command = shlex.join(["python", "-m", "tools.sentiment_comparison", *(argv if argv is not None else sys.argv[1:])])
    lecture10.setup(seed=0, threads=args.threads, prefer_gpu=False)
    seeds = list(range(args.seeds))
    results = json.loads(args.out.read_text(encoding="utf-8")) if args.out.is_file() else {}
    results.setdefault("embeddings", {})
    results["settings"] = {**SETTINGS, "margin": MARGIN, "data_seed": DATA_SEED, "slide_tweets": SLIDE_TWEETS,
                           "but_pair": BUT_PAIR, "sensitivity_span": SENSITIVITY_SPAN}
    results["description"] = __doc__.split("\n\n")[0].strip()

    def save() -> None:
        artefacts.write_json(args.out, artefacts.round_floats(results, 4))

    if "models" in args.parts:
        for name in args.embeddings:
            results["embeddings"][name] = models_part(name, seeds, command)
            save()
    if "learning-curve" in args.parts:
        results["learning_curve"] = learning_curve_part(seeds[:max(1, len(seeds) // 2)], command)
        save()
    if "order-task" in args.parts:
        results["order_task"] = order_task_part(seeds, command)
        save()
    print(f"wrote {args.out}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
