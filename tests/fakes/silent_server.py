"""A database server that has hung: it accepts TCP connections and never answers.

Why: the worst outage is not a refused connection (that fails at once) but a server
that takes the connection and then says nothing - a stuck process, a full disk, a
black-holing firewall.  Tests point ``DATABASE_URL`` here to prove every timeout.
"""

from __future__ import annotations

import contextlib
import socket
import threading


class SilentServer:
    """Listens on 127.0.0.1:<ephemeral port>, accepts, reads nothing, answers nothing."""

    def __init__(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._listener.getsockname()[1]
        self._connections: list[socket.socket] = []
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)

    def __enter__(self) -> SilentServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stopping.set()
        with contextlib.suppress(OSError):
            self._listener.close()
        for connection in self._connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
            connection.close()
        self._thread.join(timeout=5)

    @property
    def connections(self) -> int:
        """How many connections clients have opened (and are left waiting on)."""
        return len(self._connections)

    def _accept(self) -> None:
        while not self._stopping.is_set():
            try:
                connection, _address = self._listener.accept()
            except OSError:
                return
            self._connections.append(connection)
            self.accepted(connection)

    def accepted(self, connection: socket.socket) -> None:
        """What to do with a new connection: nothing at all (subclasses relay it)."""


def closed_port() -> int:
    """A port on 127.0.0.1 where nothing listens (a stopped database server)."""
    with socket.create_server(("127.0.0.1", 0)) as probe:
        return probe.getsockname()[1]
