"""Exceptions raised by :mod:`lecture10.data`."""
from __future__ import annotations


class SourceFailed(Exception):
    """A source could not deliver a verified file.

    ``attempts`` lists ``"<what was tried>: <why it failed>"`` for every place the source
    looked (a mirror copy, a cached download, each URL), in order.
    """

    def __init__(self, *attempts: str) -> None:
        self.attempts = list(attempts)
        super().__init__("; ".join(self.attempts))


class UnsafeArchive(ValueError):
    """An archive holds a member whose path would escape the extraction directory."""


class DamagedArchive(ValueError):
    """An archive cannot be read (truncated, corrupt, or not an archive at all)."""


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


class CacheUnusable(DatasetUnavailable):
    """The cache folder (or the dataset's place in it) cannot be written, so nothing is downloaded."""


class UnknownDataset(KeyError):
    """The name is not in the catalogue; the message lists the known names."""

    def __init__(self, name: str, known: list[str]) -> None:
        self.name = name
        self.known = list(known)
        super().__init__(name)

    def __str__(self) -> str:
        return f"unknown dataset {self.name!r}; known datasets: {', '.join(self.known)}"
