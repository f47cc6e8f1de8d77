"""Datasets computed from other datasets by a fixed conversion, verified by their own pinned hash.

Used where a registry file is not in the form the book reads (a parquet column, or
vectors in numpy form that are also wanted as Stanford's text file): the conversion runs
once, at fetch time, and its output must have the pinned SHA-256 like any other file.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from lecture10.data.dataset import Dataset
from lecture10.data.errors import DatasetUnavailable, SourceFailed
from lecture10.data.retrieval import fetch

#: A conversion: (verified input files, in the order of ``inputs``, output path) -> None.
Conversion = Callable[[list[Path], Path], None]


class ConversionUnavailable(RuntimeError):
    """A conversion needs something that is not installed; the message says what to install."""


@dataclass(frozen=True)
class Derived:
    """The dataset file made by ``convert`` from the (fetched, verified) datasets ``inputs``."""

    inputs: tuple[str, ...]
    convert: Conversion
    how: str  # a few words: 'the parquet column "index", one word per line'

    def __post_init__(self) -> None:
        if isinstance(self.inputs, str) or not self.inputs:
            raise TypeError(f"inputs must be a non-empty tuple of dataset names, not {self.inputs!r}")

    def describe(self) -> str:
        """Return 'converted from <inputs>: <how>'."""
        return f"converted from {' + '.join(self.inputs)} ({self.how})"

    def manual_step(self, dataset: Dataset) -> str:
        """Return how to make the file: fetch the inputs, then fetch this dataset again."""
        inputs = " and ".join(f"`python -m lecture10.data fetch {name}`" for name in self.inputs)
        return f"run {inputs}; {dataset.filename} is then {self.how}"

    def retrieve(self, dataset: Dataset, dest: Path, *, progress: bool = True) -> None:
        """Fetch the inputs, convert them into ``dest`` and verify the result."""
        try:
            paths = [fetch(name, progress=progress) for name in self.inputs]
        except DatasetUnavailable as exc:
            raise SourceFailed(f"{self.describe()}: input {exc.name!r} is not available "
                               f"({exc.attempts[-1] if exc.attempts else 'no source'})") from exc
        try:
            self.convert(paths, dest)
        except ConversionUnavailable as exc:
            raise SourceFailed(f"{self.describe()}: {exc}") from exc
        except (OSError, ValueError) as exc:
            raise SourceFailed(f"{self.describe()}: conversion failed ({type(exc).__name__}: {exc})") from exc
        problem = dataset.problem(dest)
        if problem:
            raise SourceFailed(f"{self.describe()}: {problem}")
