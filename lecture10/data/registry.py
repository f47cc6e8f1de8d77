"""The catalogue of datasets by name (filled with :data:`lecture10.data.catalogue.BUILTIN` by
``lecture10/data/__init__.py``). Tests may register throwaway datasets."""
from __future__ import annotations

from lecture10.data.dataset import Dataset
from lecture10.data.errors import UnknownDataset

_DATASETS: dict[str, Dataset] = {}


def register(dataset: Dataset, *, replace: bool = False) -> Dataset:
    """Add a dataset to the catalogue (refusing to shadow an existing name unless ``replace``)."""
    if dataset.name in _DATASETS and not replace:
        raise ValueError(f"a dataset named {dataset.name!r} is already registered")
    _DATASETS[dataset.name] = dataset
    return dataset


def unregister(name: str) -> None:
    """Remove a dataset from the catalogue (no error if it is not there)."""
    _DATASETS.pop(name, None)


def get(name: str) -> Dataset:
    """Return the dataset called ``name``; raise UnknownDataset (a KeyError) listing known names."""
    try:
        return _DATASETS[name]
    except KeyError:
        raise UnknownDataset(name, names()) from None


def names() -> list[str]:
    """Return the registered dataset names, sorted."""
    return sorted(_DATASETS)

