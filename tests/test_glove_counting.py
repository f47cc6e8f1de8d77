"""The tools' counting path (streamed corpus, lean co-occurrence counts) against the chapters' functions."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from lecture10.glove import pipeline
from lecture10.glove.cooccurrence import cooccurrence_counts
from lecture10.glove.corpus import read_corpus
from lecture10.glove.counting import cooccurrence_counts_lean
from lecture10.glove.pipeline import count_corpus, count_corpus_folder


@pytest.mark.parametrize(("vocab", "tokens", "documents"), [(30, 2_000, 40), (500, 50_000, 900), (3, 10, 2),
                                                             (70_000, 20_000, 10), (5, 2, 1)])
def test_lean_counts_equal_the_chapters_counts(vocab: int, tokens: int, documents: int) -> None:
    rng = np.random.default_rng(vocab)
    ids = rng.integers(0, vocab, tokens).astype(np.int32)
    doc = np.sort(rng.integers(0, documents, tokens)).astype(np.int32)
    for d in (doc, None):
        for weighted in (True, False):
            expected = cooccurrence_counts(ids, d, vocab, window=5, distance_weighting=weighted).matrix
            got = cooccurrence_counts_lean(ids, d, vocab, window=5, distance_weighting=weighted).matrix
            np.testing.assert_array_equal(got.indptr, expected.indptr)
            np.testing.assert_array_equal(got.indices, expected.indices)
            np.testing.assert_allclose(got.data, expected.data, rtol=1e-12)
            assert got.has_sorted_indices and (got != got.T).nnz == 0


def test_lean_counts_by_hand_and_bad_input() -> None:
    # "a b a": a-b at distance 1 twice, a-a at distance 2 (counted from both sides: 2 * 1/2).
    X = cooccurrence_counts_lean(np.array([0, 1, 0]), None, 2, window=2)
    np.testing.assert_allclose(X.to_dense(), [[1.0, 2.0], [2.0, 0.0]])
    with pytest.raises(ValueError, match="token ids"):
        cooccurrence_counts_lean(np.array([0, 3]), None, 2)
    with pytest.raises(ValueError, match="one-dimensional"):
        cooccurrence_counts_lean(np.zeros((2, 2), int), None, 2)
    with pytest.raises(ValueError, match="doc"):
        cooccurrence_counts_lean(np.array([0, 1]), np.array([0]), 2)


def write_corpus(folder: Path) -> None:
    """A corpus folder as tools.corpus.build writes it: one document per line, and a manifest."""
    rng = np.random.default_rng(1)
    sources = []
    for name in ("first", "second"):
        lines = [" ".join(f"w{k}" for k in rng.zipf(1.4, size=rng.integers(0, 30)) % 60) for _ in range(70)]
        (folder / f"{name}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
        sources.append({"name": name, "file": f"{name}.txt"})
    (folder / "corpus-manifest.json").write_text(json.dumps({"sources": sources}), encoding="utf-8")


def test_the_streamed_corpus_counts_as_the_corpus_in_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_corpus(tmp_path)
    real_batches = pipeline._document_batches
    monkeypatch.setattr(pipeline, "_document_batches", lambda files: real_batches(files, lines=7))  # many batches
    for sources in (None, ["second"]):
        documents, manifest = read_corpus(tmp_path, sources)
        expected = count_corpus(documents, min_count=3, window=4)
        got, streamed = count_corpus_folder(tmp_path, sources, min_count=3, window=4)
        assert got.vocabulary.words == expected.vocabulary.words
        np.testing.assert_array_equal(got.vocabulary.counts, expected.vocabulary.counts)
        np.testing.assert_array_equal(got.ids, expected.ids)
        np.testing.assert_array_equal(got.doc, expected.doc)
        np.testing.assert_allclose(got.cooccurrence.to_dense(), expected.cooccurrence.to_dense(), rtol=1e-12)
        assert streamed["sha256"] == manifest["sha256"]
        assert streamed["tokens"] == sum(map(len, documents))


def test_the_streamed_corpus_names_what_is_wrong(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="tools.corpus.build"):
        count_corpus_folder(tmp_path)
    write_corpus(tmp_path)
    with pytest.raises(ValueError, match="unknown corpus sources"):
        count_corpus_folder(tmp_path, ["third"])
    with pytest.raises(ValueError, match="min_count"):
        count_corpus_folder(tmp_path, min_count=0)
