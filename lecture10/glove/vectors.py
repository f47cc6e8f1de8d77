"""Word vectors you can query: nearest neighbours, analogies, cosine and Euclidean distance.

:class:`WordVectors` is a small, numpy-only cousin of gensim's ``KeyedVectors``. Load the
book's own GloVe vectors (shipped in the package, trained by ``tools/train_glove.py``) with
:func:`load_shipped`, or Stanford's pretrained GloVe 6B vectors (a download of about
860 MB, online only) with :func:`load_stanford`.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

__all__ = ["ARTEFACTS", "SHIPPED", "WordVectors", "load_shipped", "load_stanford", "shipped_manifest"]

#: The folder of the package's data files.
ARTEFACTS = Path(__file__).resolve().parent.parent / "artefacts"
#: The book's own GloVe vectors and their manifest (see tools/train_glove.py).
SHIPPED = ARTEFACTS / "glove-book-100d.npz"
SHIPPED_MANIFEST = ARTEFACTS / "glove-book-100d.json"

METRICS = ("cosine", "euclidean")


class WordVectors:
    """Vectors of a vocabulary: ``words[k]`` has the vector ``matrix[k]``, most frequent words first."""

    def __init__(self, words: Sequence[str], matrix: np.ndarray, counts: np.ndarray | None = None,
                 name: str = "vectors") -> None:
        matrix = np.asarray(matrix, dtype=np.float32)
        if matrix.ndim != 2:
            raise ValueError(f"matrix must be 2-D (words x dimensions), got shape {matrix.shape}")
        if len(words) != matrix.shape[0]:
            raise ValueError(f"{len(words)} words but {matrix.shape[0]} vectors")
        if counts is not None and len(counts) != len(words):
            raise ValueError(f"{len(words)} words but {len(counts)} counts")
        self.words = list(words)
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
        if n < 1:
            raise ValueError(f"n must be positive, got {n}")
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

        A query word is excluded from its own neighbours, and so are the words in ``exclude``.
        """
        if metric not in METRICS:
            raise ValueError(f"metric must be one of {METRICS}, got {metric!r}")
        if topn < 1:
            raise ValueError(f"topn must be positive, got {topn}")
        vector = self._query(query)
        if metric == "cosine":
            scores = self._unit @ (vector / max(float(np.linalg.norm(vector)), 1e-12))
        else:
            scores = -np.linalg.norm(self.matrix - vector, axis=1)
        banned = [self.id(w) for w in exclude] + ([self.id(query)] if isinstance(query, str) else [])
        scores[banned] = -np.inf
        top = np.argsort(-scores, kind="stable")[:topn]
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


def shipped_manifest() -> dict:
    """The manifest of the shipped vectors: corpus, hyper-parameters, training time, scores."""
    return json.loads(SHIPPED_MANIFEST.read_text())


def load_shipped() -> WordVectors:
    """The book's own 100-d GloVe vectors (trained by ``tools/train_glove.py``, shipped in the package)."""
    if not SHIPPED.is_file():
        raise FileNotFoundError(f"{SHIPPED} is missing: regenerate it with `python tools/train_glove.py`")
    return WordVectors.load(SHIPPED, name="book GloVe 100d")


def load_stanford(dim: int = 50, limit: int | None = None) -> WordVectors:
    """Stanford's GloVe 6B vectors (400,000 words; downloads glove.6B.zip, ~860 MB, once).

    Only the 50-d file is registered in :mod:`lecture10.data` (as ``glove-6b-50d``).
    ``limit`` keeps the ``limit`` most frequent words (the file is sorted by frequency).
    """
    if dim != 50:
        raise ValueError(f"only the 50-d Stanford vectors are registered in lecture10.data, not {dim}-d")
    from lecture10.data import fetch
    from lecture10.readers import read_word_vectors_text

    words, matrix = read_word_vectors_text(fetch("glove-6b-50d"), limit=limit)
    return WordVectors(words, matrix, name="Stanford GloVe 6B 50d")
