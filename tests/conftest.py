"""Shared test configuration: deterministic notebook kernels, the real-data folder."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

# Notebook kernels started by nbval inherit this, so set iteration order is the same every run.
os.environ.setdefault("PYTHONHASHSEED", "0")

REAL_DATA_VARIABLE = "LECTURE10_REAL_DATA"


@pytest.fixture
def real_data() -> Path:
    """The folder of real sample files named by $LECTURE10_REAL_DATA; skip the test when it is unset."""
    value = os.environ.get(REAL_DATA_VARIABLE)
    if not value:
        pytest.skip(f"{REAL_DATA_VARIABLE} is not set: no real sample files to test the real-format loaders on")
    path = Path(value)
    if not path.is_dir():
        pytest.skip(f"{REAL_DATA_VARIABLE}={value} is not a directory")
    return path


def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]) -> None:
    """Remember which notebooks nbval collected (tests/test_notebooks.py checks none is missing)."""
    config.stash[COLLECTED_NOTEBOOKS] = {Path(item.path).resolve() for item in items if item.path.suffix == ".ipynb"}


COLLECTED_NOTEBOOKS = pytest.StashKey[set]()
