"""From labelled tweets to tensors: labels, seeded stratified splits and samples, vocabulary, embeddings.

Everything random takes a ``seed`` and uses its own :class:`numpy.random.Generator`, so a split
or a sample depends on nothing but its inputs. The vocabulary is built from the *training*
split only: a word first seen in the validation or test split is unknown, as it would be for
a deployed model.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Sequence

import numpy as np
import torch

__all__ = [
    "NEGATIVE", "PAD", "PAD_ID", "POSITIVE", "UNK", "UNK_ID", "Coverage", "Vocabulary",
    "binarize_ratings", "binarization_table", "build_vocabulary", "coverage", "embedding_matrix",
    "sample_stratified", "sentiment140_labels", "stratified_split",
]

NEGATIVE, POSITIVE = 0, 1
PAD, UNK = "<pad>", "<unk>"
PAD_ID, UNK_ID = 0, 1


# --- labels ---------------------------------------------------------------------------------

def binarize_ratings(ratings: Sequence[float] | np.ndarray, margin: float = 0.5) -> tuple[np.ndarray, np.ndarray]:
    """Turn mean ratings into binary labels: ``rating > margin`` is positive, ``< -margin`` negative.

    Tweets with ``|rating| <= margin`` (near neutral, where raters disagree) are dropped.
    Returns ``(kept, labels)``: the indices of the kept tweets and their labels (1 positive).
    """
    ratings = np.asarray(ratings, dtype=float)
    if ratings.ndim != 1:
        raise ValueError(f"ratings must be one-dimensional, got shape {ratings.shape}")
    if not np.all(np.isfinite(ratings)):
        raise ValueError("ratings contain NaN or infinite values")
    if margin < 0:
        raise ValueError(f"margin must be >= 0, got {margin}")
    kept = np.flatnonzero(np.abs(ratings) > margin)
    return kept, (ratings[kept] > 0).astype(np.int64)


def binarization_table(ratings: Sequence[float] | np.ndarray, margins: Iterable[float]) -> list[dict[str, float]]:
    """For each margin: how many tweets :func:`binarize_ratings` keeps, and how many of each class."""
    rows = []
    for margin in margins:
        kept, labels = binarize_ratings(ratings, margin)
        rows.append({"margin": margin, "kept": len(kept), "positive": int(labels.sum()),
                     "negative": int(len(labels) - labels.sum()),
                     "positive share": float(labels.mean()) if len(labels) else float("nan")})
    return rows


def sentiment140_labels(polarity: Sequence[int] | np.ndarray) -> np.ndarray:
    """Map Sentiment140 polarities 0 (negative) / 4 (positive) to 0 / 1; 2 (neutral) is an error here."""
    polarity = np.asarray(polarity)
    unexpected = sorted(set(np.unique(polarity).tolist()) - {0, 4})
    if unexpected:
        raise ValueError(f"polarity must be 0 or 4 for binary labels; found {unexpected} "
                         "(drop the neutral tweets of the test file first)")
    return (polarity == 4).astype(np.int64)


# --- seeded, stratified sampling and splitting ----------------------------------------------

def _check_labels(labels: Sequence[int] | np.ndarray) -> np.ndarray:
    labels = np.asarray(labels)
    if labels.ndim != 1 or len(labels) == 0:
        raise ValueError(f"labels must be a non-empty one-dimensional array, got shape {labels.shape}")
    return labels


def stratified_split(labels: Sequence[int] | np.ndarray, fractions: Sequence[float] = (0.7, 0.15, 0.15),
                     seed: int = 0) -> tuple[np.ndarray, ...]:
    """Split indices into parts of the given fractions with the class proportions of the whole.

    Each class is shuffled with the seed and cut at the same fractions (rounded), so every part
    has (to within one example per class) the class balance of ``labels``. Returns one sorted
    index array per fraction; together they are a partition of ``range(len(labels))``.
    """
    labels = _check_labels(labels)
    fractions = np.asarray(fractions, dtype=float)
    if fractions.ndim != 1 or len(fractions) < 2 or np.any(fractions <= 0) or not np.isclose(fractions.sum(), 1):
        raise ValueError(f"fractions must be two or more positive numbers summing to 1, got {fractions.tolist()}")
    rng = np.random.default_rng(seed)
    parts: list[list[np.ndarray]] = [[] for _ in fractions]
    for cls in np.unique(labels):
        members = rng.permutation(np.flatnonzero(labels == cls))
        cuts = np.round(np.cumsum(fractions)[:-1] * len(members)).astype(int)
        for part, chunk in zip(parts, np.split(members, cuts)):
            part.append(chunk)
    return tuple(np.sort(np.concatenate(part)) for part in parts)


def sample_stratified(labels: Sequence[int] | np.ndarray, per_class: int, seed: int = 0) -> np.ndarray:
    """Draw ``per_class`` examples of every class uniformly at random (seeded), in shuffled order.

    Use it on files sorted by class (and date) like Sentiment140's: any prefix of such a file
    is one class and a few days, never a sample of the whole.
    """
    labels = _check_labels(labels)
    if not isinstance(per_class, (int, np.integer)) or per_class < 1:
        raise ValueError(f"per_class must be a positive int, got {per_class!r}")
    rng = np.random.default_rng(seed)
    chosen = []
    for cls in np.unique(labels):
        members = np.flatnonzero(labels == cls)
        if len(members) < per_class:
            raise ValueError(f"class {cls!r} has only {len(members)} examples, fewer than per_class={per_class}")
        chosen.append(rng.choice(members, size=per_class, replace=False))
    return rng.permutation(np.concatenate(chosen))


# --- vocabulary -----------------------------------------------------------------------------

@dataclass
class Vocabulary:
    """Token <-> id. Id 0 is padding, id 1 the unknown token, then the kept words by frequency."""

    itos: list[str]
    counts: Counter = field(default_factory=Counter)

    def __post_init__(self) -> None:
        if self.itos[:2] != [PAD, UNK]:
            raise ValueError(f"a vocabulary starts with {PAD!r}, {UNK!r}; got {self.itos[:2]}")
        if len(set(self.itos)) != len(self.itos):
            raise ValueError("vocabulary tokens must be unique")
        self.stoi = {token: i for i, token in enumerate(self.itos)}

    def __len__(self) -> int:
        return len(self.itos)

    def __contains__(self, token: object) -> bool:
        return token in self.stoi

    def encode(self, tokens: Sequence[str]) -> list[int]:
        """Ids of ``tokens``; a token outside the vocabulary gets the unknown id."""
        return [self.stoi.get(token, UNK_ID) for token in tokens]

    def decode(self, ids: Iterable[int]) -> list[str]:
        """Tokens of ``ids`` (padding included, if asked for)."""
        return [self.itos[i] for i in ids]


def build_vocabulary(token_lists: Iterable[Sequence[str]], min_count: int = 1,
                     always: Sequence[str] = ()) -> Vocabulary:
    """Vocabulary of the tokens seen at least ``min_count`` times (pass the TRAINING split only).

    Words are ordered by decreasing count, ties alphabetically, so the ids are reproducible.
    ``always`` lists tokens to include even if rare or unseen (e.g. the tweet placeholders).
    """
    if min_count < 1:
        raise ValueError(f"min_count must be >= 1, got {min_count}")
    counts = Counter(token for tokens in token_lists for token in tokens)
    if PAD in counts or UNK in counts:
        raise ValueError(f"the texts contain the reserved tokens {PAD!r}/{UNK!r}")
    kept = sorted((t for t, c in counts.items() if c >= min_count), key=lambda t: (-counts[t], t))
    seen = set(kept) | {PAD, UNK}
    extra = [t for t in dict.fromkeys(always) if t not in seen]
    return Vocabulary([PAD, UNK, *kept, *extra], counts)


# --- coverage and embeddings ----------------------------------------------------------------

@dataclass(frozen=True)
class Coverage:
    """How much of a text collection a word list (an embedding's vocabulary, say) knows."""

    types: int
    types_known: int
    tokens: int
    tokens_known: int
    most_common_unknown: list[tuple[str, int]]

    @property
    def type_rate(self) -> float:
        """Share of distinct tokens that are known."""
        return self.types_known / self.types if self.types else float("nan")

    @property
    def token_rate(self) -> float:
        """Share of running tokens that are known (frequent words count more)."""
        return self.tokens_known / self.tokens if self.tokens else float("nan")


def coverage(token_lists: Iterable[Sequence[str]], known: Iterable[str] | Vocabulary, top: int = 10) -> Coverage:
    """Measure how many token types and running tokens of ``token_lists`` are in ``known``."""
    known = known if isinstance(known, Vocabulary) else set(known)
    counts = Counter(token for tokens in token_lists for token in tokens)
    unknown = Counter({t: c for t, c in counts.items() if t not in known})
    return Coverage(types=len(counts), types_known=len(counts) - len(unknown),
                    tokens=sum(counts.values()), tokens_known=sum(counts.values()) - sum(unknown.values()),
                    most_common_unknown=sorted(unknown.items(), key=lambda kv: (-kv[1], kv[0]))[:top])


def embedding_matrix(vocab: Vocabulary, words: Sequence[str], vectors: np.ndarray | torch.Tensor,
                     seed: int = 0) -> tuple[torch.Tensor, np.ndarray]:
    """Rows of pretrained ``vectors`` for the vocabulary; return ``(matrix, found)``.

    Row ``i`` is the pretrained vector of ``vocab.itos[i]`` when ``words`` has it (``found[i]``
    is True). The padding row is zero. Every other row (the unknown token, placeholders, words
    the embedding lacks) is a seeded random vector with the per-dimension mean and spread of
    the pretrained vectors: fixed, but distinct, so a frozen embedding still tells them apart.
    """
    vectors = torch.as_tensor(np.asarray(vectors), dtype=torch.float32)
    if vectors.dim() != 2 or vectors.shape[0] != len(words):
        raise ValueError(f"vectors must have shape (len(words), dim) = ({len(words)}, dim), "
                         f"got {tuple(vectors.shape)}")
    if len(words) < 2:
        raise ValueError("need at least two pretrained vectors")
    index = {}
    for i, word in enumerate(words):
        index.setdefault(word, i)  # first occurrence wins, as in the reference loaders
    generator = torch.Generator().manual_seed(seed)
    mean, std = vectors.mean(0), vectors.std(0)
    matrix = mean + std * torch.randn(len(vocab), vectors.shape[1], generator=generator)
    found = np.array([token in index for token in vocab.itos])
    found[PAD_ID] = False
    rows = [i for i, token in enumerate(vocab.itos) if found[i]]
    matrix[rows] = vectors[[index[vocab.itos[i]] for i in rows]]
    matrix[PAD_ID] = 0.0
    return matrix, found
