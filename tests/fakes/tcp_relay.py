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


class FreezingRelay:
    """Listens on 127.0.0.1:<ephemeral port> and relays to ``(host, port)``."""

    def __init__(self, host: str, port: int) -> None:
        self._upstream = (host, port)
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._listener.getsockname()[1]
        self._sockets: list[socket.socket] = []
        self._frozen = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)

    def __enter__(self) -> FreezingRelay:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        with contextlib.suppress(OSError):
            self._listener.close()
        for sock in self._sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
        self._thread.join(timeout=5)

    def freeze(self) -> None:
        """From now on nothing passes in either direction; connections stay open."""
        self._frozen.set()

    def _accept(self) -> None:
        while True:
            try:
                client, _address = self._listener.accept()
            except OSError:
                return
            server = socket.create_connection(self._upstream)
            self._sockets += [client, server]
            for source, target in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(source, target), daemon=True).start()

    def _pump(self, source: socket.socket, target: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                if self._frozen.is_set():
                    self._frozen.wait()  # hold the bytes; the peer waits forever
                    return
                target.sendall(data)
