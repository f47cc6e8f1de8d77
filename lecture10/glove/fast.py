"""GloVe's AdaGrad pair by pair, as Stanford's ``glove.c`` does it, compiled with numba: the book's fast path.

The update is the one of :mod:`lecture10.glove.train` (the torch reference the chapters teach
from) with element-wise AdaGrad, applied one pair at a time like the reference code. What differs
is how the memory is used, since on a CPU the cost of GloVe is fetching the rows of two random
words, not the arithmetic:

* **one row per word holds everything a pair needs**: vector, bias and their AdaGrad
  accumulators side by side, in float32, padded to whole 64-byte cache lines: a pair touches two
  rows of 832 bytes at 100 dimensions (the reference code keeps parameters and accumulators in two
  float64 arrays: four rows of 808 bytes in four places);
* **tiled visiting order**: X is symmetric, so each unordered pair {i, j} is stored once and
  visited in both roles (word i with context j, then word j with context i); the pairs are
  grouped in tiles (word block x word block, ``block`` words a side), shuffled inside each tile once,
  and the tiles are visited in a new random order every epoch. A tile's rows stay in the cache
  while its pairs are visited -- the blocked SGD of matrix factorisation (Zhuang et al.'s
  FPSGD, 2013). Every non-zero X_ij is still visited once per epoch, as in the paper; the layout
  is a counting sort of the upper triangle (no index arrays);
* **nothing large is materialised**: the pairs are three 4-byte arrays (i, j, X_ij) of the upper
  triangle; log X_ij and f(X_ij) are computed on the fly.

``order="shuffled"`` visits the directed pairs of X in the reference code's way instead (one
fixed random order, the same permutation as :func:`lecture10.glove.train.train_glove`), which the
tests use to check this kernel against the torch trainer step for step. ``workers`` threads run
lock-free on the shared table, like the reference code's threads (bit-for-bit reproducible with
one worker only).
"""
from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from lecture10 import _checks
from lecture10.glove.config import GloVeConfig
from lecture10.glove.cooccurrence import Cooccurrence

try:  # numba is the optional extra lecture10[fast]; without it the torch trainer is used
    import numba
except ImportError:  # pragma: no cover - exercised where numba is missing
    numba = None

__all__ = ["ORDERS", "FastResult", "TiledPairs", "available", "train_glove_fast"]

ORDERS = ("tiled", "shuffled")
#: Words per side of a tile: the rows of a tile's two blocks (words and contexts of each) stay within
#: a 2 MiB L2 cache. On the book's corpus (2-core AMD EPYC, loaded) one step took 0.2-0.3 us on one
#: thread with 256-1024 words a side, 0.7 us untiled, 0.8-1.7 us in the shuffled order.
DEFAULT_BLOCK = 512
_LINE = 16  # float32s per 64-byte cache line
_SLICE = 1 << 20  # directed pairs per segment in the shuffled order (threads take contiguous runs of them)


def available() -> bool:
    """Whether the compiled path can run (numba is installed)."""
    return numba is not None


def _layout(dim: int) -> tuple[int, int]:
    """Offset of the accumulators in a row, and the row width, in float32s (whole cache lines)."""
    return dim + 1, -(-(2 * (dim + 1)) // _LINE) * _LINE


@dataclass
class TiledPairs:
    """The pairs of X in the order the kernel visits them, grouped into segments (tiles).

    ``rows``, ``cols`` (int32) and ``values`` (float32) hold one entry per visited pair;
    segment ``s`` is ``starts[s]:starts[s + 1]``. With ``mirror`` (the tiled order) each entry is
    an unordered pair i <= j visited in both roles; without, a directed pair visited once.
    """

    rows: np.ndarray
    cols: np.ndarray
    values: np.ndarray
    starts: np.ndarray
    mirror: bool
    vocab_size: int
    directed_pairs: int  # the number of non-zero X_ij (what one epoch updates)

    @classmethod
    def from_cooccurrence(cls, cooccurrence: Cooccurrence, order: str = "tiled", block: int = DEFAULT_BLOCK,
                          seed: int = 0) -> TiledPairs:
        """Lay out the non-zero pairs of ``cooccurrence`` in visiting ``order`` (see the module docstring)."""
        _checks.one_of(order, ORDERS, "order")
        _checks.positive_int(block, "block")
        if len(cooccurrence) == 0:
            raise ValueError("the co-occurrence matrix is empty: nothing to fit")
        matrix = cooccurrence.matrix
        if not matrix.has_sorted_indices:
            matrix = matrix.sorted_indices()
        vocab = cooccurrence.size
        rows = np.repeat(np.arange(vocab, dtype=np.int32), np.diff(matrix.indptr))
        cols = matrix.indices.astype(np.int32, copy=False)
        if order == "shuffled":  # the torch trainer's permutation of all directed pairs, in slices
            perm = np.random.default_rng(seed).permutation(len(cols))
            starts = np.unique(np.r_[np.arange(0, len(cols), _SLICE), len(cols)])
            return cls(rows[perm], cols[perm], matrix.data[perm].astype(np.float32), starts, False, vocab, len(cols))
        del rows, cols
        layout = _kernels()["tile"]
        rows, cols, values, starts, diagonal, lower_count, lower_sum, upper_sum = layout(
            matrix.indptr.astype(np.int64), matrix.indices, matrix.data, vocab, block, seed)
        if lower_count != len(rows) - diagonal or not math.isclose(lower_sum, upper_sum, rel_tol=1e-6):
            raise ValueError("the co-occurrence matrix is not symmetric: the tiled order visits X_ij and X_ji "
                             "as one stored pair")
        filled = np.diff(starts) > 0
        starts = np.append(starts[:-1][filled], starts[-1])
        return cls(rows, cols, values, starts, True, vocab, 2 * len(rows) - diagonal)

    @property
    def segments(self) -> int:
        """The number of segments (tiles)."""
        return len(self.starts) - 1


@dataclass
class FastResult:
    """Vectors W + W~ of a fit, its parameters, the per-epoch loss and time, and the compile time."""

    vectors: np.ndarray
    word: np.ndarray
    context: np.ndarray
    word_bias: np.ndarray
    context_bias: np.ndarray
    losses: list[float] = field(default_factory=list)  # mean of f(X_ij) r_ij^2 over the non-zero X_ij, per epoch
    seconds: list[float] = field(default_factory=list)  # wall time per epoch
    compile_seconds: float = 0.0


def _kernels():
    """Compile (or load from numba's cache) the kernels: ``epoch`` and the layout ``tile``; built on first use."""
    if numba is None:
        raise ModuleNotFoundError("the fast GloVe trainer needs numba: pip install 'lecture10[fast]' "
                                  "(or use lecture10.glove.train.train_glove)")
    if _COMPILED:
        return _COMPILED
    # fastmath without 'nnan'/'ninf': the dot products may be reordered, infinities stay visible.
    flags = {"reassoc", "contract", "arcp", "nsz", "afn"}

    # error_model="numpy": no zero-division checks, which would keep the loops from being vectorised.
    options = dict(nogil=True, cache=True, fastmath=flags, error_model="numpy")

    @numba.njit(inline="always", **options)
    def update(wa, wb, ga, gb, log_x, weight, dim, eta, clip):  # pragma: no cover - compiled
        # wa, wb: vector and bias of the word row and of the context row; ga, gb: their accumulators
        r = np.float32(0.0)
        for k in range(dim):
            r += wa[k] * wb[k]
        r += wa[dim] + wb[dim] - log_x
        fr = weight * r
        for k in range(dim):
            x1 = wa[k]
            x2 = wb[k]
            g1 = fr * x2
            g1 = (clip if g1 > clip else (-clip if g1 < -clip else g1)) * eta
            g2 = fr * x1
            g2 = (clip if g2 > clip else (-clip if g2 < -clip else g2)) * eta
            s1 = ga[k]
            s2 = gb[k]
            ga[k] = s1 + g1 * g1
            gb[k] = s2 + g2 * g2
            wa[k] = x1 - g1 / np.sqrt(s1)
            wb[k] = x2 - g2 / np.sqrt(s2)
        wa[dim] -= fr / np.sqrt(ga[dim])  # the biases: no eta, as in glove.c
        wb[dim] -= fr / np.sqrt(gb[dim])
        ga[dim] += fr * fr
        gb[dim] += fr * fr
        return fr * r

    @numba.njit(**options)
    def epoch(table, rows, cols, values, starts, segments, mirror, dim, acc, eta, clip, x_max, alpha):
        # pragma: no cover - compiled
        vocab = table.shape[0] // 2
        total = 0.0
        for s in segments:
            for p in range(starts[s], starts[s + 1]):
                i = rows[p]
                j = cols[p]
                x = values[p]
                log_x = np.float32(math.log(x))
                weight = np.float32(1.0) if x > x_max else np.float32((x / x_max) ** alpha)
                a = table[i]
                b = table[vocab + j]
                total += update(a[:acc], b[:acc], a[acc:], b[acc:], log_x, weight, dim, eta, clip)
                if mirror and i != j:
                    a = table[j]
                    b = table[vocab + i]
                    total += update(a[:acc], b[:acc], a[acc:], b[acc:], log_x, weight, dim, eta, clip)
        return total

    @numba.njit(**options)
    def tile(indptr, indices, data, vocab, block, seed):  # pragma: no cover - compiled
        # The upper triangle of a CSR matrix, grouped by tile (a counting sort, no index arrays),
        # then shuffled within each tile; and the sums that tell whether the matrix is symmetric.
        blocks = (vocab + block - 1) // block
        counts = np.zeros(blocks * blocks + 1, np.int64)
        diagonal = lower_count = 0
        lower_sum = upper_sum = 0.0
        for i in range(vocab):
            for p in range(indptr[i], indptr[i + 1]):
                j = indices[p]
                if j >= i:
                    counts[(i // block) * blocks + j // block + 1] += 1
                    if j > i:
                        upper_sum += data[p]
                    else:
                        diagonal += 1
                else:
                    lower_count += 1
                    lower_sum += data[p]
        starts = np.cumsum(counts)
        n = starts[-1]
        rows = np.empty(n, np.int32)
        cols = np.empty(n, np.int32)
        values = np.empty(n, np.float32)
        cursor = starts[:-1].copy()
        for i in range(vocab):
            for p in range(indptr[i], indptr[i + 1]):
                j = indices[p]
                if j >= i:
                    t = (i // block) * blocks + j // block
                    q = cursor[t]
                    rows[q] = i
                    cols[q] = j
                    values[q] = data[p]
                    cursor[t] = q + 1
        np.random.seed(seed)
        for t in range(blocks * blocks):  # Fisher-Yates within the tile
            low = starts[t]
            for k in range(starts[t + 1] - 1, low, -1):
                r = low + np.random.randint(0, k - low + 1)
                rows[k], rows[r] = rows[r], rows[k]
                cols[k], cols[r] = cols[r], cols[k]
                values[k], values[r] = values[r], values[k]
        return rows, cols, values, starts, diagonal, lower_count, lower_sum, upper_sum

    _COMPILED.update(epoch=epoch, tile=tile)
    return _COMPILED


_COMPILED: dict = {}


def _initial_table(vocab: int, dim: int, seed: int, init: tuple[np.ndarray, ...] | None) -> tuple[np.ndarray, int]:
    """The parameter table: per row the vector, the bias, then their accumulators (all 1), cache-line aligned."""
    acc, width = _layout(dim)
    raw = np.zeros(2 * vocab * width + _LINE, dtype=np.float32)
    offset = (-raw.ctypes.data % 64) // 4  # start the first row on a cache line
    table = raw[offset:offset + 2 * vocab * width].reshape(2 * vocab, width)
    if init is None:
        rng = np.random.default_rng(seed)
        params = ((rng.random((2 * vocab, dim + 1), dtype=np.float32) - 0.5) / dim)
        table[:, :dim + 1] = params
    else:
        word, context, word_bias, context_bias = (np.asarray(a, dtype=np.float32) for a in init)
        if word.shape != (vocab, dim) or context.shape != (vocab, dim):
            raise ValueError(f"initial vectors must have shape ({vocab}, {dim}), got {word.shape}, {context.shape}")
        table[:vocab, :dim], table[vocab:, :dim] = word, context
        table[:vocab, dim], table[vocab:, dim] = word_bias, context_bias
    table[:, acc:acc + dim + 1] = 1.0  # AdaGrad's accumulators start at 1, as in glove.c
    return table, acc


def _split(pairs: TiledPairs, segments: np.ndarray, workers: int) -> list[np.ndarray]:
    """Cut a sequence of segments into ``workers`` runs of about equal numbers of pairs."""
    if workers == 1:
        return [segments]
    sizes = np.diff(pairs.starts)[segments]
    bounds = np.searchsorted(np.cumsum(sizes), np.arange(1, workers) * sizes.sum() / workers)
    return np.split(segments, bounds)


def train_glove_fast(pairs: TiledPairs | Cooccurrence, config: GloVeConfig, workers: int = 1,
                     callback: Callable[[int, float], None] | None = None,
                     init: tuple[np.ndarray, ...] | None = None) -> FastResult:
    """Fit GloVe with element-wise AdaGrad, pair by pair, on ``workers`` threads; see the module docstring.

    ``pairs``: a :class:`TiledPairs` (or a :class:`Cooccurrence`, laid out in the tiled order with
    ``config.seed``). ``config`` is a :class:`lecture10.glove.config.GloVeConfig` with
    ``accumulators="elementwise"`` (its ``batch_size`` is not used: every pair is its own step).
    ``init``: optional starting (word, context, word_bias, context_bias); by default uniform in
    [-0.5, 0.5] / dim like the reference code (from numpy's generator seeded with ``config.seed``).
    """
    if config.accumulators != "elementwise":
        raise ValueError("the fast trainer implements element-wise AdaGrad (the paper's); "
                         f"use lecture10.glove.train.train_glove for accumulators={config.accumulators!r}")
    _checks.positive_int(workers, "workers")
    if isinstance(pairs, Cooccurrence):
        pairs = TiledPairs.from_cooccurrence(pairs, seed=config.seed)
    start = time.perf_counter()
    epoch = _kernels()["epoch"]
    vocab, dim = pairs.vocab_size, config.dim
    table, acc = _initial_table(vocab, dim, config.seed, init)
    constants = (dim, acc, np.float32(config.learning_rate), np.float32(config.grad_clip),
                 np.float32(config.x_max), np.float32(config.alpha))
    epoch(table, pairs.rows, pairs.cols, pairs.values, pairs.starts, np.zeros(0, np.int64), pairs.mirror,
          *constants)  # compile now (or load from the cache), outside the timed epochs
    result = FastResult(np.zeros(0), np.zeros(0), np.zeros(0), np.zeros(0), np.zeros(0),
                        compile_seconds=time.perf_counter() - start)
    rng = np.random.default_rng(config.seed)
    for number in range(1, config.epochs + 1):
        began = time.perf_counter()
        # Tiled: a new order of the tiles every epoch. Shuffled: one fixed order, thread w taking
        # the w-th run of it, as the reference code's threads do.
        order = rng.permutation(pairs.segments) if pairs.mirror else np.arange(pairs.segments)
        parts = _split(pairs, order.astype(np.int64), workers)
        totals = [0.0] * workers

        def run(w: int) -> None:
            totals[w] = epoch(table, pairs.rows, pairs.cols, pairs.values, pairs.starts, parts[w], pairs.mirror,
                              *constants)

        if workers == 1:
            run(0)
        else:
            threads = [threading.Thread(target=run, args=(w,)) for w in range(workers)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        loss = sum(totals) / pairs.directed_pairs
        if not math.isfinite(loss):
            raise FloatingPointError(f"the loss became {loss} in epoch {number}: lower the learning rate")
        result.losses.append(loss)
        result.seconds.append(time.perf_counter() - began)
        if callback is not None:
            callback(number, loss)
    result.word = table[:vocab, :dim].copy()
    result.context = table[vocab:, :dim].copy()
    result.word_bias = table[:vocab, dim].copy()
    result.context_bias = table[vocab:, dim].copy()
    result.vectors = result.word + result.context
    return result
