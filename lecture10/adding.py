"""The adding problem (Hochreiter & Schmidhuber, 1997; Le et al., 2015) and the experiment run on it.

Each example is a sequence of T pairs (value, marker): values are uniform on [0, 1], exactly two
markers are 1 (one in each half of the sequence), and the target is the sum of the two marked
values. Always predicting 1 (the mean of the target) gives MSE = Var(a + b) = 2/12 = 1/6.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Iterator

import torch
from torch import nn

from lecture10 import _checks, artefacts
from lecture10.recurrent import CELLS, recurrent_layer
from lecture10.training import History, evaluate, train

#: MSE of always predicting 1, the mean of the target: the variance of a sum of two U(0, 1) values.
BASELINE_MSE = 1 / 6


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


def fixed_batches(n: int, T: int, batch_size: int, seed: int) -> list[tuple[torch.Tensor, torch.Tensor]]:
    """A fixed, seeded set of ``n`` examples split into batches (for validation and test sets)."""
    x, y = adding_problem(n, T, torch.Generator().manual_seed(seed))
    return [(x[i : i + batch_size], y[i : i + batch_size]) for i in range(0, n, batch_size)]


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


def negative_mse(prediction: torch.Tensor, target: torch.Tensor) -> float:
    """Minus the mean squared error (a metric to maximise, for `lecture10.training.train`)."""
    return -nn.functional.mse_loss(prediction, target).item()


@dataclass
class AddingConfig:
    """How one model is trained on the adding problem (the same for every cell and length)."""

    hidden_size: int = 64
    batch_size: int = 32
    steps: int = 3000
    eval_every: int = 250
    #: Adam learning rate per cell: the best of {3e-4, 1e-3, 3e-3, 1e-2} in short pilots at T = 10 and 50.
    lr: dict[str, float] = field(default_factory=lambda: {"rnn": 1e-2, "irnn": 3e-4, "lstm": 1e-2, "gru": 1e-2})
    clip_norm: float = 1.0
    n_val: int = 500
    n_test: int = 1000
    n_grad: int = 100
    seed: int = 0

    def __post_init__(self) -> None:
        for name in ("hidden_size", "batch_size", "steps", "eval_every", "n_val", "n_test", "n_grad"):
            _checks.positive_int(getattr(self, name), name)
        if self.steps % self.eval_every:
            raise ValueError(f"steps ({self.steps}) must be a multiple of eval_every ({self.eval_every})")
        _checks.positive(self.clip_norm, "clip_norm")
        bad = {cell: lr for cell, lr in self.lr.items() if cell not in CELLS or not lr > 0}
        if bad:
            raise ValueError(f"lr must map cells {CELLS} to positive learning rates, got {bad}")


@dataclass
class AddingRun:
    """The outcome of training one cell on one sequence length."""

    cell: str
    T: int
    test_mse: float
    val_mse: list[float]
    grad_norms_init: list[float]
    grad_norms_trained: list[float]
    model: SequenceRegressor | None = field(default=None, repr=False)

    def summary(self) -> dict:
        """Everything but the model, as plain numbers (for JSON)."""
        out = asdict(self)
        out.pop("model")
        return out


def run_adding(cell: str, T: int, config: AddingConfig | None = None) -> AddingRun:
    """Train one `SequenceRegressor` on the adding problem of length T; measure test MSE and gradient norms.

    Seeded by ``config.seed``: the model, the training stream, and the validation, test and
    gradient-measurement sets are the same for every cell at a given length. Adam, gradient
    clipping, and the weights of the best validation checkpoint are kept.
    """
    config = AddingConfig() if config is None else config
    if cell not in config.lr:
        raise ValueError(f"config.lr has no learning rate for cell {cell!r}")
    torch.manual_seed(config.seed)
    model = SequenceRegressor(cell, config.hidden_size)
    grad_x, grad_y = adding_problem(config.n_grad, T, torch.Generator().manual_seed(config.seed + 3))
    norms_init = state_gradient_norms(model, grad_x, grad_y)
    history: History = train(
        model,
        AddingBatches(T, config.batch_size, config.eval_every, seed=config.seed + 1),
        loss_fn=nn.functional.mse_loss,
        optimizer=torch.optim.Adam(model.parameters(), lr=config.lr[cell]),
        epochs=config.steps // config.eval_every,
        val_batches=fixed_batches(config.n_val, T, 250, seed=config.seed + 2),
        metric=negative_mse,
        clip_norm=config.clip_norm,
    )
    test_mse, _ = evaluate(model, fixed_batches(config.n_test, T, 250, seed=config.seed + 4), nn.functional.mse_loss, negative_mse)
    norms_trained = state_gradient_norms(model, grad_x, grad_y)
    return AddingRun(
        cell=cell,
        T=T,
        test_mse=test_mse,
        val_mse=[-m for m in history.val_metric],
        grad_norms_init=norms_init.tolist(),
        grad_norms_trained=norms_trained.tolist(),
        model=model,
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
