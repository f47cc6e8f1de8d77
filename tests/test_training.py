"""Tests of the shared training loop on small problems with known answers."""
from __future__ import annotations

import math

import pytest
import torch
from torch import nn

from lecture10.training import accuracy, evaluate, train


def separable_batches(n: int = 256, batch: int = 32, seed: int = 0) -> list[tuple[torch.Tensor, torch.Tensor]]:
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(n, 2, generator=g)
    y = (x[:, 0] + x[:, 1] > 0).long()
    return [(x[i : i + batch], y[i : i + batch]) for i in range(0, n, batch)]


def test_accuracy_binary_logit_and_multiclass() -> None:
    assert accuracy(torch.tensor([2.0, -1.0, 0.5]), torch.tensor([1, 0, 0])) == pytest.approx(2 / 3)
    assert accuracy(torch.tensor([[0.1, 0.9], [0.8, 0.2]]), torch.tensor([1, 1])) == pytest.approx(0.5)
    with pytest.raises(ValueError, match="batch size"):
        accuracy(torch.zeros(3), torch.zeros(2))


def test_train_learns_a_separable_problem_and_is_deterministic() -> None:
    def run() -> tuple[list[float], float]:
        torch.manual_seed(0)
        model = nn.Linear(2, 2)
        data = separable_batches()
        h = train(model, data, val_batches=data, loss_fn=nn.CrossEntropyLoss(),
                  optimizer=torch.optim.SGD(model.parameters(), lr=0.5), epochs=5)
        return h.train_loss, h.val_metric[-1]

    losses, final_accuracy = run()
    assert losses[-1] < losses[0] / 2
    assert final_accuracy > 0.95
    assert run() == (losses, final_accuracy)


def test_grad_norm_is_recorded_before_clipping_and_clipping_bounds_the_step() -> None:
    torch.manual_seed(0)
    model = nn.Linear(2, 2)
    x, y = torch.full((4, 2), 100.0), torch.tensor([0, 1, 0, 1])
    before = [p.detach().clone() for p in model.parameters()]
    h = train(model, [(x, y)], loss_fn=nn.CrossEntropyLoss(), optimizer=torch.optim.SGD(model.parameters(), lr=1.0),
              epochs=1, clip_norm=0.1)
    # Independent computation of the unclipped gradient norm.
    torch.manual_seed(0)
    twin = nn.Linear(2, 2)
    nn.CrossEntropyLoss()(twin(x), y).backward()
    expected = math.sqrt(sum((p.grad**2).sum().item() for p in twin.parameters()))
    assert h.grad_norm == [pytest.approx(expected, rel=1e-5)]
    step = math.sqrt(sum(((p.detach() - b) ** 2).sum().item() for p, b in zip(model.parameters(), before)))
    assert expected > 1 and step == pytest.approx(0.1, rel=1e-4)


def test_restore_best_keeps_the_best_validation_epoch() -> None:
    torch.manual_seed(0)
    model = nn.Linear(2, 2)
    data = separable_batches()
    # A learning rate so large that later epochs can be worse than the best one.
    h = train(model, data, val_batches=data, loss_fn=nn.CrossEntropyLoss(),
              optimizer=torch.optim.SGD(model.parameters(), lr=50.0), epochs=6)
    _, restored = evaluate(model, data, nn.CrossEntropyLoss())
    assert restored == pytest.approx(max(h.val_metric))
    assert h.best_epoch == h.val_metric.index(max(h.val_metric))


@pytest.mark.parametrize("kwargs, message", [({"epochs": 0}, "epochs"), ({"epochs": 1, "clip_norm": 0.0}, "clip_norm")])
def test_bad_arguments_are_named(kwargs: dict, message: str) -> None:
    model = nn.Linear(2, 2)
    with pytest.raises(ValueError, match=message):
        train(model, separable_batches(), loss_fn=nn.CrossEntropyLoss(),
              optimizer=torch.optim.SGD(model.parameters(), lr=0.1), **kwargs)
