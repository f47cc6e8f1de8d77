"""Inter-process locks on cache files (with filelock), and removal of leftover ``.part`` files.

Every write of a cache file happens while its lock is held, so a ``.part`` file whose
target's lock can be taken at once was left by a process that died (a kernel restart, a
CI timeout) and can be deleted.
"""
from __future__ import annotations

import contextlib
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import filelock

from lecture10.data.files import partial_target

LOCK_FOLDER = ".locks"
WAIT_NOTICE_S = 2.0


def lock_path(target: Path) -> Path:
    """Return the lock file that guards ``target`` (in a ``.locks`` folder beside it)."""
    return target.parent / LOCK_FOLDER / f"{target.name}.lock"


@contextlib.contextmanager
def locked(target: Path, *, notice: bool = True) -> Iterator[None]:
    """Hold the lock of ``target`` (waiting as long as another process holds it).

    With ``notice``, say on stderr what is being waited for when the wait is long.
    Raises OSError if the lock file cannot be created (a read-only cache).
    """
    path = lock_path(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = filelock.FileLock(path)
    try:
        lock.acquire(timeout=WAIT_NOTICE_S)
    except filelock.Timeout:
        if notice:
            print(f"Waiting for another process that is writing {target} (lock {path}) ...",
                  file=sys.stderr, flush=True)
        lock.acquire()
    try:
        yield
    finally:
        lock.release()


def remove_partials(folder: Path) -> list[Path]:
    """Delete the ``.part`` files in ``folder`` whose writer is gone; return what was deleted.

    A ``.part`` file is left alone while another process holds its target's lock.
    """
    removed: list[Path] = []
    with contextlib.suppress(OSError):
        candidates = [p for p in folder.iterdir() if partial_target(p) is not None]
        for partial in candidates:
            path = lock_path(partial_target(partial))
            lock = filelock.FileLock(path)
            try:
                path.parent.mkdir(exist_ok=True)
                lock.acquire(timeout=0)
            except (filelock.Timeout, OSError):
                continue
            try:
                if partial.is_dir():
                    shutil.rmtree(partial, ignore_errors=True)
                else:
                    partial.unlink(missing_ok=True)
                removed.append(partial)
            finally:
                lock.release()
    return removed
