"""The description of one dataset, as plain data."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lecture10.data.sources import Source


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
    sources: tuple["Source", ...] = field(default_factory=tuple)
    md5: str | None = None  # only where the publisher gives no SHA-256

    def __post_init__(self) -> None:
        if not (self.sha256 or self.md5):
            raise ValueError(f"dataset {self.name!r} needs a sha256 (or md5) to be verified")
        if "/" in self.filename or "\\" in self.filename or self.filename in ("", ".", ".."):
            raise ValueError(f"dataset {self.name!r}: filename must be a plain file name")

    @property
    def checksum(self) -> str:
        """Return the expected digest as 'sha256:<hex>' (or 'md5:<hex>')."""
        return f"sha256:{self.sha256}" if self.sha256 else f"md5:{self.md5}"
