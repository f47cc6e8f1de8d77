"""The adding-problem generator, the regressor wrapper and the gradient-norm measurement."""
from __future__ import annotations

import pytest
import torch
from torch import nn

from lecture10.adding import (
    BASELINE_MSE,
    AddingBatches,
    AddingConfig,
    SequenceRegressor,
    adding_problem,
    fixed_batches,
    run_adding,
    solved,
    state_gradient_norms,
)


def test_examples_have_two_markers_one_in_each_half_and_the_sum_as_target() -> None:
    x, y = adding_problem(200, 11, torch.Generator().manual_seed(0))
    assert x.shape == (200, 11, 2) and y.shape == (200,)
    markers = x[..., 1]
    assert torch.equal(markers.sum(1), torch.full((200,), 2.0))
    assert (markers[:, :5].sum(1) == 1).all() and (markers[:, 5:].sum(1) == 1).all()
    for values, marks, target in zip(x[..., 0], markers, y):
        marked = [v.item() for v, m in zip(values, marks) if m == 1]
        assert target.item() == pytest.approx(sum(marked))
    assert 0 <= x[..., 0].min() and x[..., 0].max() <= 1


def test_baseline_of_predicting_one_is_one_sixth() -> None:
    """Var(a + b) for two independent U(0, 1) values is 2 * 1/12; check against a large sample."""
    assert BASELINE_MSE == pytest.approx(2 / 12)
    _, y = adding_problem(200_000, 10, torch.Generator().manual_seed(0))
    mse_of_one = ((y - 1.0) ** 2).mean().item()
    assert mse_of_one == pytest.approx(1 / 6, abs=0.002)
    assert y.mean().item() == pytest.approx(1.0, abs=0.005)


def test_batches_are_reproducible_and_fresh_each_pass() -> None:
    a, b = AddingBatches(7, 4, 3, seed=5), AddingBatches(7, 4, 3, seed=5)
    first_a, first_b = list(a), list(b)
    assert len(first_a) == len(a) == 3
    assert all(torch.equal(u[0], v[0]) for u, v in zip(first_a, first_b))
    second_a = list(a)
    assert not torch.equal(first_a[0][0], second_a[0][0])
    sets = fixed_batches(10, 6, 4, seed=1)
    assert [len(t) for _, t in sets] == [4, 4, 2]


@pytest.mark.parametrize("cell", ["rnn", "irnn", "lstm", "gru"])
def test_regressor_forward_equals_its_stepwise_unroll(cell: str) -> None:
    torch.manual_seed(0)
    model = SequenceRegressor(cell, hidden_size=8)
    x, _ = adding_problem(3, 9)
    prediction, states = model.stepwise(x)
    assert model(x).shape == (3,)
    torch.testing.assert_close(model(x), prediction)
    assert len(states) == 9 and len(states[0]) == (2 if cell == "lstm" else 1)


def test_state_gradient_norms_match_a_per_example_autograd_computation() -> None:
    """Independent check: the hidden states of nn.RNN's output for one example at a time."""
    torch.manual_seed(0)
    model = SequenceRegressor("rnn", hidden_size=6).double()
    x, y = adding_problem(4, 7, torch.Generator().manual_seed(1))
    x, y = x.double(), y.double()
    norms = state_gradient_norms(model, x, y)
    expected = torch.zeros(7, dtype=torch.float64)
    for i in range(4):
        hs = [torch.zeros(1, 6, dtype=torch.float64)]
        cell = nn.RNNCell(2, 6).double()
        cell.load_state_dict({k.removesuffix("_l0"): v for k, v in model.rnn.state_dict().items()})
        for t in range(7):
            h = cell(x[i : i + 1, t], hs[-1])
            h.retain_grad()
            hs.append(h)
        loss = (model.readout(hs[-1]).squeeze() - y[i]) ** 2
        loss.backward()
        expected += torch.stack([h.grad.norm() for h in hs[1:]]) / 4
    torch.testing.assert_close(norms, expected)


def test_gradients_vanish_for_a_tanh_rnn_but_not_for_an_irnn_at_initialisation() -> None:
    torch.manual_seed(0)
    x, y = adding_problem(20, 40, torch.Generator().manual_seed(0))
    tanh = state_gradient_norms(SequenceRegressor("rnn", 16), x, y)
    irnn = state_gradient_norms(SequenceRegressor("irnn", 16), x, y)
    assert tanh[0] / tanh[-1] < 1e-6
    assert irnn[0] / irnn[-1] > 0.5


def test_lstm_gradient_norm_includes_the_cell_state() -> None:
    torch.manual_seed(0)
    model = SequenceRegressor("lstm", 5)
    x, y = adding_problem(2, 4)
    norms = state_gradient_norms(model, x, y)
    prediction, states = model.stepwise(x)
    ((prediction - y) ** 2).sum().backward()
    h, c = states[1]
    expected = torch.cat([h.grad[0], c.grad[0]], -1).norm(dim=-1).mean()
    torch.testing.assert_close(norms[1], expected)


def test_a_tiny_run_reports_its_numbers() -> None:
    run = run_adding("gru", 5, AddingConfig(hidden_size=4, steps=4, eval_every=2, n_val=8, n_test=8, n_grad=3))
    assert run.T == 5 and len(run.val_mse) == 2 and len(run.grad_norms_init) == 5
    assert run.test_mse > 0 and "model" not in run.summary()


def test_solved_threshold() -> None:
    assert solved(0.01) and not solved(0.1) and not solved(float("nan"))


def test_bad_inputs_raise_clear_errors() -> None:
    with pytest.raises(ValueError, match="at least 2"):
        adding_problem(3, 1)
    with pytest.raises(ValueError, match="positive"):
        adding_problem(0, 5)
    with pytest.raises(ValueError, match="unknown cell"):
        SequenceRegressor("transformer")
    with pytest.raises(ValueError, match="shape"):
        SequenceRegressor("gru", 4)(torch.zeros(2, 5, 3))
    with pytest.raises(ValueError, match="multiple"):
        AddingConfig(steps=10, eval_every=3)
    with pytest.raises(ValueError, match="learning rates"):
        AddingConfig(lr={"transformer": 0.1})
    with pytest.raises(ValueError, match="fraction"):
        solved(0.1, fraction=2)


def test_load_trained_lstm_gives_the_shipped_weights_and_solves_its_task() -> None:
    from lecture10.adding import BASELINE_MSE, adding_problem, load_trained_lstm
    from lecture10.artefacts import adding_results

    results = adding_results()
    recorded = {run["T"]: run["test_mse"] for run in results["runs"] if run["cell"] == "lstm"}
    model = load_trained_lstm(100)
    x, y = adding_problem(500, 100, torch.Generator().manual_seed(1))
    with torch.no_grad():
        mse = ((model(x) - y) ** 2).mean().item()
    assert mse < BASELINE_MSE / 10 and recorded[100] < BASELINE_MSE / 10
    with pytest.raises(KeyError, match="T=7"):
        load_trained_lstm(7)
