"""File helpers: the one place that hashes and verifies files, and atomic writes.

Every temporary file is named ``.<target name>.<8 random characters>.part`` next to its
target, so that :func:`partial_target` can tell which target a leftover belongs to.
"""
from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

CHUNK = 1 << 20
PART_SUFFIX = ".part"
_PARTIAL = re.compile(r"^\.(?P<name>.+)\.[a-z0-9_]{8}\.part$")


def file_hash(path: Path, algorithm: str = "sha256") -> str:
    """Return the hex digest of a file, read in 1 MiB chunks."""
    digest = hashlib.new(algorithm)
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass(frozen=True)
class Checksum:
    """What a file must be: its SHA-256 (or, where nothing else is published, its MD5) and size."""

    sha256: str | None
    size: int | None = None
    md5: str | None = None

    def __post_init__(self) -> None:
        if not (self.sha256 or self.md5):
            raise ValueError("a file needs a sha256 (or md5) to be verified")

    def __str__(self) -> str:
        return f"sha256:{self.sha256}" if self.sha256 else f"md5:{self.md5}"

    def problem(self, path: Path) -> str | None:
        """Return None if ``path`` is a file of this size and hash, else a short reason."""
        return check_file(path, sha256=self.sha256, size=self.size, md5=self.md5)


def check_file(path: Path, *, sha256: str | None, size: int | None = None,
               md5: str | None = None) -> str | None:
    """Return None if the file has the expected size and hash, else a short reason."""
    algorithm, expected = ("sha256", sha256) if sha256 else ("md5", md5)
    if expected is None:
        raise ValueError("a file needs a sha256 (or md5) to be verified")
    try:
        if path.is_dir():
            return f"{path} is a folder, not a file"
        actual_size = path.stat().st_size
        if size is not None and actual_size != size:
            return f"size mismatch: expected {size:,} bytes, got {actual_size:,}"
        actual = file_hash(path, algorithm)
    except FileNotFoundError:
        return f"{path} does not exist"
    except OSError as exc:
        return f"{path} cannot be read ({exc.strerror or exc})"
    if actual != expected.lower():
        return f"{algorithm} mismatch: expected {expected}, got {actual}"
    return None


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path next to ``target``; on success move it into place with os.replace.

    If the body raises, the temporary file is removed, so a failed write never leaves a
    file under the target name. (A killed process leaves the ``.part`` file behind;
    :func:`lecture10.data.locking.remove_partials` removes it later.)
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=PART_SUFFIX, dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def partial_target(path: Path) -> Path | None:
    """Return the target a temporary ``.part`` file of :func:`atomic_path` was for, else None."""
    match = _PARTIAL.match(path.name)
    return path.with_name(match["name"]) if match else None
