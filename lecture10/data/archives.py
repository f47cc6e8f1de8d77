"""Safe extraction of one member from a zip or tar archive, possibly nested.

Every member name of an archive is checked before anything is read: a name that is
absolute or climbs out with ``..``, or a link whose target points outside the
archive, makes the whole archive rejected with :class:`UnsafeArchive`. A member's
declared size is checked before it is written, and no more bytes than that are copied.
An archive that cannot be read raises :class:`DamagedArchive` naming it.
"""
from __future__ import annotations

import contextlib
import gzip
import lzma
import posixpath
import stat
import struct
import tarfile
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from lecture10.data.errors import DamagedArchive, UnsafeArchive

#: Largest nested archive (a member that is itself an archive) unpacked on the way in.
MAX_NESTED_BYTES = 512 << 20
#: What zipfile, tarfile and the decompressors raise for a damaged or truncated archive.
_READ_ERRORS = (zipfile.BadZipFile, tarfile.TarError, zlib.error, lzma.LZMAError, EOFError,
                gzip.BadGzipFile, struct.error)


def _escapes(name: str) -> bool:
    """Return True if an archive path is absolute or leaves the extraction directory."""
    name = name.replace("\\", "/")
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return True
    normal = posixpath.normpath(name)
    return normal == ".." or normal.startswith("../")


def _check(archive: str, name: str, link: str | None = None) -> None:
    if _escapes(name):
        raise UnsafeArchive(f"{archive}: member {name!r} would be written outside the target directory")
    if link is not None:
        target = link if link.startswith("/") else posixpath.join(posixpath.dirname(name), link)
        if _escapes(target):
            raise UnsafeArchive(f"{archive}: link {name!r} -> {link!r} points outside the target directory")


@contextlib.contextmanager
def _open_zip(archive: IO[bytes], member: str, label: str) -> Iterator[tuple[IO[bytes], int]]:
    with zipfile.ZipFile(archive) as zf:
        for info in zf.infolist():
            is_link = stat.S_ISLNK(info.external_attr >> 16)
            _check(label, info.filename, zf.read(info).decode("utf-8", "replace") if is_link else None)
        try:
            info = zf.getinfo(member)
        except KeyError:
            raise FileNotFoundError(f"{label} has no member {member!r}") from None
        if info.is_dir() or stat.S_ISLNK(info.external_attr >> 16):
            raise UnsafeArchive(f"{label}: member {member!r} is not a regular file")
        with zf.open(info) as handle:
            yield handle, info.file_size


@contextlib.contextmanager
def _open_tar(archive: IO[bytes], member: str, label: str) -> Iterator[tuple[IO[bytes], int]]:
    with tarfile.open(fileobj=archive) as tf:
        members = tf.getmembers()
        for info in members:
            _check(label, info.name, info.linkname if (info.issym() or info.islnk()) else None)
        matches = [m for m in members if m.name == member]
        if not matches:
            raise FileNotFoundError(f"{label} has no member {member!r}")
        if not matches[-1].isfile():
            raise UnsafeArchive(f"{label}: member {member!r} is not a regular file")
        with tf.extractfile(matches[-1]) as handle:
            yield handle, matches[-1].size


@contextlib.contextmanager
def _open_member(archive: IO[bytes], member: str, label: str) -> Iterator[tuple[IO[bytes], int]]:
    """Check all names of ``archive`` and yield (binary file object, declared size) of ``member``."""
    archive.seek(0)
    if zipfile.is_zipfile(archive):
        opener = _open_zip
    else:
        archive.seek(0)
        try:
            tarfile.open(fileobj=archive).close()
        except _READ_ERRORS:
            raise DamagedArchive(f"{label} is neither a zip nor a tar archive (damaged or "
                                 f"truncated?)") from None
        opener = _open_tar
    archive.seek(0)
    with opener(archive, member, label) as opened:
        yield opened


def _copy(src: IO[bytes], dst: IO[bytes], limit: int, what: str) -> int:
    """Copy at most ``limit`` bytes; raise DamagedArchive if there are more."""
    copied = 0
    while chunk := src.read(min(1 << 20, limit + 1 - copied)):
        copied += len(chunk)
        if copied > limit:
            raise DamagedArchive(f"{what} holds more than the {limit:,} bytes its header declares")
        dst.write(chunk)
    return copied


def extract_member(archive: Path, members: tuple[str, ...], dest: Path, *,
                   size: int | None = None) -> Path:
    """Extract ``members[-1]`` (reached through nested archives ``members[:-1]``) to ``dest``.

    ``dest`` should be a temporary path: it is removed again if anything fails. With
    ``size``, a member of another declared size is refused before anything is written.
    Nested archives are unpacked to anonymous temporary files (nothing is left behind).
    Raises UnsafeArchive, DamagedArchive, FileNotFoundError (no such member) or ValueError.
    """
    if isinstance(members, str) or not members:
        raise ValueError(f"members must be a non-empty tuple of member paths, not {members!r}")
    Path(dest).parent.mkdir(parents=True, exist_ok=True)
    label = Path(archive).name
    try:
        with contextlib.ExitStack() as stack:
            current: IO[bytes] = stack.enter_context(open(archive, "rb"))
            for member in members[:-1]:
                src, declared = stack.enter_context(_open_member(current, member, label))
                label = f"{label}!{member}"
                if declared > MAX_NESTED_BYTES:
                    raise DamagedArchive(f"{label} declares {declared:,} bytes, more than the "
                                         f"{MAX_NESTED_BYTES:,} a nested archive may have")
                current = stack.enter_context(tempfile.TemporaryFile(dir=Path(dest).parent))
                _copy(src, current, declared, label)
            src, declared = stack.enter_context(_open_member(current, members[-1], label))
            what = f"{label}!{members[-1]}"
            if size is not None and declared != size:
                raise ValueError(f"{what} is {declared:,} bytes, expected {size:,}")
            with open(dest, "wb") as out:
                _copy(src, out, declared, what)
    except BaseException as exc:
        Path(dest).unlink(missing_ok=True)
        if isinstance(exc, _READ_ERRORS):
            raise DamagedArchive(f"{label} cannot be read ({type(exc).__name__}: {exc})") from exc
        raise
    return dest
