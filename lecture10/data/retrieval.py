"""fetch / path / verify / describe: the public operations on the dataset catalogue."""
from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from lecture10.data import registry
from lecture10.data.dataset import Dataset
from lecture10.data.errors import CacheUnusable, DatasetUnavailable, SourceFailed
from lecture10.data.files import atomic_path
from lecture10.data.locations import CACHE_ENV, MIRROR_ENV, cache_dir, mirror_dir
from lecture10.data.locking import locked, remove_partials

#: Folders of the cache where downloads are written (and killed ones may leave ``.part`` files).
WORK_FOLDERS = ("", "packages", "downloads")


def path(name: str) -> Path:
    """Return where dataset ``name`` is (or would be) cached; nothing is downloaded."""
    return cache_dir() / registry.get(name).filename


def remedy(dataset: Dataset) -> str:
    """Return the instructions for getting ``dataset`` by hand."""
    mirror = mirror_dir()
    where = (f"${MIRROR_ENV} is set to {mirror}" if mirror else f"${MIRROR_ENV} is not set")
    steps = [f"  - {source.manual_step(dataset)}" for source in dataset.sources]
    return "\n".join([
        f"What you can do: get {dataset.filename} ({dataset.checksum}) one of these ways:",
        *(steps or ["  - (no remote source is known for this dataset)"]),
        f"then put {dataset.filename} in {cache_dir()} (the cache; set ${CACHE_ENV} to move it)",
        f"or in a folder of your own and set ${MIRROR_ENV} to that folder ({where}).",
        f"Then run: python -m lecture10.data fetch {dataset.name}",
    ])


def cache_problem(target: Path) -> str | None:
    """Return why ``target`` cannot be written in the cache (not a folder, read-only...), or None."""
    folder = target.parent
    for parent in (folder, *folder.parents):
        if parent.exists():
            if not parent.is_dir():
                where = "" if parent == folder else f", so the cache folder {folder} cannot be made"
                return f"{parent} is a file, not a folder{where}"
            break
    if target.is_dir():
        return f"{target} is a folder, so the dataset's file cannot be written there"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as exc:
        return f"the cache folder {folder} is not writable ({exc.strerror or exc})"
    return None


def _unusable(dataset: Dataset, attempts: list[str], problem: str) -> CacheUnusable:
    cache = cache_dir()
    advice = "\n".join([
        "What you can do: nothing was downloaded, because the result could not be stored.",
        f"Use a cache folder you can write to: set ${CACHE_ENV} (now {os.environ.get(CACHE_ENV) or 'unset'}),",
        f"for example `export {CACHE_ENV}=$HOME/lecture10-cache`, or fix {cache}",
        f"(a dataset's place there must not be a folder). Then run: python -m lecture10.data fetch {dataset.name}",
    ])
    return CacheUnusable(dataset.name, [*attempts, f"cache: {problem}"], advice)


def fetch(name: str, *, progress: bool = True) -> Path:
    """Return a local, hash-verified path to dataset ``name``, fetching it if needed.

    Order: ``$LECTURE10_DATA_MIRROR/<file>``, the cache, then the dataset's remote sources.
    Processes that fetch the same dataset at once wait for each other (a file lock in the
    cache), so each file is downloaded once. Raises DatasetUnavailable, naming every source
    tried and the remedy, if all fail (CacheUnusable if the cache cannot be written).
    """
    if not isinstance(name, str):
        raise TypeError(f"a dataset name is a string, not {type(name).__name__}: {name!r}")
    dataset = registry.get(name)
    attempts: list[str] = []
    mirror = mirror_dir()
    if mirror is None:
        attempts.append(f"mirror: ${MIRROR_ENV} is not set")
    else:
        candidate = mirror / dataset.filename
        problem = dataset.problem(candidate) if candidate.exists() else "no such file"
        if problem is None:
            return candidate
        attempts.append(f"mirror {candidate}: {problem}")
    target = cache_dir() / dataset.filename
    if target.is_file() and dataset.problem(target) is None:
        return target  # the common case: no lock needed to read a verified file
    problem = cache_problem(target)
    if problem:
        raise _unusable(dataset, attempts, problem)
    for folder in WORK_FOLDERS:
        remove_partials(cache_dir() / folder)
    with locked(target, notice=progress):
        return _fetch_locked(dataset, target, attempts, progress)


def _fetch_locked(dataset: Dataset, target: Path, attempts: list[str], progress: bool) -> Path:
    """The part of :func:`fetch` that runs while the dataset's lock is held."""
    if target.exists():
        problem = dataset.problem(target)
        if problem is None:
            return target  # another process fetched it while we waited
        target.unlink(missing_ok=True)
        attempts.append(f"cache {target}: {problem} (corrupt copy deleted)")
    else:
        attempts.append(f"cache {target}: no such file")
    for source in dataset.sources:
        try:
            with atomic_path(target) as tmp:
                source.retrieve(dataset, tmp, progress=progress)
        except SourceFailed as exc:
            attempts.extend(exc.attempts)
            continue
        return target
    raise DatasetUnavailable(dataset.name, attempts, remedy(dataset))


def verify(name: str | None = None) -> dict[str, str]:
    """Re-hash cached files; return {name: 'ok' | 'missing' | reason} (one name, or all)."""
    names = [registry.get(name).name] if name is not None else registry.names()
    report = {}
    for each in names:
        file = path(each)
        if file.is_file():
            report[each] = registry.get(each).problem(file) or "ok"
        elif file.exists() or any(p.exists() and not p.is_dir() for p in file.parents):
            report[each] = cache_problem(file) or f"{file} is not a file"
        else:
            report[each] = "missing"
    return report


def datasets() -> list[str]:
    """Return the names of all registered datasets, sorted."""
    return registry.names()


def describe(name: str) -> str:
    """Return a human-readable description of dataset ``name``: file, hash, licence, sources."""
    dataset = registry.get(name)
    size = f"{dataset.size:,} bytes" if dataset.size is not None else "size unknown"
    lines = [f"{dataset.name}: {dataset.description}",
             f"  file:     {dataset.filename} ({size})",
             f"  checksum: {dataset.checksum}",
             f"  licence:  {dataset.licence}"]
    if dataset.citation:
        lines.append(f"  cite:     {dataset.citation}")
    lines += [f"  source:   {source.describe()}" for source in dataset.sources]
    with contextlib.suppress(OSError):
        status = verify(name)[name]
        lines.append(f"  cached:   {path(name)} ({status})")
    return "\n".join(lines)
