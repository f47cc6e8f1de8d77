"""The command line: python -m lecture10.data list | fetch NAME | path NAME | verify [NAME]."""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from lecture10 import data
from lecture10.data.__main__ import main

from httpserver import LocalServer, closed_port_url

ROOT = Path(__file__).resolve().parents[1]
BODY = b"a small file\n" * 10



@pytest.fixture
def toy():
    def make(url: str) -> None:
        dataset = data.Dataset(name="toy-cli", filename="toy.txt", sha256=hashlib.sha256(BODY).hexdigest(),
                               size=len(BODY), description="d", licence="CC0", sources=(data.HttpsFile(url),))
        data.register(dataset, replace=True)
    yield make
    data.unregister("toy-cli")


def run_module(*args: str, env_extra: dict[str, str]) -> subprocess.CompletedProcess:
    path = os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])
    env = {**os.environ, **env_extra, "PYTHONPATH": path}
    return subprocess.run([sys.executable, "-m", "lecture10.data", *args], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=60)


def test_fetch_path_and_verify(cache, toy, capsys):
    server = LocalServer()
    try:
        toy(server.serve("/toy.txt", BODY))
        assert main(["verify", "toy-cli"]) == 1
        assert capsys.readouterr().out == "toy-cli: missing\n"
        assert main(["fetch", "toy-cli", "--quiet"]) == 0
        assert capsys.readouterr().out == f"{cache / 'toy.txt'}\n"
    finally:
        server.close()
    assert main(["path", "toy-cli"]) == 0
    assert capsys.readouterr().out == f"{cache / 'toy.txt'}\n"
    assert main(["verify", "toy-cli"]) == 0
    assert capsys.readouterr().out == "toy-cli: ok\n"
    (cache / "toy.txt").write_bytes(BODY.upper())
    assert main(["verify", "toy-cli"]) == 1
    assert "toy-cli: sha256 mismatch" in capsys.readouterr().out


def test_failed_fetch_exits_1_with_the_message_and_no_traceback(cache, toy, capsys):
    url = closed_port_url()
    toy(url)
    assert main(["fetch", "toy-cli", "--quiet"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("error: Dataset 'toy-cli' is not available.")
    assert f"HTTPS {url}: connection refused" in captured.err
    assert "Traceback" not in captured.err


def test_module_runs_list_path_and_rejects_unknown_names(tmp_path):
    env = {"LECTURE10_CACHE": str(tmp_path)}
    listing = run_module("list", env_extra=env)
    assert listing.returncode == 0, listing.stderr
    assert f"cache: {tmp_path}" in listing.stdout
    for name in ("vader-tweets", "glove-6b-50d", "sentiment140", "weat-wordlists"):
        assert f"\n{name}: " in listing.stdout
    where = run_module("path", "glove-6b-50d", env_extra=env)
    assert (where.returncode, where.stdout) == (0, f"{tmp_path / 'glove.6B.50d.txt'}\n")
    unknown = run_module("fetch", "glove", env_extra=env)
    assert unknown.returncode == 1
    assert unknown.stderr.startswith("error: unknown dataset 'glove'; known datasets: ")
    assert "Traceback" not in unknown.stderr
