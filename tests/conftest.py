"""Shared test configuration: deterministic notebook kernels, the real-data folder."""
from __future__ import annotations

import functools
import os
import urllib.request
from pathlib import Path

import pytest

# Notebook kernels started by nbval inherit this, so set iteration order is the same every run.
os.environ.setdefault("PYTHONHASHSEED", "0")

REAL_DATA_VARIABLE = "LECTURE10_REAL_DATA"

# Notebooks in tests/fixtures/ are inputs of tests (tests/test_student_notebooks.py), not chapters: nbval skips them.
collect_ignore_glob = ["fixtures/*"]


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
    """Remember which notebooks nbval collected (tests/test_notebooks.py checks none is missing);
    mark the tests of the built site (``tests/test_site*.py``) ``browser``, so ``-m "not browser"`` skips them."""
    config.stash[COLLECTED_NOTEBOOKS] = {Path(item.path).resolve() for item in items if item.path.suffix == ".ipynb"}
    for item in items:
        if item.path.name.startswith("test_site"):
            item.add_marker(pytest.mark.browser)


COLLECTED_NOTEBOOKS = pytest.StashKey[set]()


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty lecture10.data cache directory; no mirror; no network beyond 127.0.0.1."""
    from httpserver import forbid_network

    forbid_network(monkeypatch)
    folder = tmp_path / "cache"
    monkeypatch.setenv("LECTURE10_CACHE", str(folder))
    monkeypatch.delenv("LECTURE10_DATA_MIRROR", raising=False)
    return folder


@pytest.fixture
def server():
    """A real HTTP server on 127.0.0.1 serving what the test puts in it (tests/httpserver.py)."""
    from httpserver import LocalServer

    srv = LocalServer()
    yield srv
    srv.close()


REGISTRY_URL = "https://pypi.org/simple/"


@functools.cache
def registry_unreachable() -> str | None:
    """None when the package registry answers (``$PIP_INDEX_URL`` or PyPI), else why not, in a few words."""
    url = os.environ.get("PIP_INDEX_URL") or REGISTRY_URL
    try:
        with urllib.request.urlopen(urllib.request.Request(url, method="HEAD"), timeout=10):
            return None
    except Exception as exc:  # any failure means: no registry here
        return f"{type(exc).__name__}: {exc}"


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Tests marked ``registry`` really download from the package registry: skip them, saying why, when offline."""
    if item.get_closest_marker("registry") is not None:
        reason = registry_unreachable()
        if reason is not None:
            pytest.skip(f"the package registry is unreachable ({reason}); this test really downloads from it")
