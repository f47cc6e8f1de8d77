"""The hyper-parameters of a GloVe fit, shared by the torch trainer and the compiled one (no torch needed)."""
from __future__ import annotations

from dataclasses import asdict, dataclass

from lecture10 import _checks

__all__ = ["GloVeConfig"]


@dataclass(frozen=True)
class GloVeConfig:
    """Hyper-parameters of a GloVe fit (defaults: the paper's, except the batch size)."""

    dim: int = 100
    epochs: int = 25
    x_max: float = 100.0
    alpha: float = 0.75
    learning_rate: float = 0.05
    batch_size: int = 4096  #: the torch trainer's mini-batch (the compiled trainer steps pair by pair)
    seed: int = 0
    #: "elementwise": one AdaGrad accumulator per parameter, as in the paper's code;
    #: "rowwise": one per vector and one per bias (half the memory traffic, see train_glove).
    accumulators: str = "elementwise"
    #: each coordinate of a vector's gradient is clipped to [-grad_clip, grad_clip], as in glove.c.
    grad_clip: float = 100.0

    def __post_init__(self) -> None:
        for name in ("dim", "epochs", "batch_size"):
            _checks.positive_int(getattr(self, name), name)
        for name in ("x_max", "alpha", "learning_rate", "grad_clip"):
            _checks.positive(getattr(self, name), name)
        _checks.one_of(self.accumulators, ("elementwise", "rowwise"), "accumulators")

    def to_dict(self) -> dict:
        """The hyper-parameters as a JSON-ready dict."""
        return asdict(self)
