"""The adding-problem generator, the regressor wrapper and the gradient-norm measurement."""
from __future__ import annotations

import pytest
import torch
from torch import nn

from lecture10.adding import (
    BASELINE_MSE,
    ONE_MARKER_MSE,
    AddingBatches,
    AddingConfig,
    SequenceRegressor,
    adding_problem,
    marked_values,
    marker_weights,
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


def test_using_one_marker_gives_one_twelfth() -> None:
    """Predicting the second marked value + 0.5 leaves the first one's variance, 1/12."""
    x, y = adding_problem(200_000, 10, torch.Generator().manual_seed(1))
    marked = marked_values(x)
    assert ONE_MARKER_MSE == pytest.approx(1 / 12)
    assert ((marked[:, 1] + 0.5 - y) ** 2).mean().item() == pytest.approx(1 / 12, abs=0.001)
    assert torch.allclose(marked.sum(1), y)


def test_marked_values_are_in_time_order() -> None:
    x = torch.zeros(1, 6, 2)
    x[0, :, 0] = torch.tensor([0.1, 0.2, 0.3, 0.4, 0.5, 0.6])
    x[0, 1, 1] = x[0, 4, 1] = 1.0
    assert marked_values(x).tolist() == [[pytest.approx(0.2), pytest.approx(0.5)]]
    with pytest.raises(ValueError, match="exactly two markers"):
        marked_values(torch.zeros(1, 6, 2))
    with pytest.raises(ValueError, match="shape"):
        marked_values(torch.zeros(6, 2))


def test_marker_weights_recover_known_linear_predictions() -> None:
    """Weights of predictions built from the marked values with known coefficients."""
    marked = torch.rand(300, 2, generator=torch.Generator().manual_seed(0))
    assert marker_weights(marked.sum(1), marked) == pytest.approx((1.0, 1.0))
    assert marker_weights(marked[:, 1] + 0.5, marked) == pytest.approx((0.0, 1.0), abs=1e-6)
    assert marker_weights(torch.full((300,), 1.0), marked) == pytest.approx((0.0, 0.0), abs=1e-6)
    assert marker_weights(0.3 * marked[:, 0] - 2 * marked[:, 1] + 7, marked) == pytest.approx((0.3, -2.0), abs=1e-5)
    with pytest.raises(ValueError, match="at least 3"):
        marker_weights(torch.zeros(2), torch.zeros(2, 2))
    with pytest.raises(ValueError, match="must be"):
        marker_weights(torch.zeros(5), torch.zeros(4, 2))


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


def test_a_tiny_run_reports_its_checks_and_keeps_its_best_one() -> None:
    config = AddingConfig(hidden_size=4, steps=6, eval_every=2, n_val=8, n_test=8, n_grad=3)
    run = run_adding("gru", 5, config)
    assert run.T == 5 and run.seed == 0 and run.check_steps == [2, 4, 6] and len(run.grad_norms_init) == 5
    assert len(run.val_mse) == len(run.weight_first) == len(run.weight_second) == len(run.grad_reach) == 3
    assert run.test_predictions.shape == (8,) and len(run.test_weights) == 2
    summary = run.summary()
    assert "model" not in summary and "test_predictions" not in summary and summary["check_steps"] == [2, 4, 6]
    # the kept model is the one of the best check: its validation MSE is the smallest recorded
    val_x, val_y = config.examples(8, 5, "val")
    with torch.no_grad():
        kept = ((run.model(val_x) - val_y) ** 2).mean().item()
    assert kept == pytest.approx(min(run.val_mse), rel=1e-5)
    test_x, test_y = config.examples(8, 5, "test")
    assert run.test_mse == pytest.approx(((run.test_predictions - test_y) ** 2).mean().item())


def test_seeds_change_the_model_and_batches_but_not_the_held_out_sets() -> None:
    a, b = AddingConfig(seed=0), AddingConfig(seed=1)
    assert torch.equal(a.examples(5, 8, "test")[0], b.examples(5, 8, "test")[0])
    assert a.seed_for("train") != b.seed_for("train")
    seeds = {AddingConfig(seed=s).seed_for("train") for s in range(5)} | {a.seed_for(p) for p in ("val", "grad", "test")}
    assert len(seeds) == 8  # no stream shares its seed with another stream or a held-out set
    small = dict(hidden_size=4, steps=2, eval_every=2, n_val=8, n_test=8, n_grad=3)
    one, other = (run_adding("rnn", 5, AddingConfig(seed=s, **small)) for s in (0, 1))
    assert not torch.equal(one.test_predictions, other.test_predictions)


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
    with pytest.raises(ValueError, match="seed"):
        AddingConfig(seed=-1)
    with pytest.raises(ValueError, match="n_val"):
        AddingConfig(n_val=2)
    with pytest.raises(ValueError, match="purpose"):
        AddingConfig().seed_for("training")


def test_load_trained_lstm_gives_the_shipped_weights_and_solves_its_task() -> None:
    from lecture10.adding import load_trained_lstm
    from lecture10.artefacts import adding_results

    results = adding_results()
    first_seed = results["seeds"][0]
    recorded = {run["T"]: run["test_mse"] for run in results["runs"] if run["cell"] == "lstm" and run["seed"] == first_seed}
    model = load_trained_lstm(100)
    x, y = adding_problem(500, 100, torch.Generator().manual_seed(1))
    with torch.no_grad():
        mse = ((model(x) - y) ** 2).mean().item()
    assert mse < BASELINE_MSE / 10 and recorded[100] < BASELINE_MSE / 10
    with pytest.raises(KeyError, match="T=7"):
        load_trained_lstm(7)


def test_shipped_predictions_reproduce_the_recorded_test_mses_and_weights() -> None:
    """The .npz and the .json of the experiment agree, and the test set is the one AddingConfig makes."""
    from lecture10.artefacts import adding_predictions, adding_results

    results, arrays = adding_results(), adding_predictions()
    config = AddingConfig(**{k: v for k, v in results["config"].items() if k in ("n_test", "data_seed")})
    for T in results["lengths"]:
        x, y = config.examples(config.n_test, T, "test")
        assert torch.equal(torch.from_numpy(arrays[f"target-T{T}"]), y)
        assert torch.equal(torch.from_numpy(arrays[f"marked-T{T}"]), marked_values(x))
    for run in results["runs"]:
        prediction = torch.from_numpy(arrays[f"{run['cell']}-T{run['T']}-seed{run['seed']}"])
        target = torch.from_numpy(arrays[f"target-T{run['T']}"])
        assert ((prediction - target) ** 2).mean().item() == pytest.approx(run["test_mse"], rel=1e-5)
        weights = marker_weights(prediction, torch.from_numpy(arrays[f"marked-T{run['T']}"]))
        assert weights == pytest.approx(run["test_weights"], abs=1e-6)
        assert len(run["check_steps"]) == len(run["weight_first"]) == len(run["grad_reach"])
