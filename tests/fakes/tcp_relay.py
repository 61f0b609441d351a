"""A TCP relay to a real server that can freeze: the stall of a database mid-session.

Why: a database process that stops (a storage stall, a debugger, SIGSTOP) keeps its
connections open and its kernel keeps acknowledging them, so nothing at the TCP
level ever fails.  The relay forwards bytes to the real server until ``freeze()``,
then holds every connection open and forwards nothing more.
"""

from __future__ import annotations

import contextlib
import socket
import threading

from .silent_server import SilentServer


class FreezingRelay(SilentServer):
    """Listens on 127.0.0.1:<ephemeral port> and relays to ``(host, port)``."""

    def __init__(self, host: str, port: int) -> None:
        super().__init__()
        self._upstream = (host, port)
        self._frozen = threading.Event()

    def freeze(self) -> None:
        """From now on nothing passes in either direction; connections stay open."""
        self._frozen.set()

    def accepted(self, connection: socket.socket) -> None:
        server = socket.create_connection(self._upstream)
        self._connections.append(server)
        for source, target in ((connection, server), (server, connection)):
            threading.Thread(target=self._pump, args=(source, target), daemon=True).start()

    def _pump(self, source: socket.socket, target: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                if self._frozen.is_set():
                    return  # hold the bytes; the peer waits for an answer forever
                target.sendall(data)
