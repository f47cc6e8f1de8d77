"""fetch / path / verify / describe: the public operations on the dataset catalogue."""
from __future__ import annotations

import contextlib
from pathlib import Path

from lecture10.data import registry
from lecture10.data.dataset import Dataset
from lecture10.data.errors import DatasetUnavailable, SourceFailed
from lecture10.data.files import check_file
from lecture10.data.locations import CACHE_ENV, MIRROR_ENV, cache_dir, mirror_dir


def _check(dataset: Dataset, file: Path) -> str | None:
    return check_file(file, sha256=dataset.sha256, size=dataset.size, md5=dataset.md5)


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


def fetch(name: str, *, progress: bool = True) -> Path:
    """Return a local, hash-verified path to dataset ``name``, fetching it if needed.

    Order: ``$LECTURE10_DATA_MIRROR/<file>``, the cache, then the dataset's remote sources.
    Raises DatasetUnavailable, naming every source tried and the remedy, if all fail.
    """
    dataset = registry.get(name)
    attempts: list[str] = []
    mirror = mirror_dir()
    if mirror is None:
        attempts.append(f"mirror: ${MIRROR_ENV} is not set")
    else:
        candidate = mirror / dataset.filename
        problem = _check(dataset, candidate) if candidate.is_file() else "no such file"
        if problem is None:
            return candidate
        attempts.append(f"mirror {candidate}: {problem}")
    target = cache_dir() / dataset.filename
    if target.is_file():
        problem = _check(dataset, target)
        if problem is None:
            return target
        target.unlink()
        attempts.append(f"cache {target}: {problem} (corrupt copy deleted)")
    else:
        attempts.append(f"cache {target}: no such file")
    for source in dataset.sources:
        try:
            source.retrieve(dataset, target, progress=progress)
        except SourceFailed as exc:
            attempts.append(f"{source.describe()}: {exc}")
            continue
        return target
    raise DatasetUnavailable(name, attempts, remedy(dataset))


def verify(name: str | None = None) -> dict[str, str]:
    """Re-hash cached files; return {name: 'ok' | 'missing' | reason} (one name, or all)."""
    names = [registry.get(name).name] if name is not None else registry.names()
    report = {}
    for each in names:
        file = path(each)
        report[each] = "missing" if not file.is_file() else (_check(registry.get(each), file) or "ok")
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
