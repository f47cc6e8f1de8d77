"""A real HTTP server on 127.0.0.1 for the download tests, with routes that misbehave on purpose.

Also :func:`forbid_network`, which makes any attempt to resolve a host other than
127.0.0.1/localhost fail, so a test can never reach the internet by accident.
"""
from __future__ import annotations

import socket
import threading
import time
from collections import Counter
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


@dataclass
class Route:
    """What the server answers for one path."""

    body: bytes = b""
    status: int = 200
    claimed_length: int | None = None  # a Content-Length larger than the body: the transfer breaks
    content_type: str = "application/octet-stream"
    pause_after: int | None = None  # send this many bytes, then wait pause_s before the rest
    pause_s: float = 0.0


class _Handler(BaseHTTPRequestHandler):
    server: "_Server"

    def log_message(self, *args) -> None:  # keep pytest output clean
        pass

    def do_GET(self) -> None:
        self.server.hits[self.path] += 1
        route = self.server.routes.get(self.path)
        if route is None:
            self.send_error(404, "Not Found")
            return
        self.send_response(route.status)
        self.send_header("Content-Type", route.content_type)
        self.send_header("Content-Length", str(route.claimed_length or len(route.body)))
        self.end_headers()
        split = len(route.body) if route.pause_after is None else route.pause_after
        try:
            self.wfile.write(route.body[:split])
            self.wfile.flush()
            if split < len(route.body):
                time.sleep(route.pause_s)
                self.wfile.write(route.body[split:])
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):  # the client went away (a killed download)
            return
        if route.claimed_length:
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.routes: dict[str, Route] = {}
        self.hits: Counter = Counter()


class LocalServer:
    """Serve routes from a background thread; ``url(path)`` gives the address of a path."""

    def __init__(self) -> None:
        self._server = _Server()
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True)
        self._thread.start()

    @property
    def hits(self) -> Counter:
        """How many GET requests each path received."""
        return self._server.hits

    def serve(self, path: str, body: bytes, **options) -> str:
        """Answer GET ``path`` with ``body`` (see :class:`Route` for misbehaviours); return its URL."""
        self._server.routes[path] = Route(body, **options)
        return self.url(path)

    def url(self, path: str) -> str:
        """Return the http:// URL of ``path`` on this server."""
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}{path}"

    def close(self) -> None:
        """Stop serving and free the port."""
        self._server.shutdown()
        self._server.server_close()


def closed_port_url(path: str = "/file") -> str:
    """Return a URL on 127.0.0.1 whose port nobody listens on (connection refused)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}{path}"


def forbid_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make name resolution fail for every host except the loopback ones, in this process."""
    real_getaddrinfo = socket.getaddrinfo

    def loopback_only(host, *args, **kwargs):
        if host not in LOOPBACK:
            raise socket.gaierror(socket.EAI_NONAME, f"tests may not resolve {host!r}")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", loopback_only)
