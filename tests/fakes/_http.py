"""HTTP plumbing shared by the fake provider servers in this package.

Why: each fake serves keep-alive HTTP on 127.0.0.1 so clients' connection pools are exercised,
and must cut those connections on ``stop()`` or idle handler threads would keep answering
after a test. Writing that once keeps the fakes about their provider, not about sockets.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class KeepAliveServer(ThreadingHTTPServer):
    """A server on 127.0.0.1:<ephemeral port> that remembers open connections to close them."""

    daemon_threads = True
    request_queue_size = 128  # benchmarks open many pooled connections at once

    def __init__(self, handler: type[QuietHandler]) -> None:
        super().__init__(("127.0.0.1", 0), handler)
        self.connections: set[socket.socket] = set()
        self.connections_lock = threading.Lock()

    def close_connections(self) -> None:
        """Shut every open keep-alive connection, so its handler thread ends now."""
        with self.connections_lock:
            open_connections = list(self.connections)
        for connection in open_connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)


class QuietHandler(BaseHTTPRequestHandler):
    """A keep-alive handler that registers its connection with the server and logs nothing."""

    protocol_version = "HTTP/1.1"  # keep-alive, like the real APIs; clients pool connections
    disable_nagle_algorithm = True  # headers and body go out in two writes: avoid 40 ms stalls
    server: KeepAliveServer

    def setup(self) -> None:
        super().setup()
        with self.server.connections_lock:
            self.server.connections.add(self.connection)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            with self.server.connections_lock:
                self.server.connections.discard(self.connection)

    def log_message(self, format: str, *args: Any) -> None:
        """Silenced: thousands of benchmark requests must not flood the test output."""


def basic_auth(header: str | None) -> tuple[str, str] | None:
    """(user, password) from an ``Authorization: Basic ...`` header; None if absent or garbled."""
    scheme, _, encoded = (header or "").partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        user, _, password = base64.b64decode(encoded, validate=True).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None
    return user, password
