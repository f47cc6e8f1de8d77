"""File helpers: hashing, size-and-hash verification, and atomic writes."""
from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

CHUNK = 1 << 20


def file_hash(path: Path, algorithm: str = "sha256") -> str:
    """Return the hex digest of a file, read in 1 MiB chunks."""
    digest = hashlib.new(algorithm)
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def check_file(path: Path, *, sha256: str | None, size: int | None = None,
               md5: str | None = None) -> str | None:
    """Return None if the file has the expected size and hash, else a short reason."""
    if not path.is_file():
        return f"{path} does not exist"
    actual_size = path.stat().st_size
    if size is not None and actual_size != size:
        return f"size mismatch: expected {size:,} bytes, got {actual_size:,}"
    algorithm, expected = ("sha256", sha256) if sha256 else ("md5", md5)
    if expected is None:
        raise ValueError("a dataset needs a sha256 (or md5) to be verified")
    actual = file_hash(path, algorithm)
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

    If the body raises, the temporary file is removed, so a failed or interrupted write
    never leaves a file under the target name.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
