"""Safe extraction of one member from a zip or tar archive, possibly nested.

Every member name of an archive is checked before anything is read: a name that is
absolute or climbs out with ``..``, or a link whose target points outside the
archive, makes the whole archive rejected with :class:`UnsafeArchive`.
"""
from __future__ import annotations

import contextlib
import posixpath
import shutil
import stat
import tarfile
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

from lecture10.data.errors import UnsafeArchive
from lecture10.data.files import atomic_path


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
def _open_member(archive: Path, member: str, label: str) -> Iterator:
    """Check all names of ``archive`` and yield a binary file object for regular-file ``member``."""
    if zipfile.is_zipfile(archive):
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
                yield handle
    elif tarfile.is_tarfile(archive):
        with tarfile.open(archive) as tf:
            members = tf.getmembers()
            for info in members:
                _check(label, info.name, info.linkname if (info.issym() or info.islnk()) else None)
            matches = [m for m in members if m.name == member]
            if not matches:
                raise FileNotFoundError(f"{label} has no member {member!r}")
            if not matches[-1].isfile():
                raise UnsafeArchive(f"{label}: member {member!r} is not a regular file")
            with tf.extractfile(matches[-1]) as handle:
                yield handle
    else:
        raise ValueError(f"{label} is neither a zip nor a tar archive")


def extract_member(archive: Path, members: tuple[str, ...], dest: Path) -> Path:
    """Extract ``members[-1]`` (reached through nested archives ``members[:-1]``) to ``dest``.

    The write is atomic; nested archives are unpacked to temporary files that are removed.
    """
    if not members:
        raise ValueError("no archive member given")
    dest.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=dest.parent, prefix=".unpack-") as scratch:
        current, label = Path(archive), Path(archive).name
        for depth, member in enumerate(members):
            last = depth == len(members) - 1
            out = dest if last else Path(scratch) / f"level{depth}"
            with atomic_path(out) as tmp, _open_member(current, member, label) as src, open(tmp, "wb") as dst:
                shutil.copyfileobj(src, dst, 1 << 20)
            current, label = out, f"{label}!{member}"
    return dest
