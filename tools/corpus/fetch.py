"""Fetch pinned packages from the package registries with their own clients, hash-verified.

* npm: ``npm pack NAME@VERSION --pack-destination DIR`` (a ``.tgz``);
* Debian: ``apt-get download NAME=VERSION`` (run ``apt-get update`` once before);
* PyPI: ``pip download --no-deps --only-binary=:all: NAME==VERSION`` for a named platform.

A package already in the download folder with the pinned SHA-256 is not fetched again.
"""
from __future__ import annotations

import hashlib
import subprocess
import sys
import tarfile
import zipfile
from dataclasses import dataclass
from pathlib import Path


def sha256_of(path: Path) -> str:
    """The SHA-256 of a file, in hex."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass(frozen=True)
class Package:
    """A pinned package of a registry: ``registry`` is 'npm', 'debian' or 'pypi'."""

    registry: str
    name: str
    version: str
    filename: str
    sha256: str
    licence: str

    @property
    def spec(self) -> str:
        """How the registry's client names this exact version."""
        return {"npm": f"{self.name}@{self.version}", "debian": f"{self.name}={self.version}",
                "pypi": f"{self.name}=={self.version}"}[self.registry]

    def fetch(self, folder: Path) -> Path:
        """Return the package file in ``folder``, downloading it if needed; verify its SHA-256."""
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / self.filename
        if not (path.is_file() and sha256_of(path) == self.sha256):
            print(f"  fetching {self.registry} {self.spec}", file=sys.stderr, flush=True)
            subprocess.run(self._command(folder), cwd=folder, check=True, stdout=subprocess.DEVNULL)
        if not path.is_file():
            raise FileNotFoundError(f"{self.spec}: the registry client did not write {path}")
        actual = sha256_of(path)
        if actual != self.sha256:
            raise ValueError(f"{self.spec}: SHA-256 {actual} differs from the pinned {self.sha256}")
        return path

    def _command(self, folder: Path) -> list[str]:
        if self.registry == "npm":
            return ["npm", "pack", self.spec, "--pack-destination", str(folder), "--silent"]
        if self.registry == "debian":
            return ["apt-get", "download", "-q", self.spec]
        if self.registry == "pypi":
            return [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
                    "--python-version", "3.11", "--implementation", "cp",
                    "--platform", "manylinux_2_17_x86_64", self.spec, "-d", str(folder)]
        raise ValueError(f"unknown registry {self.registry!r}")

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
