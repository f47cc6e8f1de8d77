"""lecture10.data.fetch against a real HTTP server on 127.0.0.1 that sometimes misbehaves."""
from __future__ import annotations

import hashlib
import time
from pathlib import Path

import pytest

from lecture10 import data

from httpserver import closed_port_url

BODY = b"word\t1.5\nother\t-2.0\n" * 1000
SHA = hashlib.sha256(BODY).hexdigest()




@pytest.fixture
def make_dataset():
    """Register throwaway datasets; unregister them afterwards."""
    names = []

    def make(*sources, name="toy", sha256=SHA, size=len(BODY), filename="toy.tsv") -> data.Dataset:
        dataset = data.Dataset(name=name, filename=filename, sha256=sha256, size=size,
                               description="a test file", licence="CC0", sources=tuple(sources))
        data.register(dataset, replace=True)
        names.append(name)
        return dataset

    yield make
    for name in names:
        data.unregister(name)


def files_under(folder: Path) -> list[Path]:
    """The files under ``folder``, lock files left out."""
    if not folder.exists():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file() and ".locks" not in p.parts)


def test_good_download_lands_in_the_cache_and_is_reused(cache, server, make_dataset):
    url = server.serve("/toy.tsv", BODY)
    make_dataset(data.HttpsFile(url))
    path = data.fetch("toy", progress=False)
    assert path == cache / "toy.tsv" == data.path("toy")
    assert path.read_bytes() == BODY
    assert data.fetch("toy", progress=False) == path
    assert server.hits["/toy.tsv"] == 1  # the second fetch came from the cache
    assert data.verify("toy") == {"toy": "ok"}
    assert files_under(cache) == [path]  # no temporary files left


def test_wrong_hash_leaves_nothing_and_says_so(cache, server, make_dataset):
    tampered = BODY.replace(b"word", b"w0rd")
    url = server.serve("/toy.tsv", tampered)
    make_dataset(data.HttpsFile(url))
    with pytest.raises(data.DatasetUnavailable) as error:
        data.fetch("toy", progress=False)
    message = str(error.value)
    got = hashlib.sha256(tampered).hexdigest()
    assert f"HTTPS {url}: sha256 mismatch: expected {SHA}, got {got}" in message
    assert files_under(cache) == []


def test_size_is_checked_before_the_hash(cache, server, make_dataset):
    url = server.serve("/toy.tsv", BODY + b"extra")
    make_dataset(data.HttpsFile(url))
    with pytest.raises(data.DatasetUnavailable, match=f"size mismatch: expected {len(BODY):,} bytes, "
                                                      f"got {len(BODY) + 5:,}"):
        data.fetch("toy", progress=False)
    assert files_under(cache) == []


def test_interrupted_transfer_leaves_nothing(cache, server, make_dataset):
    url = server.serve("/toy.tsv", BODY[:5000], claimed_length=len(BODY))
    make_dataset(data.HttpsFile(url))
    with pytest.raises(data.DatasetUnavailable, match="transfer interrupted before the end"):
        data.fetch("toy", progress=False)
    assert files_under(cache) == []


def test_http_404_is_reported(cache, server, make_dataset):
    missing = server.url("/nowhere.tsv")
    make_dataset(data.HttpsFile(missing))
    with pytest.raises(data.DatasetUnavailable, match=f"HTTPS {missing}: HTTP 404 Not Found"):
        data.fetch("toy", progress=False)


def test_unreachable_host_fails_fast(cache, make_dataset):
    url = closed_port_url("/toy.tsv")
    make_dataset(data.HttpsFile(url))
    start = time.monotonic()
    with pytest.raises(data.DatasetUnavailable, match=f"HTTPS {url}: connection refused"):
        data.fetch("toy", progress=False)
    assert time.monotonic() - start < 5


def test_offline_host_name_is_reported(cache, make_dataset):
    make_dataset(data.HttpsFile("https://data.invalid/toy.tsv"))
    with pytest.raises(data.DatasetUnavailable, match="host name could not be resolved"):
        data.fetch("toy", progress=False)


def test_sources_are_tried_in_order_until_one_works(cache, server, make_dataset):
    good = server.serve("/mirror2/toy.tsv", BODY)
    make_dataset(data.HttpsFile(closed_port_url()), data.HttpsFile(server.url("/gone")), data.HttpsFile(good))
    assert data.fetch("toy", progress=False).read_bytes() == BODY
    assert server.hits["/gone"] == 1 and server.hits["/mirror2/toy.tsv"] == 1


def test_corrupt_cached_file_is_detected_and_fetched_again(cache, server, make_dataset):
    url = server.serve("/toy.tsv", BODY)
    make_dataset(data.HttpsFile(url))
    cache.mkdir(parents=True)
    (cache / "toy.tsv").write_bytes(BODY[:-1] + b"X")
    assert data.verify("toy")["toy"].startswith("sha256 mismatch")
    assert data.fetch("toy", progress=False).read_bytes() == BODY
    assert server.hits["/toy.tsv"] == 1


def test_corrupt_cached_file_is_deleted_even_when_refetch_fails(cache, make_dataset):
    make_dataset(data.HttpsFile(closed_port_url()))
    cache.mkdir(parents=True)
    (cache / "toy.tsv").write_bytes(b"truncated")
    with pytest.raises(data.DatasetUnavailable, match="corrupt copy deleted"):
        data.fetch("toy", progress=False)
    assert not (cache / "toy.tsv").exists()


def test_mirror_directory_wins_over_cache_and_network(cache, server, tmp_path, monkeypatch, make_dataset):
    url = server.serve("/toy.tsv", BODY)
    make_dataset(data.HttpsFile(url))
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    (mirror / "toy.tsv").write_bytes(BODY)
    cache.mkdir(parents=True)
    (cache / "toy.tsv").write_bytes(BODY)
    monkeypatch.setenv("LECTURE10_DATA_MIRROR", str(mirror))
    assert data.fetch("toy", progress=False) == mirror / "toy.tsv"
    assert server.hits["/toy.tsv"] == 0


def test_corrupt_mirror_file_is_skipped_and_reported(cache, tmp_path, monkeypatch, make_dataset):
    make_dataset(data.HttpsFile(closed_port_url()))
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    (mirror / "toy.tsv").write_bytes(b"not it")
    monkeypatch.setenv("LECTURE10_DATA_MIRROR", str(mirror))
    with pytest.raises(data.DatasetUnavailable, match=f"mirror {mirror / 'toy.tsv'}: size mismatch"):
        data.fetch("toy", progress=False)
    assert (mirror / "toy.tsv").read_bytes() == b"not it"  # a mirror is never modified


def test_offline_message_names_dataset_file_directory_and_variable(cache, make_dataset):
    url = closed_port_url("/toy.tsv")
    make_dataset(data.HttpsFile(url), name="toy-offline")
    with pytest.raises(data.DatasetUnavailable) as error:
        data.fetch("toy-offline", progress=False)
    message = str(error.value)
    assert isinstance(error.value, RuntimeError)
    assert message.startswith("Dataset 'toy-offline' is not available.")
    assert f"download {url} and save it as toy.tsv" in message
    assert f"put toy.tsv in {cache}" in message
    assert "$LECTURE10_DATA_MIRROR" in message
    assert f"sha256:{SHA}" in message
    assert error.value.attempts == [
        "mirror: $LECTURE10_DATA_MIRROR is not set",
        f"cache {cache / 'toy.tsv'}: no such file",
        f"HTTPS {url}: connection refused",
    ]


def test_unknown_name_lists_known_datasets():
    with pytest.raises(KeyError) as error:
        data.fetch("no-such-data")
    assert "unknown dataset 'no-such-data'" in str(error.value)
    assert "vader-tweets" in str(error.value) and "glove-6b-50d" in str(error.value)


@pytest.mark.parametrize("name", [["vader-tweets"], None, 3])
def test_a_name_that_is_not_a_string_is_refused(name):
    with pytest.raises(TypeError, match="a dataset name is a string"):
        data.fetch(name)


def test_cache_dir_follows_the_variable(tmp_path, monkeypatch):
    monkeypatch.setenv("LECTURE10_CACHE", str(tmp_path / "elsewhere"))
    assert data.cache_dir() == (tmp_path / "elsewhere").resolve()
    assert data.path("vader-tweets") == (tmp_path / "elsewhere" / "tweets_GroundTruth.txt").resolve()
    monkeypatch.delenv("LECTURE10_CACHE")
    assert data.cache_dir().name == "lecture10"


def test_verify_reports_missing_and_ok(cache, server, make_dataset):
    make_dataset(data.HttpsFile(server.serve("/toy.tsv", BODY)))
    assert data.verify("toy") == {"toy": "missing"}
    data.fetch("toy", progress=False)
    report = data.verify()
    assert report["toy"] == "ok" and report["vader-tweets"] == "missing"
