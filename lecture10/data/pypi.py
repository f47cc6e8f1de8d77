"""Fetch one pinned distribution file (sdist or wheel) from the package registry with pip."""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

PIP_TIMEOUT_S = 10


def selection_args(spec: str, dist: str, platform: str | None = None,
                   python_version: str | None = None, implementation: str | None = None) -> list[str]:
    """Return the ``pip download`` arguments that select exactly one distribution file."""
    args = [spec, "--no-deps"]
    if dist == "sdist":
        return args + ["--no-binary", ":all:"]
    if dist != "wheel":
        raise ValueError(f"dist must be 'sdist' or 'wheel', not {dist!r}")
    args += ["--only-binary", ":all:"]
    for flag, value in (("--platform", platform), ("--python-version", python_version),
                        ("--implementation", implementation)):
        if value:
            args += [flag, value]
    return args


QUIET_ARGS = ["--no-input", "--disable-pip-version-check", "--progress-bar", "off",
              "--timeout", str(PIP_TIMEOUT_S), "--retries", "1"]


def download_distribution(args: list[str], folder: Path) -> Path:
    """Run ``pip download ARGS`` into a fresh ``folder``; return the single file it saved.

    ``args`` come from :func:`selection_args`.

    Raises OSError with the last lines of pip's output if pip fails.
    """
    folder.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=folder.parent, prefix=".pip-") as scratch:
        command = [sys.executable, "-m", "pip", "download", "-d", scratch, *QUIET_ARGS, *args]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        saved = sorted(Path(scratch).iterdir())
        if result.returncode != 0 or len(saved) != 1:
            tail = [line.strip() for line in (result.stderr or result.stdout).splitlines() if line.strip()]
            raise OSError(f"pip download failed (exit {result.returncode}): {' | '.join(tail[-3:])}")
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir()
        return Path(shutil.move(str(saved[0]), folder / saved[0].name))


def cached_distribution(folder: Path) -> Path | None:
    """Return the distribution file previously saved in ``folder``, if there is exactly one."""
    files = [p for p in folder.iterdir() if p.is_file()] if folder.is_dir() else []
    return files[0] if len(files) == 1 else None
