"""A database that is down or hung costs a page a few seconds, not a worker.

Without limits a database server that accepts connections but never answers
holds every request until the WSGI server kills the worker (gunicorn's 30 s and a
bare 500).  The engine therefore gets a connect timeout, a PostgreSQL statement
timeout and TCP keep-alives, a pool that does not wait forever for a free
connection (SQLite is a local file: its wait for another writer is the
``busy_timeout`` in ``eservices.db``), and ``database_unavailable`` tells the error
handlers which errors mean "try again later" (503) rather than a bug (500).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from typing import Any

from sqlalchemy import exc as sa_exc
from sqlalchemy import make_url

RETRY_AFTER_SECONDS = 30
# SQLite errors that pass: another writer holds the file, the disk is busy or gone.
SQLITE_TEMPORARY = ("locked", "busy", "unable to open", "disk i/o")


def engine_options(database_url: str, config: Mapping[str, Any]) -> dict[str, Any]:
    """``SQLALCHEMY_ENGINE_OPTIONS`` with the timeouts for ``database_url``'s backend."""
    connect = int(config["DATABASE_CONNECT_TIMEOUT_SECONDS"])
    statement = int(config["DATABASE_STATEMENT_TIMEOUT_SECONDS"])
    options: dict[str, Any] = {}
    backend = make_url(database_url).get_backend_name()
    if backend == "postgresql":
        # A pooled connection may have died with a restart or failover: test it on
        # checkout.  A SQLite file has no server to lose, so its pages skip the ping.
        options["pool_pre_ping"] = True
        options["pool_timeout"] = connect
        options["connect_args"] = {
            "connect_timeout": connect,
            # 0 would mean "no limit" to PostgreSQL; the setting's 0 means the same.
            "options": f"-c statement_timeout={statement * 1000}",
            # A server host that vanishes (mid-query or idle in the pool) is noticed by
            # the kernel: unacknowledged data, then unanswered keep-alives, end it.
            "tcp_user_timeout": connect * 1000,
            "keepalives": 1, "keepalives_idle": 10, "keepalives_interval": 5,
            "keepalives_count": 3,
        }
    return options


def database_unavailable(error: BaseException) -> bool:
    """Whether ``error`` says the database cannot be reached or answer in time.

    Such errors pass (a restart, a failover, a long lock) and the resident should
    try again; anything else from the database is a bug and stays a 500.
    """
    if isinstance(error, sa_exc.TimeoutError):  # no free connection in the pool
        return True
    if isinstance(error, sa_exc.DBAPIError) and error.connection_invalidated:
        return True
    if not isinstance(error, sa_exc.OperationalError):
        return False
    original = error.orig
    if isinstance(original, sqlite3.OperationalError):
        # "no such table" is an OperationalError too, but a missing migration.
        message = str(original).lower()
        return any(word in message for word in SQLITE_TEMPORARY)
    # psycopg's OperationalError covers refused and lost connections, a cancelled
    # (timed-out) statement and a server shutting down; errors in SQL are other types.
    return True
