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


class _ScriptedBias(torch.optim.Optimizer):
    """An "optimiser" whose step sets the bias of a 1-input logit model to the next scripted value."""

    def __init__(self, bias: nn.Parameter, values: list[float]) -> None:
        super().__init__([bias], {})
        self.bias, self.values = bias, iter(values)

    @torch.no_grad()
    def step(self, closure=None):  # noqa: D102 - an Optimizer's step
        self.bias.fill_(next(self.values))


def _threshold_model(bias_schedule: list[float], restore_best: bool) -> tuple[nn.Linear, list[float], int | None]:
    """Train logit = x + b with b scripted per epoch; validation labels make b = 0 (epoch 3) the best."""
    model = nn.Linear(1, 1)
    with torch.no_grad():
        model.weight.fill_(1.0)
        model.bias.fill_(-10.0)
    model.weight.requires_grad_(False)
    x_val = torch.tensor([[-1.5], [-0.5], [0.5], [1.5]])
    y_val = torch.tensor([0.0, 0.0, 1.0, 1.0])  # predict positive iff x + b > 0: only b in (-0.5, 0.5] is perfect
    one_batch = [(torch.zeros(1, 1), torch.zeros(1, 1))]  # one step per epoch
    history = train(model, one_batch, val_batches=[(x_val, y_val[:, None])], loss_fn=nn.BCEWithLogitsLoss(),
                    optimizer=_ScriptedBias(model.bias, bias_schedule), epochs=len(bias_schedule),
                    restore_best=restore_best)
    return model, history.val_metric, history.best_epoch


def test_restore_best_keeps_the_best_validation_epoch() -> None:
    schedule = [-2.0, -1.0, 0.0, 1.0, 2.0]  # validation accuracy 0.5, 0.75, 1.0, 0.75, 0.5
    model, val_metric, best_epoch = _threshold_model(schedule, restore_best=True)
    assert val_metric == [0.5, 0.75, 1.0, 0.75, 0.5]  # distinct scores: the best epoch is not the first
    assert best_epoch == 2
    assert model.bias.item() == 0.0  # the weights of epoch 3, not of the last epoch (2.0)
    last, _, _ = _threshold_model(schedule, restore_best=False)
    assert last.bias.item() == 2.0  # without restoring, the last epoch's weights stay


@pytest.mark.parametrize("kwargs, message", [({"epochs": 0}, "epochs"), ({"epochs": 1, "clip_norm": 0.0}, "clip_norm")])
def test_bad_arguments_are_named(kwargs: dict, message: str) -> None:
    model = nn.Linear(2, 2)
    with pytest.raises(ValueError, match=message):
        train(model, separable_batches(), loss_fn=nn.CrossEntropyLoss(),
              optimizer=torch.optim.SGD(model.parameters(), lr=0.1), **kwargs)


@pytest.mark.parametrize("poison, cause", [(float("nan"), "input 0 of the batch holds NaN"),
                                           (float("inf"), "input 0 of the batch holds NaN or infinite")])
def test_non_finite_inputs_stop_training_with_an_error_naming_them(poison: float, cause: str) -> None:
    """Training on NaN inputs used to run on, recording NaN losses, without a warning."""
    batches = separable_batches()
    x, y = batches[3]
    x = x.clone()
    x[5, 1] = poison
    batches[3] = (x, y)
    torch.manual_seed(0)
    model = nn.Linear(2, 2)
    with pytest.raises(FloatingPointError, match=rf"training loss is nan in epoch 1, batch 4: {cause}"):
        train(model, batches, loss_fn=nn.CrossEntropyLoss(), optimizer=torch.optim.SGD(model.parameters(), lr=0.1),
              epochs=2)


def test_a_diverging_model_stops_training_with_an_error() -> None:
    torch.manual_seed(0)
    model = nn.Linear(2, 1)
    batches = [(torch.full((4, 2), 1e30), torch.zeros(4, 1))]
    with pytest.raises(FloatingPointError, match="the model diverged"):
        train(model, batches, loss_fn=nn.MSELoss(), optimizer=torch.optim.SGD(model.parameters(), lr=1e10), epochs=3,
              metric=lambda output, target: 0.0)
