"""HTTPS downloads through pooch's HTTPDownloader, with short timeouts and short error reasons."""
from __future__ import annotations

import socket
from pathlib import Path

import pooch
import requests

CONNECT_TIMEOUT_S = 10
READ_TIMEOUT_S = 60


def download(url: str, dest: Path, *, progress: bool = True) -> None:
    """Download ``url`` to ``dest`` once (no retries); raise OSError with a short reason on failure."""
    downloader = pooch.HTTPDownloader(
        progressbar=progress, chunk_size=1 << 16, timeout=(CONNECT_TIMEOUT_S, READ_TIMEOUT_S))
    try:
        downloader(url, str(dest), None)
    except requests.RequestException as exc:
        raise OSError(describe_error(exc)) from exc


def _causes(exc: BaseException):
    """Yield ``exc`` and the exceptions it wraps (requests and urllib3 nest them deeply)."""
    seen: set[int] = set()
    stack = [exc]
    while stack:
        current = stack.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        stack += [getattr(current, "reason", None), current.__cause__, current.__context__]
        stack += [arg for arg in current.args if isinstance(arg, BaseException)]


def describe_error(exc: BaseException) -> str:
    """Turn a requests exception into a few words: 'HTTP 404 Not Found', 'connection refused', ..."""
    if isinstance(exc, requests.HTTPError) and exc.response is not None:
        return f"HTTP {exc.response.status_code} {exc.response.reason}"
    causes = list(_causes(exc))
    kinds = tuple(type(c) for c in causes)
    if any(issubclass(k, socket.gaierror) for k in kinds) or any(
            k.__name__ == "NameResolutionError" for k in kinds):
        return "host name could not be resolved (offline, or no DNS)"
    if any(issubclass(k, ConnectionRefusedError) for k in kinds):
        return "connection refused"
    if isinstance(exc, requests.ConnectTimeout):
        return f"no connection within {CONNECT_TIMEOUT_S} s (offline?)"
    if isinstance(exc, (requests.ReadTimeout, socket.timeout)):
        return f"server stopped sending for {READ_TIMEOUT_S} s"
    if isinstance(exc, requests.exceptions.ChunkedEncodingError) or any(
            k.__name__ in ("IncompleteRead", "ProtocolError") for k in kinds):
        return f"transfer interrupted before the end ({causes[-1]})"
    return f"{type(exc).__name__}: {exc}"
