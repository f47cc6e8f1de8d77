"""The description of one dataset, as plain data, and what a source of it must do."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from lecture10.data.files import Checksum


class Source(Protocol):
    """Anything that can deliver a verified dataset file."""

    def describe(self) -> str:
        """Return a few words naming the source, for error messages."""

    def manual_step(self, dataset: Dataset) -> str:
        """Return what a person can do by hand to get the file from this source."""

    def retrieve(self, dataset: Dataset, dest: Path, *, progress: bool = True) -> None:
        """Write the dataset's verified file to ``dest`` (a temporary path), or raise SourceFailed."""


@dataclass(frozen=True)
class Dataset:
    """A named file with a known hash, and the remote sources that can provide it, in order.

    Before any of ``sources`` is tried, :func:`lecture10.data.fetch` looks for ``filename``
    in ``$LECTURE10_DATA_MIRROR`` and then in the cache directory.
    """

    name: str
    filename: str
    sha256: str | None
    description: str
    licence: str
    citation: str = ""
    size: int | None = None
    sources: tuple[Source, ...] = field(default_factory=tuple)
    md5: str | None = None  # only where the publisher gives no SHA-256

    def __post_init__(self) -> None:
        if not (self.sha256 or self.md5):
            raise ValueError(f"dataset {self.name!r} needs a sha256 (or md5) to be verified")
        if "/" in self.filename or "\\" in self.filename or self.filename in ("", ".", ".."):
            raise ValueError(f"dataset {self.name!r}: filename must be a plain file name")

    @property
    def expected(self) -> Checksum:
        """Return the size and hash the dataset's file must have."""
        return Checksum(self.sha256, self.size, self.md5)

    @property
    def checksum(self) -> str:
        """Return the expected digest as 'sha256:<hex>' (or 'md5:<hex>')."""
        return str(self.expected)

    def problem(self, path: Path) -> str | None:
        """Return None if ``path`` is this dataset's file (size and hash), else a short reason."""
        return self.expected.problem(path)
