"""Sources on the web: an HTTPS file, and a member of an archive served over HTTPS.

Each source writes the dataset's verified file to the temporary path it is given (the
move into place is :func:`lecture10.data.fetch`'s job) or raises SourceFailed listing
what it tried.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lecture10.data import http
from lecture10.data.archives import extract_member
from lecture10.data.dataset import Dataset
from lecture10.data.errors import SourceFailed
from lecture10.data.files import Checksum, atomic_path
from lecture10.data.locations import MIRROR_ENV, cache_dir, mirror_dir
from lecture10.data.locking import locked

DOWNLOADS = "downloads"


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
        """Download ``url`` to ``dest`` and verify it."""
        try:
            http.download(self.url, dest, progress=progress)
        except OSError as exc:
            raise SourceFailed(f"{self.describe()}: {exc}") from exc
        problem = dataset.problem(dest)
        if problem:
            raise SourceFailed(f"{self.describe()}: {problem}")


def _extract(archive: Path, members: tuple[str, ...], dataset: Dataset, dest: Path) -> str | None:
    """Extract a member of ``archive`` to ``dest`` and check it; return None or why it failed."""
    try:
        extract_member(archive, members, dest, size=dataset.size)
    except (OSError, ValueError) as exc:
        return str(exc)
    return dataset.problem(dest)


@dataclass(frozen=True)
class HttpsArchiveMember:
    """A member of a zip or tar archive that can be downloaded from any of ``urls``.

    The archive is looked for first as ``archive_name`` in the mirror folder and in the
    cache's ``downloads/`` folder. With ``archive_sha256`` (and ``archive_size``) every
    copy of the archive is verified before it is opened. A downloaded archive is kept
    in ``downloads/`` only with ``keep_archive`` (for archives that hold several datasets).
    """

    urls: tuple[str, ...]
    archive_name: str
    member: str
    archive_sha256: str | None = None
    archive_size: int | None = None
    keep_archive: bool = False

    def __post_init__(self) -> None:
        if isinstance(self.urls, str) or not self.urls:
            raise TypeError(f"urls must be a non-empty tuple of URLs, not {self.urls!r}")

    def describe(self) -> str:
        """Return 'HTTPS <archive> (member <member>)'."""
        return f"HTTPS {self.archive_name} (member {self.member})"

    def manual_step(self, dataset: Dataset) -> str:
        """Return how to download the archive and take the member out by hand."""
        keep = "" if self.member == dataset.filename else f" and save it as {dataset.filename}"
        pin = f" ({Checksum(self.archive_sha256, self.archive_size)})" if self.archive_sha256 else ""
        return (f"download {self.urls[0]}{pin} and take {self.member} out of it{keep} (or put "
                f"{self.archive_name} itself in the ${MIRROR_ENV} folder)")

    def _archive_problem(self, path: Path) -> str | None:
        if self.archive_sha256 is None:
            return None if path.is_file() else "no such file"
        return Checksum(self.archive_sha256, self.archive_size).problem(path)

    def retrieve(self, dataset: Dataset, dest: Path, *, progress: bool = True) -> None:
        """Take the member from a local copy of the archive, else download the archive."""
        attempts: list[str] = []
        mirror = mirror_dir()
        if mirror is not None and (mirror / self.archive_name).exists():
            candidate = mirror / self.archive_name
            problem = self._archive_problem(candidate) or _extract(candidate, (self.member,), dataset, dest)
            if problem is None:
                return
            attempts.append(f"mirror archive {candidate}: {problem} (fix or remove it)")
        archive = cache_dir() / DOWNLOADS / self.archive_name
        with locked(archive, notice=progress):
            if archive.exists():
                problem = self._archive_problem(archive) or _extract(archive, (self.member,), dataset, dest)
                if problem is None:
                    return self._done(archive)
                archive.unlink(missing_ok=True)
                attempts.append(f"cached archive {archive}: {problem} (deleted)")
            for url in self.urls:
                problem = self._download(url, archive, progress) or _extract(
                    archive, (self.member,), dataset, dest)
                if problem is None:
                    return self._done(archive)
                archive.unlink(missing_ok=True)
                attempts.append(f"HTTPS {url}: {problem}")
        raise SourceFailed(*attempts)

    def _download(self, url: str, archive: Path, progress: bool) -> str | None:
        """Download the archive from ``url`` and verify it; return None or why it failed."""
        try:
            with atomic_path(archive) as tmp:
                http.download(url, tmp, progress=progress)
                problem = self._archive_problem(tmp)
                if problem:
                    raise SourceFailed(f"archive {self.archive_name}: {problem}")
        except (OSError, SourceFailed) as exc:
            return str(exc)
        return None

    def _done(self, archive: Path) -> None:
        if not self.keep_archive:
            archive.unlink(missing_ok=True)
