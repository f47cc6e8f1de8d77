"""Standard intrinsic evaluations of word vectors: analogies and word-similarity correlations.

* **Analogies** (Mikolov et al.'s ``questions-words.txt``): "a is to b as c is to d" is
  answered correctly when d is the nearest word (cosine) to b - a + c among the
  ``restrict`` most frequent words, a, b and c excluded. As in gensim, only questions whose
  four words are all among those words are asked; the coverage says how many that is.
* **Similarity** (WordSim-353, SimLex-999): Spearman's rank correlation between the
  cosine similarities and the human ratings, over the pairs whose words both have vectors.
* **Comparing two sets of vectors** on the same items: :func:`mcnemar` (analogies, from the
  per-question hits of :func:`analogy_hits`) and :func:`similarity_difference` (a paired
  bootstrap interval for the difference of two Spearman correlations). Pass the words both
  sets know as ``only`` to score them on the same questions and pairs; :func:`compare_vectors`
  does all of it on the registered benchmark files.

The benchmark files come from :func:`lecture10.data.fetch` (gensim's test data on PyPI).
"""
from __future__ import annotations

from collections.abc import Collection
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
from scipy.stats import binomtest, bootstrap, spearmanr

from lecture10 import _checks
from lecture10.vectors import WordVectors

__all__ = ["AnalogyScore", "SimilarityScore", "analogy_accuracy", "analogy_hits", "compare_vectors", "intrinsic_scores",
           "mcnemar", "read_analogies", "read_similarity_pairs", "section_accuracies", "similarity_correlation",
           "similarity_difference"]


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


def analogy_hits(vectors: WordVectors, questions: list[tuple[str, str, str, str, str]],
                 restrict: int = 30_000, batch: int = 512, only: Collection[str] | None = None) -> np.ndarray:
    """Per question: 1.0 if answered right, 0.0 if wrong, NaN if not asked (see the module docstring).

    A question is asked when its four words are among the ``restrict`` most frequent words (and
    all in ``only``, when given); the answer is searched among those ``restrict`` words.
    """
    if not questions:
        raise ValueError("no analogy questions given")
    _checks.positive_int(restrict, "restrict")
    _checks.positive_int(batch, "batch")
    top = vectors.restrict(min(restrict, len(vectors)))
    unit = top.unit
    asked = np.array([all(w in top.index and (only is None or w in only) for w in q[1:]) for q in questions])
    ids = np.array([[top.index[w] for w in q[1:]] for q, ok in zip(questions, asked) if ok]).reshape(-1, 4)
    hits = np.empty(len(ids), dtype=bool)
    for start in range(0, len(ids), batch):
        chunk = ids[start:start + batch]
        scores = (unit[chunk[:, 1]] - unit[chunk[:, 0]] + unit[chunk[:, 2]]) @ unit.T  # b - a + c
        scores[np.arange(len(chunk))[:, None], chunk[:, :3]] = -np.inf  # the inputs are no answer
        hits[start:start + batch] = scores.argmax(axis=1) == chunk[:, 3]
    out = np.full(len(questions), np.nan)
    out[asked] = hits
    return out


def analogy_accuracy(vectors: WordVectors, questions: list[tuple[str, str, str, str, str]],
                     restrict: int = 30_000, batch: int = 512, only: Collection[str] | None = None) -> AnalogyScore:
    """Accuracy on analogy ``questions`` (from :func:`read_analogies`), see :func:`analogy_hits`."""
    hits = analogy_hits(vectors, questions, restrict=restrict, batch=batch, only=only)
    asked = ~np.isnan(hits)
    syntactic = np.array([q[0].startswith("gram") for q in questions])
    correct = int(np.nansum(hits))

    def share(part: np.ndarray) -> float:
        return float(np.nansum(hits[part])) / int(asked[part].sum()) if asked[part].any() else 0.0

    return AnalogyScore(accuracy=share(asked), semantic=share(asked & ~syntactic),
                        syntactic=share(asked & syntactic), correct=correct, covered=int(asked.sum()),
                        total=len(questions))


def section_accuracies(hits: np.ndarray, questions: list[tuple[str, str, str, str, str]]) -> dict[str, dict]:
    """Per section of the question file (in file order): the questions asked and the share answered right."""
    hits = np.asarray(hits, dtype=float)
    if hits.shape != (len(questions),):
        raise ValueError(f"{len(questions)} questions but hits of shape {hits.shape}")
    sections = np.array([q[0] for q in questions])
    out = {}
    for name in dict.fromkeys(sections):  # file order, each once
        part = hits[sections == name]
        asked = int((~np.isnan(part)).sum())
        out[str(name)] = {"asked": asked, "accuracy": float(np.nanmean(part)) if asked else float("nan")}
    return out


def mcnemar(hits_a: np.ndarray, hits_b: np.ndarray) -> dict:
    """McNemar's exact test of two sets of vectors on the same questions (per-question hits, NaN: not asked).

    Only the questions asked of both count; of those, the ones exactly one set gets right decide:
    the two-sided binomial p-value of ``only_a`` among ``only_a + only_b`` discordant questions.
    """
    hits_a, hits_b = np.asarray(hits_a, dtype=float), np.asarray(hits_b, dtype=float)
    if hits_a.shape != hits_b.shape or hits_a.ndim != 1:
        raise ValueError(f"hits_a and hits_b must be 1-D of one length, got {hits_a.shape} and {hits_b.shape}")
    both = ~np.isnan(hits_a) & ~np.isnan(hits_b)
    a, b = hits_a[both] == 1, hits_b[both] == 1
    only_a, only_b = int((a & ~b).sum()), int((~a & b).sum())
    p = binomtest(only_a, only_a + only_b).pvalue if only_a + only_b else 1.0
    return {"questions": int(both.sum()), "accuracy_a": float(a.mean()) if both.any() else float("nan"),
            "accuracy_b": float(b.mean()) if both.any() else float("nan"), "only_a": only_a, "only_b": only_b,
            "p_value": float(p)}


def similarity_correlation(vectors: WordVectors, pairs: list[tuple[str, str, float]],
                           only: Collection[str] | None = None) -> SimilarityScore:
    """Spearman's rho of cosine similarity vs. human ratings (``pairs`` from :func:`read_similarity_pairs`),
    over the pairs whose two words have vectors (and are in ``only``, when given)."""
    if not pairs:
        raise ValueError("no word pairs given")
    covered = [(a, b, s) for a, b, s in pairs if a in vectors and b in vectors
               and (only is None or (a in only and b in only))]
    if len(covered) < 3:
        return SimilarityScore(float("nan"), len(covered), len(pairs))
    model = [vectors.cosine(a, b) for a, b, _ in covered]
    human = [s for _, _, s in covered]
    return SimilarityScore(float(spearmanr(model, human).statistic), len(covered), len(pairs))


def similarity_difference(a: WordVectors, b: WordVectors, pairs: list[tuple[str, str, float]],
                          n_resamples: int = 2000, seed: int = 0, confidence: float = 0.95) -> dict:
    """rho(a) - rho(b) on the pairs both sets cover, with a paired bootstrap interval over the pairs.

    Each resample draws pairs with replacement and recomputes both Spearman correlations on the
    same pairs (scipy's paired bootstrap, percentile interval).
    """
    _checks.positive_int(n_resamples, "n_resamples")
    _checks.in_open_interval(confidence, "confidence")
    covered = [(x, y, s) for x, y, s in pairs if x in a and y in a and x in b and y in b]
    if len(covered) < 3:
        raise ValueError(f"only {len(covered)} pairs have vectors in both sets: too few to compare")
    human = np.array([s for *_, s in covered])
    cos_a = np.array([a.cosine(x, y) for x, y, _ in covered])
    cos_b = np.array([b.cosine(x, y) for x, y, _ in covered])

    def difference(h: np.ndarray, u: np.ndarray, v: np.ndarray) -> float:
        return spearmanr(u, h).statistic - spearmanr(v, h).statistic

    interval = bootstrap((human, cos_a, cos_b), difference, paired=True, vectorized=False,
                         n_resamples=n_resamples, confidence_level=confidence, method="percentile",
                         random_state=np.random.default_rng(seed)).confidence_interval
    return {"pairs": len(covered), "rho_a": float(spearmanr(cos_a, human).statistic),
            "rho_b": float(spearmanr(cos_b, human).statistic), "difference": float(difference(human, cos_a, cos_b)),
            "low": float(interval.low), "high": float(interval.high), "confidence": confidence}


def compare_vectors(a: WordVectors, b: WordVectors, restrict: int = 30_000, n_resamples: int = 1000,
                    seed: int = 0) -> dict:
    """Two sets of vectors on the same items of the registered benchmarks (a JSON-ready dict).

    ``analogy``: :func:`mcnemar` over the questions whose words are among both sets' ``restrict``
    most frequent words, the number of questions in the file (``total``), plus ``sections`` (:func:`section_accuracies` of each, keyed "a" and "b");
    ``wordsim353`` and ``simlex999``: :func:`similarity_difference` over the pairs both cover.
    """
    from lecture10.data import fetch

    _checks.positive_int(restrict, "restrict")
    shared = set(a.words[:restrict]) & set(b.words[:restrict])
    questions = read_analogies(fetch("questions-words"))
    hits = {key: analogy_hits(v, questions, restrict=restrict, only=shared) for key, v in (("a", a), ("b", b))}
    result = {"shared_words": len(shared), "restrict": restrict,
              "analogy": {**mcnemar(hits["a"], hits["b"]), "total": len(questions),
                          "sections": {key: section_accuracies(h, questions) for key, h in hits.items()}}}
    for name in ("wordsim353", "simlex999"):
        result[name] = similarity_difference(a, b, read_similarity_pairs(fetch(name)), n_resamples=n_resamples,
                                             seed=seed)
    return result


def intrinsic_scores(vectors: WordVectors, restrict: int = 30_000, only: Collection[str] | None = None) -> dict:
    """Every score of the module on the registered benchmark files, plus king - man + woman.

    Returns a JSON-ready dict: ``analogy`` (accuracy, semantic, syntactic, coverage...),
    ``wordsim353`` and ``simlex999`` (spearman, coverage...), ``queen_rank``. With ``only`` (a
    set of words), only the questions and pairs whose words are all in it are scored.
    """
    from lecture10.data import fetch

    analogy = analogy_accuracy(vectors, read_analogies(fetch("questions-words")), restrict=restrict, only=only)
    result = {"analogy": {**asdict(analogy), "coverage": analogy.coverage, "restrict": restrict}}
    for name in ("wordsim353", "simlex999"):
        score = similarity_correlation(vectors, read_similarity_pairs(fetch(name)), only=only)
        result[name] = {**asdict(score), "coverage": score.coverage}
    known = all(w in vectors for w in ("man", "king", "woman", "queen"))
    result["queen_rank"] = vectors.analogy_rank("man", "king", "woman", "queen") if known else None
    return result
