"""The tweet vocabulary (token <-> id, with padding and unknown ids), its coverage, the embedding matrix.

The vocabulary is built from the *training* split only: a word first seen in the validation or
test split is unknown, as it would be for a deployed model.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Sequence

import numpy as np
import torch

from lecture10 import _checks

__all__ = ["PAD", "PAD_ID", "UNK", "UNK_ID", "Coverage", "TweetVocabulary", "build_tweet_vocabulary", "coverage",
           "embedding_matrix", "random_embedding_like"]

PAD, UNK = "<pad>", "<unk>"
PAD_ID, UNK_ID = 0, 1


# --- vocabulary -----------------------------------------------------------------------------

@dataclass
class TweetVocabulary:
    """Token <-> id for the tweets. Id 0 is padding, id 1 the unknown token, then the kept words by frequency."""

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


def build_tweet_vocabulary(token_lists: Iterable[Sequence[str]], min_count: int = 1,
                           always: Sequence[str] = ()) -> TweetVocabulary:
    """Vocabulary of the tokens seen at least ``min_count`` times (pass the TRAINING split only).

    ``token_lists`` holds one list of tokens per tweet (a string in its place is an error, not a
    list of letters). Words are ordered by decreasing count, ties alphabetically, so the ids are
    reproducible. ``always`` lists tokens to include even if rare or unseen (e.g. the tweet placeholders).
    """
    _checks.positive_int(min_count, "min_count")
    counts = Counter(token for tokens in _checks.token_lists(token_lists, "token_lists") for token in tokens)
    if PAD in counts or UNK in counts:
        raise ValueError(f"the texts contain the reserved tokens {PAD!r}/{UNK!r}")
    kept = sorted((t for t, c in counts.items() if c >= min_count), key=lambda t: (-counts[t], t))
    seen = set(kept) | {PAD, UNK}
    extra = [t for t in dict.fromkeys(always) if t not in seen]
    return TweetVocabulary([PAD, UNK, *kept, *extra], counts)


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


def coverage(token_lists: Iterable[Sequence[str]], known: Iterable[str] | TweetVocabulary,
             top: int = 10) -> Coverage:
    """Measure how many token types and running tokens of ``token_lists`` are in ``known``."""
    known = known if isinstance(known, TweetVocabulary) else set(_checks.words(known, "known"))
    counts = Counter(token for tokens in _checks.token_lists(token_lists, "token_lists") for token in tokens)
    unknown = Counter({t: c for t, c in counts.items() if t not in known})
    return Coverage(types=len(counts), types_known=len(counts) - len(unknown),
                    tokens=sum(counts.values()), tokens_known=sum(counts.values()) - sum(unknown.values()),
                    most_common_unknown=sorted(unknown.items(), key=lambda kv: (-kv[1], kv[0]))[:top])


def embedding_matrix(vocab: TweetVocabulary, words: Sequence[str], vectors: np.ndarray | torch.Tensor,
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


def random_embedding_like(embeddings: torch.Tensor, seed: int = 0) -> torch.Tensor:
    """A random table of the shape of ``embeddings``: every row drawn with the per-dimension mean and spread
    of its rows (padding excluded), the padding row zero. The start of an embedding learned from scratch."""
    if embeddings.dim() != 2 or embeddings.shape[0] < 3:
        raise ValueError(f"embeddings must be a (vocabulary, dim) matrix with padding and two more rows, "
                         f"got shape {tuple(embeddings.shape)}")
    rows = torch.cat([embeddings[:PAD_ID], embeddings[PAD_ID + 1:]]).float()
    generator = torch.Generator().manual_seed(seed)
    table = rows.mean(0) + rows.std(0) * torch.randn(tuple(embeddings.shape), generator=generator)
    table[PAD_ID] = 0.0
    return table
