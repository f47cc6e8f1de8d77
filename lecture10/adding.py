"""The adding problem (Hochreiter & Schmidhuber, 1997; Le et al., 2015) and the experiment run on it.

Each example is a sequence of T pairs (value, marker): values are uniform on [0, 1], exactly two
markers are 1 (one in each half of the sequence), and the target is the sum of the two marked
values. Always predicting 1 (the mean of the target) gives MSE = Var(a + b) = 2/12 = 1/6; using
one marked value and guessing the other (its mean, 0.5) gives Var(U(0, 1)) = 1/12.

During training, :func:`run_adding` checks the model every ``eval_every`` steps: its validation
MSE, how much its prediction depends on each marked value (:func:`marker_weights`), and how much
of the gradient reaches the first step (:func:`state_gradient_norms`).
"""
from __future__ import annotations

import copy
import math
from dataclasses import asdict, dataclass, field
from typing import Iterator

import torch
from torch import nn

from lecture10 import _checks, artefacts
from lecture10.recurrent import CELLS, recurrent_layer
from lecture10.training import train

#: MSE of always predicting 1, the mean of the target: the variance of a sum of two U(0, 1) values.
BASELINE_MSE = 1 / 6
#: MSE of predicting one marked value + 0.5 (the other's mean): the variance of one U(0, 1) value.
ONE_MARKER_MSE = 1 / 12


def adding_problem(n: int, T: int, generator: torch.Generator | None = None) -> tuple[torch.Tensor, torch.Tensor]:
    """``n`` adding-problem examples of length ``T``: inputs (n, T, 2) = (value, marker), targets (n,)."""
    _checks.positive_int(n, "n (the number of examples)")
    if _checks.positive_int(T, "T") < 2:
        raise ValueError(f"sequence length T must be at least 2 (one marker in each half), got {T}")
    values = torch.rand(n, T, generator=generator)
    half = T // 2
    first = torch.randint(0, half, (n,), generator=generator)  # a marker in the first half ...
    second = torch.randint(half, T, (n,), generator=generator)  # ... and one in the second half
    markers = torch.zeros(n, T)
    rows = torch.arange(n)
    markers[rows, first] = 1.0
    markers[rows, second] = 1.0
    target = values[rows, first] + values[rows, second]
    return torch.stack([values, markers], dim=-1), target


class AddingBatches:
    """An endless supply of fresh adding-problem batches: each pass yields ``n_batches`` new ones.

    Its own seeded generator makes the whole stream reproducible, and fresh data means the
    models cannot overfit a fixed training set.
    """

    def __init__(self, T: int, batch_size: int, n_batches: int, seed: int = 0) -> None:
        _checks.positive_int(batch_size, "batch_size")
        _checks.positive_int(n_batches, "n_batches")
        self.T, self.batch_size, self.n_batches = T, batch_size, n_batches
        self.generator = torch.Generator().manual_seed(seed)

    def __iter__(self) -> Iterator[tuple[torch.Tensor, torch.Tensor]]:
        for _ in range(self.n_batches):
            yield adding_problem(self.batch_size, self.T, self.generator)

    def __len__(self) -> int:
        return self.n_batches


def marked_values(x: torch.Tensor) -> torch.Tensor:
    """The two marked values of each adding-problem input ``x`` (n, T, 2), in time order: (n, 2)."""
    if x.dim() != 3 or x.shape[2] != 2:
        raise ValueError(f"x must have shape (n, T, 2) = (value, marker), got {tuple(x.shape)}")
    markers = x[..., 1] > 0
    if not bool((markers.sum(1) == 2).all()):
        raise ValueError("every sequence of x must have exactly two markers")
    return x[..., 0][markers].view(-1, 2)


def marker_weights(prediction: torch.Tensor, marked: torch.Tensor) -> tuple[float, float]:
    """Least-squares weights (w1, w2) of ``prediction ≈ c + w1 * first + w2 * second`` over examples.

    A model that solves the task has weights (1, 1); one that always predicts 1 has (0, 0); one
    that uses only the second marked value has (0, 1).
    """
    if prediction.dim() != 1 or marked.shape != (prediction.shape[0], 2):
        raise ValueError(f"prediction must be (n,) and marked (n, 2), got {tuple(prediction.shape)} "
                         f"and {tuple(marked.shape)}")
    if prediction.shape[0] < 3:
        raise ValueError(f"fitting three coefficients needs at least 3 examples, got {prediction.shape[0]}")
    design = torch.cat([torch.ones(len(marked), 1, dtype=torch.float64), marked.double()], dim=1)
    coefficients = torch.linalg.lstsq(design, prediction.detach().double()[:, None]).solution[:, 0]
    return coefficients[1].item(), coefficients[2].item()


class SequenceRegressor(nn.Module):
    """A recurrent layer (:data:`lecture10.recurrent.CELLS`) read out linearly from its last hidden state."""

    def __init__(self, cell: str, hidden_size: int = 64, input_size: int = 2) -> None:
        super().__init__()
        self.cell = cell
        self.rnn = recurrent_layer(cell, input_size, hidden_size)
        self.readout = nn.Linear(hidden_size, 1)

    def _check(self, x: torch.Tensor) -> None:
        if x.dim() != 3 or x.shape[2] != self.rnn.input_size:
            raise ValueError(f"x must have shape (batch, time, {self.rnn.input_size}), got {tuple(x.shape)}")

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Predictions (batch,) for inputs (batch, time, input)."""
        self._check(x)
        outputs, _ = self.rnn(x)
        return self.readout(outputs[:, -1]).squeeze(-1)

    def stepwise(self, x: torch.Tensor) -> tuple[torch.Tensor, list[tuple[torch.Tensor, ...]]]:
        """Like `forward`, one time step at a time; also return each step's state (h,) or (h, c) as graph nodes."""
        self._check(x)
        state, states = None, []
        for t in range(x.shape[1]):
            _, state = self.rnn(x[:, t : t + 1], state)
            parts = state if isinstance(state, tuple) else (state,)
            for p in parts:
                p.retain_grad()
            states.append(parts)
        # Read out from the state tensor itself (not the equal `out`), so that h(T) is on the gradient path.
        return self.readout(states[-1][0][-1]).squeeze(-1), states


def state_gradient_norms(model: SequenceRegressor, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """Mean over examples of ||dL/ds(t)|| for t = 1..T, with L the example's squared error.

    ``s(t)`` is the recurrent state after step t: h(t) for the RNNs and the GRU, the pair
    (h(t), c(t)) for the LSTM. Examples do not interact, so backpropagating the *sum* of the
    squared errors gives every example its own gradient.
    """
    if y.shape != (x.shape[0],):
        raise ValueError(f"y must have shape ({x.shape[0]},), got {tuple(y.shape)}")
    was_training = model.training
    model.eval()
    model.zero_grad()
    prediction, states = model.stepwise(x)
    ((prediction - y) ** 2).sum().backward()
    # The LSTM's last cell state c(T) does not reach the loss: its gradient is zero (None in autograd).
    grads = [[torch.zeros_like(p[0]) if p.grad is None else p.grad[0] for p in parts] for parts in states]
    norms = torch.stack([torch.cat(g, dim=-1).norm(dim=-1).mean() for g in grads])
    model.zero_grad()
    model.train(was_training)
    return norms.detach()


@dataclass
class AddingConfig:
    """How one model is trained on the adding problem (the same for every cell and length).

    ``seed`` sets the model's initialisation and its stream of training batches; ``data_seed``
    the validation, test and gradient-measurement sets, so that runs with different seeds are
    judged on the same held-out sequences.
    """

    hidden_size: int = 64
    batch_size: int = 32
    steps: int = 4000
    eval_every: int = 50
    #: Adam learning rate per cell: the best of {3e-4, 1e-3, 3e-3, 1e-2} in short pilots at T = 10 and 50.
    lr: dict[str, float] = field(default_factory=lambda: {"rnn": 1e-2, "irnn": 3e-4, "lstm": 1e-2, "gru": 1e-2})
    clip_norm: float = 1.0
    n_val: int = 500
    n_test: int = 1000
    n_grad: int = 100
    seed: int = 0
    data_seed: int = 0

    def __post_init__(self) -> None:
        for name in ("hidden_size", "batch_size", "steps", "eval_every", "n_val", "n_test", "n_grad"):
            _checks.positive_int(getattr(self, name), name)
        _checks.non_negative_int(self.seed, "seed")
        _checks.non_negative_int(self.data_seed, "data_seed")
        if self.steps % self.eval_every:
            raise ValueError(f"steps ({self.steps}) must be a multiple of eval_every ({self.eval_every})")
        if self.n_val < 3:
            raise ValueError(f"n_val must be at least 3 (marker_weights fits three coefficients), got {self.n_val}")
        _checks.positive(self.clip_norm, "clip_norm")
        bad = {cell: lr for cell, lr in self.lr.items() if cell not in CELLS or not lr > 0}
        if bad:
            raise ValueError(f"lr must map cells {CELLS} to positive learning rates, got {bad}")

    def seed_for(self, purpose: str) -> int:
        """The seed of the training stream ("train") or of a held-out set ("val", "grad", "test")."""
        offsets = {"train": 1, "val": 2, "grad": 3, "test": 4}
        if purpose not in offsets:
            raise ValueError(f"purpose must be one of {sorted(offsets)}, got {purpose!r}")
        return 10 * (self.seed if purpose == "train" else self.data_seed) + offsets[purpose]

    def examples(self, n: int, T: int, purpose: str) -> tuple[torch.Tensor, torch.Tensor]:
        """The ``n`` held-out examples of length T for ``purpose`` ("val", "grad" or "test")."""
        return adding_problem(n, T, torch.Generator().manual_seed(self.seed_for(purpose)))


@dataclass
class AddingRun:
    """The outcome of training one cell on one sequence length, with what was checked during training.

    The lists ``check_steps`` ... ``grad_reach`` have one entry per check (every ``eval_every``
    steps): the validation MSE, the least-squares weights of the prediction on the first and the
    second marked value (:func:`marker_weights`), and the fraction ||dL/ds(1)|| / ||dL/ds(T)|| of
    the gradient that reaches the first step. The model keeps the weights of its best check.
    """

    cell: str
    T: int
    seed: int
    test_mse: float
    test_weights: tuple[float, float]
    check_steps: list[int]
    val_mse: list[float]
    weight_first: list[float]
    weight_second: list[float]
    grad_reach: list[float]
    grad_norms_init: list[float]
    grad_norms_trained: list[float]
    model: SequenceRegressor | None = field(default=None, repr=False)
    test_predictions: torch.Tensor | None = field(default=None, repr=False)

    def summary(self) -> dict:
        """Everything but the model and the test predictions, as plain numbers (for JSON)."""
        out = asdict(self)
        out.pop("model")
        out.pop("test_predictions")
        out["test_weights"] = list(self.test_weights)
        return out


@torch.no_grad()
def _predict(model: SequenceRegressor, x: torch.Tensor, batch_size: int = 250) -> torch.Tensor:
    model.eval()
    return torch.cat([model(x[i : i + batch_size]) for i in range(0, len(x), batch_size)])


def run_adding(cell: str, T: int, config: AddingConfig | None = None) -> AddingRun:
    """Train one `SequenceRegressor` on the adding problem of length T, checking it as it learns.

    Adam with gradient clipping on fresh batches (``config.seed``); every ``eval_every`` steps the
    validation MSE, the marker weights and the gradient reaching step 1 are recorded, and the
    weights of the best validation check are kept. Test MSE and weights are measured at the end.
    """
    config = AddingConfig() if config is None else config
    if cell not in config.lr:
        raise ValueError(f"config.lr has no learning rate for cell {cell!r}")
    torch.manual_seed(config.seed)
    model = SequenceRegressor(cell, config.hidden_size)
    val_x, val_y = config.examples(config.n_val, T, "val")
    grad_x, grad_y = config.examples(config.n_grad, T, "grad")
    test_x, test_y = config.examples(config.n_test, T, "test")
    val_marked = marked_values(val_x)
    norms_init = state_gradient_norms(model, grad_x, grad_y)
    optimizer = torch.optim.Adam(model.parameters(), lr=config.lr[cell])
    stream = AddingBatches(T, config.batch_size, config.eval_every, seed=config.seed_for("train"))
    log: dict[str, list] = {k: [] for k in ("check_steps", "val_mse", "weight_first", "weight_second", "grad_reach")}
    best_mse, best_state = math.inf, None
    for check in range(1, config.steps // config.eval_every + 1):
        train(model, stream, loss_fn=nn.functional.mse_loss, optimizer=optimizer, epochs=1, clip_norm=config.clip_norm)
        prediction = _predict(model, val_x)
        mse = nn.functional.mse_loss(prediction, val_y).item()
        norms = state_gradient_norms(model, grad_x, grad_y)
        for key, value in zip(log, (check * config.eval_every, mse, *marker_weights(prediction, val_marked),
                                    (norms[0] / norms[-1]).item())):
            log[key].append(value)
        if mse < best_mse:
            best_mse, best_state = mse, copy.deepcopy(model.state_dict())
    model.load_state_dict(best_state)
    test_prediction = _predict(model, test_x)
    return AddingRun(
        cell=cell, T=T, seed=config.seed,
        test_mse=nn.functional.mse_loss(test_prediction, test_y).item(),
        test_weights=marker_weights(test_prediction, marked_values(test_x)),
        **log,
        grad_norms_init=norms_init.tolist(),
        grad_norms_trained=state_gradient_norms(model, grad_x, grad_y).tolist(),
        model=model.eval(),
        test_predictions=test_prediction,
    )


def solved(mse: float, fraction: float = 0.1) -> bool:
    """Whether a test MSE counts as solving the task: below ``fraction`` of the 1/6 baseline."""
    _checks.in_open_interval(fraction, "fraction")
    return math.isfinite(mse) and mse < fraction * BASELINE_MSE


def load_trained_lstm(T: int) -> SequenceRegressor:
    """The LSTM regressor trained at sequence length T by ``python -m tools.adding_experiment`` (shipped weights)."""
    weights = torch.load(artefacts.path(artefacts.ADDING_WEIGHTS), weights_only=True)
    if T not in weights:
        raise KeyError(f"no trained LSTM for T={T}; the shipped weights cover T in {sorted(weights)}")
    state = weights[T]
    model = SequenceRegressor("lstm", hidden_size=state["readout.weight"].shape[1])
    model.load_state_dict(state)
    return model.eval()
