"""Where datasets live on disk: the cache directory and the optional local mirror."""
from __future__ import annotations

import os
from pathlib import Path

import platformdirs

CACHE_ENV = "LECTURE10_CACHE"
MIRROR_ENV = "LECTURE10_DATA_MIRROR"


def cache_dir() -> Path:
    """Return the cache directory: ``$LECTURE10_CACHE`` or the platform's user cache dir."""
    value = os.environ.get(CACHE_ENV)
    if value:
        return Path(value).expanduser().resolve()
    return Path(platformdirs.user_cache_dir("lecture10")).resolve()


def mirror_dir() -> Path | None:
    """Return the local mirror directory from ``$LECTURE10_DATA_MIRROR``, or None if unset."""
    value = os.environ.get(MIRROR_ENV)
    return Path(value).expanduser().resolve() if value else None
