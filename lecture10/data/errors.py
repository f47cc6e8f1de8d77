"""Exceptions raised by :mod:`lecture10.data`."""
from __future__ import annotations


class SourceFailed(Exception):
    """One source could not deliver a verified file; the message says why, in a few words."""


class UnsafeArchive(ValueError):
    """An archive holds a member whose path would escape the extraction directory."""


class DatasetUnavailable(RuntimeError):
    """No source could deliver a dataset; the message lists every attempt and the remedy."""

    def __init__(self, name: str, attempts: list[str], remedy: str) -> None:
        self.name = name
        self.attempts = list(attempts)
        self.remedy = remedy
        lines = [f"Dataset {name!r} is not available. Sources tried, in order:"]
        lines += [f"  {i}. {attempt}" for i, attempt in enumerate(self.attempts, 1)]
        lines += ["", remedy]
        super().__init__("\n".join(lines))


class UnknownDataset(KeyError):
    """The name is not in the catalogue; the message lists the known names."""

    def __init__(self, name: str, known: list[str]) -> None:
        self.name = name
        self.known = list(known)
        super().__init__(name)

    def __str__(self) -> str:
        return f"unknown dataset {self.name!r}; known datasets: {', '.join(self.known)}"
