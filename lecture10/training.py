"""A small, deterministic training loop shared by the chapters that train recurrent models.

Batches are tuples ``(*inputs, target)``: the model is called as ``model(*inputs)``.
"""
from __future__ import annotations

import copy
import math
from dataclasses import dataclass, field
from typing import Callable, Iterable, Sequence

import torch
from torch import nn
from tqdm.auto import tqdm

from lecture10 import _checks

Batch = Sequence[torch.Tensor]
Metric = Callable[[torch.Tensor, torch.Tensor], float]


def accuracy(logits: torch.Tensor, target: torch.Tensor) -> float:
    """Fraction of correct predictions: argmax over classes, or `logit > 0` for a single logit."""
    if logits.shape[0] != target.shape[0]:
        raise ValueError(f"logits and target disagree on batch size: {logits.shape[0]} vs {target.shape[0]}")
    predicted = (logits > 0).long().view(-1) if logits.dim() == 1 or logits.shape[-1] == 1 else logits.argmax(-1)
    return (predicted == target.view(-1).long()).float().mean().item()


@dataclass
class History:
    """What happened during training: per-epoch losses and metrics, per-step gradient norms."""

    train_loss: list[float] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)
    val_metric: list[float] = field(default_factory=list)
    grad_norm: list[float] = field(default_factory=list)
    best_epoch: int | None = None


def _to(batch: Batch, device: torch.device | str) -> list[torch.Tensor]:
    return [t.to(device) if isinstance(t, torch.Tensor) else t for t in batch]


def _non_finite_loss(loss: float, inputs: list, epoch: int, step: int) -> FloatingPointError:
    """The error for a NaN or infinite training loss (epoch and step counted from 0), naming bad inputs."""
    bad = [i for i, t in enumerate(inputs) if isinstance(t, torch.Tensor) and t.is_floating_point()
           and not bool(torch.isfinite(t).all())]
    cause = (f"input {bad[0]} of the batch holds NaN or infinite values" if bad
             else "the model diverged: lower the learning rate or clip the gradients (clip_norm)")
    return FloatingPointError(f"the training loss is {loss} in epoch {epoch + 1}, batch {step + 1}: {cause}")


@torch.no_grad()
def evaluate(
    model: nn.Module, batches: Iterable[Batch], loss_fn: Callable, metric: Metric = accuracy, device: str | torch.device = "cpu"
) -> tuple[float, float]:
    """Mean loss and mean metric over batches, weighted by batch size, in eval mode."""
    model.eval()
    total_loss = total_metric = 0.0
    count = 0
    for batch in batches:
        *inputs, target = _to(batch, device)
        output = model(*inputs)
        n = target.shape[0]
        total_loss += loss_fn(output, target).item() * n
        total_metric += metric(output, target) * n
        count += n
    if count == 0:
        raise ValueError("evaluate() got no batches")
    return total_loss / count, total_metric / count


def train(
    model: nn.Module,
    train_batches: Iterable[Batch],
    *,
    loss_fn: Callable,
    optimizer: torch.optim.Optimizer,
    epochs: int,
    val_batches: Iterable[Batch] | None = None,
    metric: Metric = accuracy,
    clip_norm: float | None = None,
    restore_best: bool = True,
    device: str | torch.device = "cpu",
    progress: bool = False,
) -> History:
    """Train for `epochs`, tracking loss, gradient norm and validation metric; keep the best model.

    ``clip_norm`` clips the total gradient norm with `torch.nn.utils.clip_grad_norm_`.
    The gradient norm recorded per step is the norm *before* clipping.
    With ``restore_best`` (and validation batches) the model ends with the weights of
    its best validation epoch, kept in memory. A NaN or infinite loss stops training with a
    ``FloatingPointError`` that says whether the inputs hold such values.
    """
    _checks.positive_int(epochs, "epochs")
    if clip_norm is not None:
        _checks.positive(clip_norm, "clip_norm")
    model.to(device)
    history = History()
    best_state, best_metric = None, -math.inf
    for epoch in tqdm(range(epochs), desc="epochs", disable=not progress):
        model.train()
        total, count = 0.0, 0
        for step, batch in enumerate(train_batches):
            *inputs, target = _to(batch, device)
            optimizer.zero_grad()
            loss = loss_fn(model(*inputs), target)
            if not math.isfinite(loss.item()):
                raise _non_finite_loss(loss.item(), inputs, epoch, step)
            loss.backward()
            max_norm = clip_norm if clip_norm is not None else math.inf
            norm = torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm)
            history.grad_norm.append(norm.item())
            optimizer.step()
            total += loss.item() * target.shape[0]
            count += target.shape[0]
        if count == 0:
            raise ValueError("train() got no batches")
        history.train_loss.append(total / count)
        if val_batches is not None:
            val_loss, val_metric = evaluate(model, val_batches, loss_fn, metric, device)
            history.val_loss.append(val_loss)
            history.val_metric.append(val_metric)
            if val_metric > best_metric:
                best_metric, history.best_epoch = val_metric, epoch
                best_state = copy.deepcopy(model.state_dict())
    if restore_best and best_state is not None:
        model.load_state_dict(best_state)
    return history
