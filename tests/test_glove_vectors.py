"""Word-vector queries and the intrinsic evaluations, on vectors built so the answers are known."""
from __future__ import annotations

import json

import numpy as np
import pytest

from lecture10.artefacts import FOLDER, GLOVE_MANIFEST, GLOVE_VECTORS, book_glove_manifest
from lecture10.glove.benchmarks import (analogy_accuracy, intrinsic_scores, read_analogies, read_similarity_pairs,
                                        similarity_correlation)
from lecture10.vectors import WordVectors, load_book_glove

SHIPPED, SHIPPED_MANIFEST = FOLDER / GLOVE_VECTORS, FOLDER / GLOVE_MANIFEST


def toy() -> WordVectors:
    # 'king' is 'man' plus a little royalty, 'queen' is 'woman' plus more: king - man + woman
    # lands nearest to 'woman' itself, then 'queen'.
    words = ["man", "woman", "king", "queen", "apple", "pear"]
    matrix = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [1.0, 0.0, 0.2], [0.0, 1.0, 0.5],
                       [-1.0, -1.0, 0.3], [-1.0, -0.9, 0.3]])
    return WordVectors(words, matrix, counts=np.array([60, 50, 40, 30, 20, 10]), name="toy")


def test_cosine_and_euclidean_match_numpy() -> None:
    v = toy()
    a, b = v["king"], v["queen"]
    assert v.cosine("king", "queen") == pytest.approx(a @ b / np.linalg.norm(a) / np.linalg.norm(b))
    assert v.euclidean("king", "queen") == pytest.approx(np.linalg.norm(a - b))


def test_most_similar_excludes_the_query_and_orders_by_metric() -> None:
    v = toy()
    neighbours = v.most_similar("apple", topn=2)
    assert neighbours[0][0] == "pear" and "apple" not in [w for w, _ in neighbours]
    assert neighbours[0][1] >= neighbours[1][1]
    by_distance = v.most_similar("apple", topn=3, metric="euclidean")
    assert [d for _, d in by_distance] == sorted(d for _, d in by_distance)
    assert by_distance[0][1] == pytest.approx(v.euclidean("apple", "pear"))
    with pytest.raises(ValueError, match="metric"):
        v.most_similar("apple", metric="manhattan")


def test_exclude_takes_a_list_of_words_not_a_string() -> None:
    """most_similar(word, exclude="queen") used to exclude the letters q, u, e, n (or fail on the first)."""
    v = toy()
    with pytest.raises(TypeError, match="exclude must be a list of words, not the string 'queen'"):
        v.most_similar("king", exclude="queen")
    assert "queen" not in [w for w, _ in v.most_similar("king", topn=5, exclude=["queen"])]


def test_topn_beyond_the_vocabulary_never_returns_excluded_words() -> None:
    """most_similar(word, topn=30000) used to return the excluded words too, with a score of -inf."""
    v = toy()
    for metric in ("cosine", "euclidean"):
        neighbours = v.most_similar("king", topn=30_000, metric=metric, exclude=["queen", "queen"])
        assert sorted(w for w, _ in neighbours) == ["apple", "man", "pear", "woman"]
        assert all(np.isfinite(score) for _, score in neighbours)
    assert len(v.most_similar(v["king"], topn=30_000)) == len(v)  # a vector query excludes nothing


def test_analogy_excludes_its_input_words() -> None:
    v = toy()
    # king - man + woman: 'king' itself is the nearest vector to the target here
    # (the mistake of implementations that forget to exclude the inputs); queen must win.
    target = v.unit[v.id("king")] - v.unit[v.id("man")] + v.unit[v.id("woman")]
    nearest_overall = v.words[int(np.argmax(v.unit @ target))]
    assert nearest_overall == "woman"
    assert v.analogy("man", "king", "woman", topn=1)[0][0] == "queen"
    assert v.analogy_rank("man", "king", "woman", "queen") == 1


def test_unknown_words_raise_a_key_error_naming_them() -> None:
    with pytest.raises(KeyError, match="'kitten'"):
        toy().cosine("queen", "kitten")


def test_restrict_keeps_the_most_frequent_words_and_save_load_round_trips(tmp_path) -> None:
    v = toy()
    top = v.restrict(2)
    assert top.words == ["man", "woman"] and top.counts.tolist() == [60, 50]
    path = tmp_path / "v.npz"
    v.save(path)
    back = WordVectors.load(path)
    assert back.words == v.words and back.count("pear") == 10
    np.testing.assert_allclose(back.matrix, v.matrix, atol=1e-3)  # float16 storage


def test_analogy_accuracy_and_coverage() -> None:
    v = toy()
    questions = [("royal", "man", "king", "woman", "queen"),  # right
                 ("gram-fruit", "apple", "pear", "man", "woman"),  # wrong: answer is not woman
                 ("royal", "man", "king", "cat", "kitten")]  # not covered
    score = analogy_accuracy(v, questions)
    assert (score.correct, score.covered, score.total) == (1, 2, 3)
    assert score.accuracy == 0.5 and score.semantic == 1.0 and score.syntactic == 0.0
    assert score.coverage == pytest.approx(2 / 3)
    # Restricted to the 2 most frequent words, no question is covered.
    assert analogy_accuracy(v, questions, restrict=2).covered == 0


def test_similarity_correlation_is_spearman_over_covered_pairs() -> None:
    v = toy()
    pairs = [("king", "queen", 3.0), ("apple", "pear", 9.0), ("man", "apple", 1.0), ("cat", "dog", 8.0)]
    score = similarity_correlation(v, pairs)
    assert (score.covered, score.total) == (3, 4)
    cosines = [v.cosine("king", "queen"), v.cosine("apple", "pear"), v.cosine("man", "apple")]
    assert np.argsort(cosines).tolist() == [2, 0, 1]  # same order as the human scores
    assert score.spearman == pytest.approx(1.0)


def test_benchmark_file_readers(tmp_path) -> None:
    analogies = tmp_path / "q.txt"
    analogies.write_text(": capital-common-countries\nAthens Greece Baghdad Iraq\n: gram1\na b c d\n")
    assert read_analogies(analogies) == [("capital-common-countries", "athens", "greece", "baghdad", "iraq"),
                                         ("gram1", "a", "b", "c", "d")]
    similarity = tmp_path / "s.tsv"
    similarity.write_text("# comment\nTiger\tcat\t7.35\n")
    assert read_similarity_pairs(similarity) == [("tiger", "cat", 7.35)]
    analogies.write_text("only three words\n")
    with pytest.raises(ValueError, match="4 words"):
        read_analogies(analogies)


def test_shipped_vectors_match_their_manifest() -> None:
    manifest = book_glove_manifest()
    vectors = load_book_glove()
    assert len(vectors) == manifest["artefact"]["words"] and vectors.dim == manifest["config"]["dim"]
    import hashlib
    assert hashlib.sha256(SHIPPED.read_bytes()).hexdigest() == manifest["artefact"]["sha256"]
    assert vectors.counts is not None and np.all(np.diff(vectors.counts) <= 0)  # most frequent first
    assert json.loads(SHIPPED_MANIFEST.read_text())["corpus"]["manifest_sha256"]


@pytest.mark.registry
def test_shipped_scores_are_reproduced_by_intrinsic_scores() -> None:
    manifest = book_glove_manifest()
    scores = intrinsic_scores(load_book_glove())
    assert scores["wordsim353"]["spearman"] == pytest.approx(manifest["scores"]["wordsim353"]["spearman"], abs=1e-3)
    assert scores["queen_rank"] == manifest["scores"]["queen_rank"]


def _raw_shipped() -> tuple[dict[str, int], np.ndarray]:
    """The shipped vectors read straight from the .npz with numpy (no WordVectors), as unit rows in float64."""
    with np.load(SHIPPED, allow_pickle=False) as raw:
        words, matrix = raw["words"].tolist(), raw["matrix"].astype(np.float64)
    return {w: i for i, w in enumerate(words)}, matrix / np.linalg.norm(matrix, axis=1, keepdims=True)


def test_shipped_queen_rank_holds_when_recomputed_by_hand() -> None:
    """king - man + woman, inputs excluded, ranked with plain numpy: the manifest's queen rank."""
    row, unit = _raw_shipped()
    target = unit[row["king"]] - unit[row["man"]] + unit[row["woman"]]
    scores = unit @ (target / np.linalg.norm(target))
    scores[[row["king"], row["man"], row["woman"]]] = -np.inf
    rank = 1 + int(np.sum(scores > scores[row["queen"]]))
    assert rank == book_glove_manifest()["scores"]["queen_rank"] == 1


@pytest.mark.registry
def test_shipped_wordsim_score_holds_when_recomputed_by_hand() -> None:
    """WS-353 Spearman rho from the raw benchmark file, numpy cosines and scipy's spearmanr alone."""
    from scipy.stats import spearmanr

    from lecture10.data import fetch

    row, unit = _raw_shipped()
    human, model = [], []
    for line in fetch("wordsim353", progress=False).read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if line.startswith("#") or len(fields) < 3:
            continue
        a, b = fields[0].lower(), fields[1].lower()
        if a in row and b in row:
            human.append(float(fields[2]))
            model.append(float(unit[row[a]] @ unit[row[b]]))
    expected = book_glove_manifest()["scores"]["wordsim353"]
    assert len(human) == expected["covered"]
    assert spearmanr(model, human).statistic == pytest.approx(expected["spearman"], abs=1e-3)


def test_every_loader_gives_word_vectors_and_the_stanford_one_its_limit(monkeypatch) -> None:
    """load_word_vectors names each loader of lecture10.vectors; Stanford's 50-d comes from lecture10.data."""
    import lecture10.data.glove
    from lecture10.vectors import SOURCES, load_stanford_glove, load_word_vectors

    words, matrix = ["the", "of", "and"], np.arange(6, dtype=np.float32).reshape(3, 2)
    monkeypatch.setattr(lecture10.data.glove, "load_glove_6b_50d", lambda **_: (words, matrix))
    top = load_stanford_glove(limit=2)
    assert top.words == ["the", "of"] and top.matrix.tolist() == [[0.0, 1.0], [2.0, 3.0]]
    assert load_word_vectors("stanford-glove-50d").words == words
    assert load_word_vectors("book-glove").name == "book GloVe 100d"
    assert set(SOURCES) == {"book-glove", "stanford-glove-50d", "word2vec-bolukbasi"}
    with pytest.raises(ValueError, match=r"dim must be one of \[50, 100, 200, 300\], got 64"):
        load_stanford_glove(dim=64)
    with pytest.raises(ValueError, match="limit must be a positive int"):
        load_stanford_glove(limit=0)
    with pytest.raises(ValueError, match="source must be one of .*'book-glove'"):
        load_word_vectors("fasttext")
