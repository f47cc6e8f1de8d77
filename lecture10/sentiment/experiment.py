"""Training the sentiment classifiers, and the models the chapters compare.

Typical use (this is what the chapters and ``python -m tools.sentiment_comparison`` do)::

    from lecture10.sentiment.dataset import vader_data
    from lecture10.sentiment.experiment import run_model
    from lecture10.vectors import load_stanford_glove

    data = vader_data(load_stanford_glove())             # VADER's human-rated tweets, Stanford's GloVe 50d
    run = run_model("gru", data, seed=3)                 # any name of MODELS
    print(run.val_accuracy, run.test_predictions[:10])

:func:`train_classifier` trains any model that maps ``(tokens, lengths)`` to logits with the shared
loop :func:`lecture10.training.train` on length-bucketed batches (best validation epoch kept).
:func:`run_model` builds a model of :data:`MODELS` from a seed, trains it and predicts the test split;
:func:`compare_cells` trains one :class:`~lecture10.sentiment.model.SentimentRNN` per recurrent cell
with the *same* split, vocabulary, embedding, batches and seed. With the defaults (10 epochs, hidden
size 64) on VADER's tweets a model takes a few seconds on one CPU core. Training runs on ONE torch
thread by default (``threads=1``, restored afterwards, with :func:`lecture10.environment.torch_threads`):
these matrices are too small to share between threads, and on a machine busy with other work a second
thread made the same LSTM training about 20 times slower.
"""
from __future__ import annotations

import copy
import functools
import time
from dataclasses import dataclass, field
from typing import Callable, Sequence

import numpy as np
import torch
from torch import nn

from lecture10 import _checks
from lecture10.environment import torch_threads
from lecture10.recurrent import CELLS
from lecture10.sentiment.alternatives import BagOfEmbeddingsMLP, TweetCNN
from lecture10.sentiment.batching import BucketBatchSampler, make_loader, sorted_batches
from lecture10.sentiment.dataset import SentimentData
from lecture10.sentiment.evaluation import Score, predict_proba, score
from lecture10.sentiment.model import SentimentRNN
from lecture10.sentiment.vocabulary import random_embedding_like
from lecture10.training import History, evaluate, train

__all__ = ["MODELS", "CellResult", "ModelRun", "TrainingRun", "build_model", "compare_cells", "run_model",
           "train_classifier"]

#: The models the chapter compares, by name: what each is called on the page.
MODELS = {
    "rnn": "RNN (final state)",
    "gru": "GRU (final state)",
    "lstm": "LSTM (final state)",
    "rnn-max": "RNN, max over time",
    "mlp": "bag-of-embeddings MLP",
    "cnn": "1-D CNN, 3 words wide",
    "rnn-finetuned": "RNN, GloVe fine-tuned",
    "rnn-scratch": "RNN, embedding from scratch",
}


@dataclass
class TrainingRun(History):
    """A :class:`~lecture10.training.History` with the training split's accuracy after every epoch too."""

    train_metric: list[float] = field(default_factory=list)


def train_classifier(model: nn.Module, data: SentimentData, *, epochs: int = 10, lr: float = 3e-3,
                     batch_size: int = 32, seed: int = 0, clip_norm: float | None = 1.0, weight_decay: float = 0.0,
                     device: str | torch.device = "cpu", progress: bool = False, threads: int | None = 1,
                     track_train: bool = False) -> History:
    """Train ``model`` with Adam on length-bucketed batches; keep its best validation epoch.

    ``threads`` torch threads are used while training (see :func:`compare_cells`). With
    ``track_train`` the result is a :class:`TrainingRun` that also holds the accuracy on the whole
    training split after every epoch (one more pass over it per epoch; the training is the same).
    """
    sampler = BucketBatchSampler(data.encoded("train").lengths, batch_size, seed=seed)
    val_batches, _ = sorted_batches(data.encoded("val"))
    parameters = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.Adam(parameters, lr=lr, weight_decay=weight_decay)
    fit = functools.partial(train, model, make_loader(data.encoded("train"), sampler), loss_fn=nn.CrossEntropyLoss(),
                            optimizer=optimizer, val_batches=val_batches, clip_norm=clip_norm, device=device,
                            progress=progress)
    with torch_threads(threads):
        if not track_train:
            return fit(epochs=epochs, restore_best=True)
        return _tracking_training_accuracy(fit, model, sorted_batches(data.encoded("train"))[0], epochs, device)


def _tracking_training_accuracy(fit: Callable[..., History], model: nn.Module, train_batches: list,
                                epochs: int, device: str | torch.device) -> TrainingRun:
    """Run ``fit`` one epoch at a time, scoring the training split in between; keep the best validation epoch."""
    run, best_state = TrainingRun(), None
    for epoch in range(_checks.positive_int(epochs, "epochs")):
        one = fit(epochs=1, restore_best=False)
        for key in ("train_loss", "val_loss", "val_metric", "grad_norm"):
            getattr(run, key).extend(getattr(one, key))
        run.train_metric.append(evaluate(model, train_batches, nn.CrossEntropyLoss(), device=device)[1])
        if run.best_epoch is None or run.val_metric[-1] > run.val_metric[run.best_epoch]:
            run.best_epoch, best_state = epoch, copy.deepcopy(model.state_dict())
    model.load_state_dict(best_state)
    return run


@dataclass
class CellResult:
    """One trained cell type: the model (best validation epoch), its history and its test results."""

    cell: str
    model: SentimentRNN
    history: History
    test_probabilities: np.ndarray
    test_score: Score
    seconds: float  # wall-clock training time (not printed by the chapters: it varies)

    @property
    def test_predictions(self) -> np.ndarray:
        """Predicted test labels."""
        return self.test_probabilities.argmax(1)


def compare_cells(data: SentimentData, cells: Sequence[str] = ("rnn", "gru", "lstm"), *, hidden_size: int = 64,
                  epochs: int = 10, lr: float = 3e-3, batch_size: int = 32, seed: int = 0,
                  clip_norm: float | None = 1.0, pooling: str = "last", num_layers: int = 1,
                  bidirectional: bool = False, device: str | torch.device = "cpu",
                  progress: bool = False, threads: int | None = 1) -> dict[str, CellResult]:
    """Train and test one :class:`SentimentRNN` per cell type on the same data, batches and seed.

    Each model starts from ``torch.manual_seed(seed)``, so the comparison changes only the
    recurrent cell. ``threads`` torch threads are used (then the caller's setting is restored);
    ``None`` keeps the caller's. Returns ``{cell: CellResult}`` in the order of ``cells``.
    """
    unknown = [c for c in cells if c not in CELLS]
    if unknown or not cells:
        raise ValueError(f"cells must be a non-empty selection of {sorted(CELLS)}, got {list(cells)}")
    results = {}
    for cell in cells:
        start = time.perf_counter()
        torch.manual_seed(seed)
        model = SentimentRNN(data.embeddings, hidden_size, cell=cell, pooling=pooling, num_layers=num_layers,
                             bidirectional=bidirectional)
        history = train_classifier(model, data, epochs=epochs, lr=lr, batch_size=batch_size, seed=seed,
                                   clip_norm=clip_norm, device=device, progress=progress, threads=threads)
        with torch_threads(threads):
            probabilities = predict_proba(model, data.encoded("test"), device=device)
        results[cell] = CellResult(cell, model, history, probabilities,
                                   score(data.labels["test"], probabilities.argmax(1), seed=seed),
                                   time.perf_counter() - start)
    return results


def build_model(name: str, embeddings: torch.Tensor, hidden_size: int = 64, seed: int = 0) -> nn.Module:
    """A fresh model of :data:`MODELS` on the pretrained ``embeddings``, initialised from ``seed``."""
    _checks.one_of(name, MODELS, "name")
    torch.manual_seed(seed)
    if name == "mlp":
        return BagOfEmbeddingsMLP(embeddings, hidden_size)
    if name == "cnn":
        return TweetCNN(embeddings, hidden_size)
    if name == "rnn-scratch":
        return SentimentRNN(random_embedding_like(embeddings, seed), hidden_size, freeze=False)
    cell, _, variant = name.partition("-")
    return SentimentRNN(embeddings, hidden_size, cell=cell, pooling="max" if variant == "max" else "last",
                        freeze=variant != "finetuned")


@dataclass
class ModelRun:
    """One trained model of :data:`MODELS`: the model (best validation epoch), its history, its test probabilities."""

    name: str
    model: nn.Module
    history: History
    test_probabilities: np.ndarray
    seconds: float  # wall-clock training time (never printed by the chapters: it varies)

    @property
    def val_accuracy(self) -> float:
        """The validation accuracy of the epoch that was kept."""
        return self.history.val_metric[self.history.best_epoch]

    @property
    def test_predictions(self) -> np.ndarray:
        """Predicted test labels."""
        return self.test_probabilities.argmax(1)


def run_model(name: str, data: SentimentData, *, seed: int = 0, hidden_size: int = 64, epochs: int = 10,
              lr: float = 3e-3, batch_size: int = 32, clip_norm: float | None = 1.0, track_train: bool = False,
              device: str | torch.device = "cpu", threads: int | None = 1) -> ModelRun:
    """Build model ``name`` (see :data:`MODELS`) from ``seed``, train it, and predict the test split."""
    start = time.perf_counter()
    model = build_model(name, data.embeddings, hidden_size, seed)
    history = train_classifier(model, data, epochs=epochs, lr=lr, batch_size=batch_size, seed=seed,
                               clip_norm=clip_norm, device=device, threads=threads, track_train=track_train)
    with torch_threads(threads):
        probabilities = predict_proba(model, data.encoded("test"), device=device)
    return ModelRun(name, model, history, probabilities, time.perf_counter() - start)
