"""Standard intrinsic evaluations of word vectors: analogies and word-similarity correlations.

* **Analogies** (Mikolov et al.'s ``questions-words.txt``): "a is to b as c is to d" is
  answered correctly when d is the nearest word (cosine) to b - a + c among the
  ``restrict`` most frequent words, a, b and c excluded. As in gensim, only questions whose
  four words are all among those words are asked; the coverage says how many that is.
* **Similarity** (WordSim-353, SimLex-999): Spearman's rank correlation between the
  cosine similarities and the human ratings, over the pairs whose words both have vectors.

The benchmark files come from :func:`lecture10.data.fetch` (gensim's test data on PyPI).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
from scipy.stats import spearmanr

from lecture10 import _checks
from lecture10.vectors import WordVectors

__all__ = ["AnalogyScore", "SimilarityScore", "analogy_accuracy", "intrinsic_scores", "read_analogies",
           "read_similarity_pairs", "similarity_correlation"]


def read_analogies(path: str | Path) -> list[tuple[str, str, str, str, str]]:
    """The questions of a ``questions-words.txt`` file: (section, a, b, c, d), lowercased."""
    questions = []
    section = ""
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith(":"):
            section = line[1:].strip()
        elif line.strip():
            words = line.lower().split()
            if len(words) != 4:
                raise ValueError(f"{path}:{number}: expected 4 words, got {line!r}")
            questions.append((section, *words))
    return questions


def read_similarity_pairs(path: str | Path) -> list[tuple[str, str, float]]:
    """The (word, word, human score) lines of a WordSim-353/SimLex-999 file ('#' lines skipped)."""
    pairs = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) < 3:
            raise ValueError(f"{path}:{number}: expected 'word<TAB>word<TAB>score', got {line!r}")
        pairs.append((fields[0].lower(), fields[1].lower(), float(fields[2])))
    return pairs


class _Covered:
    """A score computed on ``covered`` of ``total`` items (the others have a word without a vector)."""

    covered: int
    total: int

    @property
    def coverage(self) -> float:
        """The share of the items (questions, pairs) that could be scored."""
        return self.covered / self.total


@dataclass(frozen=True)
class AnalogyScore(_Covered):
    """Analogy accuracy over the covered questions, overall and for the two halves of the set."""

    accuracy: float
    semantic: float
    syntactic: float
    correct: int
    covered: int
    total: int


@dataclass(frozen=True)
class SimilarityScore(_Covered):
    """Spearman's rho between cosine similarity and human ratings, over the covered pairs."""

    spearman: float
    covered: int
    total: int


def analogy_accuracy(vectors: WordVectors, questions: list[tuple[str, str, str, str, str]],
                     restrict: int = 30_000, batch: int = 512) -> AnalogyScore:
    """Accuracy on analogy ``questions`` (from :func:`read_analogies`), see the module docstring."""
    if not questions:
        raise ValueError("no analogy questions given")
    _checks.positive_int(restrict, "restrict")
    _checks.positive_int(batch, "batch")
    top = vectors.restrict(min(restrict, len(vectors)))
    unit = top.unit
    asked = [(s, *(top.index[w] for w in q)) for s, *q in questions if all(w in top.index for w in q)]
    correct = semantic_ok = semantic_n = 0
    for start in range(0, len(asked), batch):
        chunk = asked[start:start + batch]
        ids = np.array([q[1:] for q in chunk])
        target = unit[ids[:, 1]] - unit[ids[:, 0]] + unit[ids[:, 2]]
        scores = target @ unit.T
        rows = np.arange(len(chunk))
        for k in range(3):
            scores[rows, ids[:, k]] = -np.inf
        hits = scores.argmax(axis=1) == ids[:, 3]
        syntactic = np.array([q[0].startswith("gram") for q in chunk])
        correct += int(hits.sum())
        semantic_ok += int(hits[~syntactic].sum())
        semantic_n += int((~syntactic).sum())
    syntactic_n = len(asked) - semantic_n
    return AnalogyScore(
        accuracy=correct / len(asked) if asked else 0.0,
        semantic=semantic_ok / semantic_n if semantic_n else 0.0,
        syntactic=(correct - semantic_ok) / syntactic_n if syntactic_n else 0.0,
        correct=correct, covered=len(asked), total=len(questions))


def similarity_correlation(vectors: WordVectors, pairs: list[tuple[str, str, float]]) -> SimilarityScore:
    """Spearman's rho of cosine similarity vs. human ratings (``pairs`` from :func:`read_similarity_pairs`)."""
    if not pairs:
        raise ValueError("no word pairs given")
    covered = [(a, b, s) for a, b, s in pairs if a in vectors and b in vectors]
    if len(covered) < 3:
        return SimilarityScore(float("nan"), len(covered), len(pairs))
    model = [vectors.cosine(a, b) for a, b, _ in covered]
    human = [s for _, _, s in covered]
    return SimilarityScore(float(spearmanr(model, human).statistic), len(covered), len(pairs))


def intrinsic_scores(vectors: WordVectors, restrict: int = 30_000) -> dict:
    """Every score of the module on the registered benchmark files, plus king - man + woman.

    Returns a JSON-ready dict: ``analogy`` (accuracy, semantic, syntactic, coverage...),
    ``wordsim353`` and ``simlex999`` (spearman, coverage...), ``queen_rank``.
    """
    from lecture10.data import fetch

    analogy = analogy_accuracy(vectors, read_analogies(fetch("questions-words")), restrict=restrict)
    result = {"analogy": {**asdict(analogy), "coverage": analogy.coverage, "restrict": restrict}}
    for name in ("wordsim353", "simlex999"):
        score = similarity_correlation(vectors, read_similarity_pairs(fetch(name)))
        result[name] = {**asdict(score), "coverage": score.coverage}
    known = all(w in vectors for w in ("man", "king", "woman", "queen"))
    result["queen_rank"] = vectors.analogy_rank("man", "king", "woman", "queen") if known else None
    return result
