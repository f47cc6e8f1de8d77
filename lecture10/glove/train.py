"""Fitting GloVe: AdaGrad on shuffled mini-batches of co-occurrence pairs, vectorised with torch.

The update is the one of Stanford's reference code (``glove.c``, as published since 2020), applied
to a whole mini-batch at once instead of one pair at a time. For a pair (i, j) with weight
:math:`f = f(X_{ij})` and residual :math:`r = w_i^\\top \\tilde w_j + b_i + \\tilde b_j - \\log X_{ij}`,
the gradient of :math:`J/2` is :math:`g = f\\,r\\,\\tilde w_j` for :math:`w_i` (and
:math:`f\\,r\\,w_i` for :math:`\\tilde w_j`, :math:`f\\,r` for the biases). Each coordinate
:math:`g_k` of a vector's gradient is clipped to :math:`[-c, c]` (``grad_clip``, 100 as in
``glove.c``: it almost never binds) and the coordinate moves by

.. math::  \\Delta = -\\frac{\\eta g_k}{\\sqrt{G}}, \\qquad G \\leftarrow G + (\\eta g_k)^2,
           \\qquad G_{\\text{start}} = 1,

with one accumulator :math:`G` per parameter (AdaGrad). The biases follow ``glove.c`` too,
which does not scale their step by :math:`\\eta`: :math:`\\Delta = -f r/\\sqrt{G}`,
:math:`G \\leftarrow G + (f r)^2` -- a learning rate of 1, damped by the bias's own accumulator.
(Versions of ``glove.c`` before 2020 multiplied the bias step by :math:`\\eta` as well.)

``accumulators="rowwise"`` keeps one :math:`G` per vector instead, grown by the *mean* of the
squared scaled gradient's coordinates (and one per bias): the "row-wise AdaGrad" of large
embedding tables, which halves the memory traffic per pair -- a different optimiser from the
paper's. Within a batch every pair sees the accumulators as they were at the start of the
batch, and the updates of a word that occurs in several pairs add up -- as in the reference
code's lock-free threads, which also update shared rows concurrently. No Python code runs per
pair: a batch is a handful of ``index_select``/``index_add_`` calls, so the same code runs on a
GPU when there is one. :mod:`lecture10.glove.fast` is the same algorithm pair by pair, compiled
(the book's fast path on a CPU); the tests check the two against each other and against
:func:`lecture10.glove.model.glove_loss`.
"""
from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import torch
import torch.multiprocessing as mp

from lecture10 import _checks
from lecture10.environment import torch_threads
from lecture10.glove.config import GloVeConfig
from lecture10.glove.cooccurrence import Cooccurrence
from lecture10.glove.model import GloVeModel, weighting

__all__ = ["GloVeConfig", "TrainingResult", "train_glove"]


@dataclass
class TrainingResult:
    """A trained model, its final vectors W + W~ and the per-epoch loss and time."""

    model: GloVeModel
    vectors: np.ndarray
    losses: list[float] = field(default_factory=list)  # mean of f(X_ij) r_ij^2 over the pairs, per epoch
    seconds: list[float] = field(default_factory=list)  # wall time per epoch


def _parameter_table(model: GloVeModel, accumulators: str) -> torch.Tensor:
    """One row per word (rows 0..V-1) and per context (rows V..2V-1): vector, bias, then the
    AdaGrad accumulators (all starting at 1), so that one gather fetches all a pair needs."""
    width = model.word.shape[1] + 1
    extra = width if accumulators == "elementwise" else 2
    vectors = torch.cat([torch.cat([model.word.data, model.word_bias.data[:, None]], 1),
                         torch.cat([model.context.data, model.context_bias.data[:, None]], 1)])
    return torch.cat([vectors, torch.ones(len(vectors), extra, device=vectors.device)], 1).contiguous()


def _adagrad_batch(table: torch.Tensor, index: torch.Tensor, log_x: torch.Tensor, f_x: torch.Tensor,
                   learning_rate: float, dim: int, rowwise: bool, clip: float) -> torch.Tensor:
    """One mini-batch: gather the rows of the pairs, compute residuals and AdaGrad updates, add
    them back (rows repeated in the batch add up); return the batch's sum of f(X) r^2.

    ``index`` holds the n word rows, then the n context rows of the batch's pairs.
    """
    n = len(log_x)
    rows = table.index_select(0, index)  # (2n, width)
    vectors, biases = rows[:, :dim], rows[:, dim]
    residual = (vectors[:n] * vectors[n:]).sum(dim=1)
    residual += biases[:n]
    residual += biases[n:]
    residual -= log_x
    f_r = f_x * residual
    loss = torch.dot(f_r, residual)
    # Gradient of J/2: f r w~_j for w_i, f r w_i for w~_j (each coordinate clipped to +-clip), f r
    # for both biases. A vector's step is -lr g / sqrt(G) and G grows by (lr g)^2; a bias's step is
    # -g / sqrt(G) and G grows by g^2 (glove.c does not scale the bias step by lr).
    f_r2 = f_r.repeat(2)  # f r for every row of the batch
    update = torch.empty_like(rows)
    grads = torch.empty((2 * n, dim), dtype=rows.dtype, device=rows.device)
    torch.mul(vectors[n:], f_r[:, None], out=grads[:n])  # word rows: partner w~_j
    torch.mul(vectors[:n], f_r[:, None], out=grads[n:])  # context rows: partner w_i
    grads.clamp_(-clip, clip).mul_(learning_rate)
    if rowwise:
        scale = rows[:, dim + 1].rsqrt()
        torch.mul(grads, scale[:, None], out=update[:, :dim])
        update[:, dim] = f_r2 * rows[:, dim + 2].rsqrt()
        update[:, dim + 1] = grads.square().mean(dim=1)  # (lr g)^2 averaged over the vector's coordinates
        update[:, dim + 2] = f_r2.square()
    else:
        torch.mul(grads, rows[:, dim + 1:2 * dim + 1].rsqrt(), out=update[:, :dim])
        update[:, dim] = f_r2 * rows[:, 2 * dim + 1].rsqrt()
        torch.square(grads, out=update[:, dim + 1:2 * dim + 1])
        update[:, 2 * dim + 1] = f_r2.square()
    update[:, :dim + 1].neg_()
    table.index_add_(0, index, update)
    return loss


def train_glove(cooccurrence: Cooccurrence, config: GloVeConfig = GloVeConfig(),
                device: torch.device | str | None = None, workers: int = 1,
                callback: Callable[[int, float], None] | None = None) -> TrainingResult:
    """Fit GloVe to a co-occurrence matrix; return the model, its vectors W + W~, and the history.

    The non-zero pairs are shuffled once (seeded) and visited in mini-batches of
    ``config.batch_size`` every epoch. ``callback(epoch, loss)`` is called after each epoch.
    ``workers`` > 1 (CPU, Linux) runs that many forked processes on one shared parameter
    table, each taking every ``workers``-th batch, lock-free like the reference code's
    threads: faster on several cores, but no longer bit-for-bit reproducible. On the CPU each
    process computes with one thread (batches this small gain nothing from intra-op threads).
    """
    if len(cooccurrence) == 0:
        raise ValueError("the co-occurrence matrix is empty: nothing to fit")
    _checks.positive_int(workers, "workers")
    device = torch.device(device) if device is not None else torch.device("cpu")
    if workers > 1 and device.type != "cpu":
        raise ValueError("several workers are for the CPU; a GPU runs one process")
    generator = torch.Generator().manual_seed(config.seed)
    model = GloVeModel(cooccurrence.size, config.dim, generator=generator)
    rows, cols, values = cooccurrence.pairs()
    order = np.random.default_rng(config.seed).permutation(len(values))
    vocab = cooccurrence.size
    rows_t = torch.from_numpy(rows[order].astype(np.int64)).to(device)
    cols_t = torch.from_numpy(cols[order].astype(np.int64) + vocab).to(device)  # context rows follow
    log_x = torch.from_numpy(np.log(values[order]).astype(np.float32)).to(device)
    f_x = torch.from_numpy(weighting(values[order], config.x_max, config.alpha).astype(np.float32)).to(device)
    del order
    rowwise = config.accumulators == "rowwise"
    table = _parameter_table(model, config.accumulators).to(device)
    n, size = len(values), config.batch_size

    def epoch_part(worker: int) -> float:
        total = torch.zeros((), dtype=torch.float64, device=device)
        for lo in range(worker * size, n, workers * size):
            index = torch.cat([rows_t[lo:lo + size], cols_t[lo:lo + size]])
            total += _adagrad_batch(table, index, log_x[lo:lo + size], f_x[lo:lo + size],
                                    config.learning_rate, config.dim, rowwise, config.grad_clip)
        return float(total)

    if workers > 1:
        table.share_memory_()
        partial = torch.zeros(workers, dtype=torch.float64).share_memory_()

        def work(worker: int) -> None:
            partial[worker] = epoch_part(worker)

    result = TrainingResult(model=model, vectors=np.zeros(0))
    # On the CPU the batches are small: intra-op threads would only wait for each other.
    with torch_threads(1 if device.type == "cpu" else None):
        for epoch in range(1, config.epochs + 1):
            start = time.perf_counter()
            if workers == 1:
                loss = epoch_part(0) / n
            else:
                processes = [mp.get_context("fork").Process(target=work, args=(w,)) for w in range(workers)]
                for process in processes:
                    process.start()
                for process in processes:
                    process.join()
                if any(process.exitcode != 0 for process in processes):
                    raise RuntimeError(f"a training worker failed in epoch {epoch}")
                loss = float(partial.sum()) / n
            if not math.isfinite(loss):
                raise FloatingPointError(f"the loss became {loss} in epoch {epoch}: lower the learning rate")
            result.losses.append(loss)
            result.seconds.append(time.perf_counter() - start)
            if callback is not None:
                callback(epoch, loss)
    d = config.dim
    with torch.no_grad():
        model.word.copy_(table[:vocab, :d].cpu())
        model.word_bias.copy_(table[:vocab, d].cpu())
        model.context.copy_(table[vocab:, :d].cpu())
        model.context_bias.copy_(table[vocab:, d].cpu())
    result.vectors = model.vectors().numpy()
    return result
