"""A cache that cannot be written is said so at once, before anything is downloaded (issue 17, item 5)."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from lecture10 import data
from lecture10.data.__main__ import main

BODY = b"a small file\n" * 100
SHA = hashlib.sha256(BODY).hexdigest()


@pytest.fixture
def toy(server):
    url = server.serve("/toy.txt", BODY)
    data.register(data.Dataset(name="toy-cache", filename="toy.txt", sha256=SHA, size=len(BODY),
                               description="d", licence="CC0", sources=(data.HttpsFile(url),)), replace=True)
    yield server
    data.unregister("toy-cache")


def test_a_cache_path_that_is_a_file_is_reported_before_any_download(tmp_path, monkeypatch, toy):
    not_a_folder = tmp_path / "cache"
    not_a_folder.write_text("I am a file")
    monkeypatch.setenv("LECTURE10_CACHE", str(not_a_folder))
    with pytest.raises(data.CacheUnusable) as error:
        data.fetch("toy-cache", progress=False)
    assert toy.hits["/toy.txt"] == 0  # nothing was downloaded only to fail afterwards
    assert error.value.attempts[-1] == f"cache: {not_a_folder} is a file, not a folder"
    assert "set $LECTURE10_CACHE" in str(error.value)
    assert isinstance(error.value, data.DatasetUnavailable)


def test_a_folder_in_the_place_of_the_file_is_reported_before_any_download(cache, toy):
    (cache / "toy.txt").mkdir(parents=True)
    with pytest.raises(data.CacheUnusable) as error:
        data.fetch("toy-cache", progress=False)
    assert toy.hits["/toy.txt"] == 0
    assert error.value.attempts[-1] == (f"cache: {cache / 'toy.txt'} is a folder, so the dataset's file "
                                        f"cannot be written there")


def test_verify_fails_when_the_cache_path_is_a_file(tmp_path, monkeypatch, capsys, toy):
    not_a_folder = tmp_path / "cache"
    not_a_folder.write_text("I am a file")
    monkeypatch.setenv("LECTURE10_CACHE", str(not_a_folder))
    assert main(["verify"]) == 1
    assert f"toy-cache: {not_a_folder} is a file, not a folder" in capsys.readouterr().out
    assert main(["verify", "toy-cache"]) == 1


def test_verify_fails_when_a_dataset_place_is_a_folder(cache, capsys, toy):
    (cache / "toy.txt").mkdir(parents=True)
    assert main(["verify"]) == 1
    assert f"toy-cache: {cache / 'toy.txt'} is a folder" in capsys.readouterr().out


# A read-only cache: as root, permissions do not stop writes, so the fetch runs in a child
# process as the unprivileged user 'nobody'.
CHILD = """
import json, sys
from lecture10 import data
spec = json.loads(sys.argv[1])
data.register(data.Dataset(name="toy-cache", filename="toy.txt", sha256=spec["sha256"], size=spec["size"],
                           description="d", licence="CC0", sources=(data.HttpsFile(spec["url"]),)))
try:
    print(data.fetch("toy-cache", progress=False))
except data.CacheUnusable as exc:
    print(json.dumps(exc.attempts))
"""


def run_unprivileged(cache: Path, url: str) -> str:
    command = [sys.executable, "-c", CHILD, json.dumps({"url": url, "sha256": SHA, "size": len(BODY)})]
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("running as root without setpriv: cannot make a cache that is not writable")
        command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *command]
    env = {**os.environ, "LECTURE10_CACHE": str(cache)}
    env.pop("LECTURE10_DATA_MIRROR", None)
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.fixture
def read_only_cache():
    root = Path(tempfile.mkdtemp(prefix="lecture10-ro-"))
    cache = root / "cache"
    cache.mkdir()
    root.chmod(0o755)
    yield cache
    cache.chmod(0o755)
    shutil.rmtree(root)


def test_a_read_only_cache_is_reported_before_any_download(read_only_cache, toy):
    read_only_cache.chmod(0o555)
    attempts = json.loads(run_unprivileged(read_only_cache, toy.url("/toy.txt")))
    assert attempts[-1] == f"cache: the cache folder {read_only_cache} is not writable (Permission denied)"
    assert toy.hits["/toy.txt"] == 0


def test_a_read_only_cache_still_serves_verified_files(read_only_cache, toy):
    (read_only_cache / "toy.txt").write_bytes(BODY)
    (read_only_cache / "toy.txt").chmod(0o444)
    read_only_cache.chmod(0o555)
    assert run_unprivileged(read_only_cache, toy.url("/toy.txt")) == str(read_only_cache / "toy.txt")
    assert toy.hits["/toy.txt"] == 0
