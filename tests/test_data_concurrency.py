"""Processes that share one cache (issue 17, item 3) and downloads that are killed (item 4).

The tests start real Python processes that fetch from a server on 127.0.0.1, and kill some.
"""
from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from lecture10 import data
from lecture10.data.locking import remove_partials

from httpserver import LocalServer

BODY = b"word\t1.5\nother\t-2.0\n" * 50_000  # 1 MB: several of the downloader's 64 KiB chunks
SHA = hashlib.sha256(BODY).hexdigest()

# A child process: register a toy dataset described in argv[1], fetch it, print the path.
CHILD = """
import json, sys
from lecture10 import data
spec = json.loads(sys.argv[1])
if "url" in spec:
    source = data.HttpsFile(spec["url"])
else:
    source = data.RegistryMember(data.Distribution(**spec["dist"]), tuple(spec["members"]))
data.register(data.Dataset(name="toy", filename=spec["filename"], sha256=spec["sha256"], size=spec["size"],
                           description="a test file", licence="CC0", sources=(source,)))
print(data.fetch("toy", progress=False))
"""


def start(spec: dict, cache: Path, **env: str) -> subprocess.Popen:
    environment = {**os.environ, "LECTURE10_CACHE": str(cache), **env}
    environment.pop("LECTURE10_DATA_MIRROR", None)
    return subprocess.Popen([sys.executable, "-c", CHILD, json.dumps(spec)], env=environment,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(process: subprocess.Popen) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=120)
    return process.returncode, out.strip(), err


def https_spec(url: str) -> dict:
    return {"url": url, "filename": "toy.tsv", "sha256": SHA, "size": len(BODY)}


def partials(folder: Path) -> list[Path]:
    return sorted(folder.glob(".*.part")) if folder.exists() else []


def wait_for(condition, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.05)


@pytest.fixture
def server():
    srv = LocalServer()
    yield srv
    srv.close()


def test_processes_refetching_a_corrupt_cached_copy_do_not_race(tmp_path, server):
    url = server.serve("/toy.tsv", BODY, pause_after=len(BODY) // 2, pause_s=0.3)
    cache = tmp_path / "cache"
    cache.mkdir()
    for round_ in range(3):
        (cache / "toy.tsv").write_bytes(BODY[:-10] + b"corrupted!")
        processes = [start(https_spec(url), cache) for _ in range(3)]
        results = [finish(p) for p in processes]
        for code, out, err in results:
            assert code == 0, err
            assert out == str(cache / "toy.tsv")
        assert (cache / "toy.tsv").read_bytes() == BODY
        assert server.hits["/toy.tsv"] == round_ + 1  # one download per round: the others waited
    assert partials(cache) == []


def test_processes_fetching_one_distribution_at_once_download_it_once(tmp_path, server):
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as wheel:
        wheel.writestr("toydata/data/pairs.tsv", BODY)
    content = buffer.getvalue()
    server.serve("/files/toydata-1.0-py3-none-any.whl", content, pause_after=1000, pause_s=0.5)
    link = '<a href="/files/toydata-1.0-py3-none-any.whl">toydata-1.0-py3-none-any.whl</a>'
    server.serve("/simple/toydata/", link.encode(), content_type="text/html")
    spec = {"dist": {"project": "toydata", "version": "1.0", "filename": "toydata-1.0-py3-none-any.whl",
                     "sha256": hashlib.sha256(content).hexdigest(), "size": len(content)},
            "members": ["toydata/data/pairs.tsv"], "filename": "pairs.tsv", "sha256": SHA, "size": len(BODY)}
    cache = tmp_path / "cache"
    processes = [start(spec, cache, PIP_INDEX_URL=server.url("/simple/")) for _ in range(6)]
    for code, out, err in (finish(p) for p in processes):
        assert code == 0, err
        assert out == str(cache / "pairs.tsv")
    assert server.hits["/files/toydata-1.0-py3-none-any.whl"] == 1
    assert (cache / "pairs.tsv").read_bytes() == BODY


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM])
def test_a_killed_download_leaves_no_part_file_behind(tmp_path, server, how):
    url = server.serve("/toy.tsv", BODY, pause_after=len(BODY) // 2, pause_s=60)
    cache = tmp_path / "cache"
    child = start(https_spec(url), cache)
    wait_for(lambda: any(p.stat().st_size > 0 for p in partials(cache)))
    child.send_signal(how)
    child.wait(timeout=30)
    assert partials(cache)  # what a kernel restart or a CI timeout leaves
    server.serve("/toy.tsv", BODY)
    env = {"LECTURE10_CACHE": str(cache)}
    code, out, err = finish(start(https_spec(url), cache, **env))
    assert code == 0, err
    assert partials(cache) == []
    assert (cache / "toy.tsv").read_bytes() == BODY


def test_the_part_file_of_a_live_download_is_left_alone(tmp_path, server):
    url = server.serve("/toy.tsv", BODY, pause_after=len(BODY) // 2, pause_s=60)
    cache = tmp_path / "cache"
    child = start(https_spec(url), cache)
    try:
        wait_for(lambda: any(p.stat().st_size > 0 for p in partials(cache)))
        live = partials(cache)
        assert remove_partials(cache) == []
        assert partials(cache) == live
    finally:
        child.kill()
        child.wait(timeout=30)
    assert remove_partials(cache) == live


def test_a_killed_distribution_download_is_cleaned_up_by_the_next_fetch(tmp_path, server, monkeypatch):
    content = b"PK" + b"\0" * 1_000_000  # never opened: the hash is checked first
    server.serve("/files/toydata-1.0.tar.gz", content, pause_after=500_000, pause_s=60)
    server.serve("/simple/toydata/", b'<a href="/files/toydata-1.0.tar.gz">toydata-1.0.tar.gz</a>',
                 content_type="text/html")
    spec = {"dist": {"project": "toydata", "version": "1.0", "filename": "toydata-1.0.tar.gz",
                     "sha256": hashlib.sha256(content).hexdigest(), "size": len(content)},
            "members": ["x"], "filename": "x.txt", "sha256": SHA, "size": len(BODY)}
    cache = tmp_path / "cache"
    child = start(spec, cache, PIP_INDEX_URL=server.url("/simple/"))
    wait_for(lambda: any(p.stat().st_size > 0 for p in partials(cache / "packages")))
    child.kill()
    child.wait(timeout=30)
    assert partials(cache / "packages")
    monkeypatch.setenv("LECTURE10_CACHE", str(cache))
    data.register(data.Dataset(name="toy-http", filename="toy.tsv", sha256=SHA, size=len(BODY), description="d",
                               licence="CC0", sources=(data.HttpsFile(server.serve("/toy.tsv", BODY)),)))
    try:
        data.fetch("toy-http", progress=False)  # any fetch sweeps the leftovers of dead processes
    finally:
        data.unregister("toy-http")
    assert partials(cache / "packages") == []
