"""Training the sentiment classifier, and the comparison of recurrent cells (RNN vs GRU vs LSTM).

Typical use (this is what the chapters do)::

    from lecture10.sentiment.dataset import vader_data
    from lecture10.sentiment.experiment import compare_cells
    from lecture10.vectors import load_word_vectors

    data = vader_data(load_word_vectors())               # VADER's human-rated tweets, the book's GloVe
    results = compare_cells(data)                        # {"rnn": CellResult, "gru": ..., "lstm": ...}
    for cell, result in results.items():
        print(cell, result.test_score)                   # accuracy with a 95 % bootstrap interval

:func:`compare_cells` trains one :class:`~lecture10.sentiment.model.SentimentRNN` per cell type
on the *same* split, vocabulary, frozen embedding, batches and seed, with the shared loop
:func:`lecture10.training.train` (best validation epoch kept), and scores each on the test split.
With the defaults (10 epochs, hidden size 64) on VADER's tweets it takes about 2 s (RNN) and
5 s (GRU, LSTM) on one CPU core. Training runs on ONE torch thread by default (``threads=1``,
restored afterwards, with :func:`lecture10.environment.torch_threads`): these matrices are too
small to share between threads, and on a machine busy with other work a second thread made the
same LSTM training about 20 times slower.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Sequence

import numpy as np
import torch
from torch import nn

from lecture10.environment import torch_threads
from lecture10.recurrent import CELLS
from lecture10.sentiment.batching import BucketBatchSampler, make_loader, sorted_batches
from lecture10.sentiment.dataset import SentimentData
from lecture10.sentiment.evaluation import Score, predict_proba, score
from lecture10.sentiment.model import SentimentRNN
from lecture10.training import History, train

__all__ = ["CellResult", "compare_cells", "train_classifier"]


def train_classifier(model: nn.Module, data: SentimentData, *, epochs: int = 10, lr: float = 3e-3,
                     batch_size: int = 32, seed: int = 0, clip_norm: float | None = 1.0, weight_decay: float = 0.0,
                     device: str | torch.device = "cpu", progress: bool = False, threads: int | None = 1) -> History:
    """Train ``model`` with Adam on length-bucketed batches; keep its best validation epoch.

    ``threads`` torch threads are used while training (see :func:`compare_cells`).
    """
    sampler = BucketBatchSampler(data.encoded("train").lengths, batch_size, seed=seed)
    val_batches, _ = sorted_batches(data.encoded("val"))
    parameters = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.Adam(parameters, lr=lr, weight_decay=weight_decay)
    with torch_threads(threads):
        return train(model, make_loader(data.encoded("train"), sampler), loss_fn=nn.CrossEntropyLoss(),
                     optimizer=optimizer, epochs=epochs, val_batches=val_batches, clip_norm=clip_norm,
                     restore_best=True, device=device, progress=progress)


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
