"""Which SQL an app runs while a block runs: for tests that a page only reads."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask
from sqlalchemy import event

from eservices.db import db

WRITES = ("INSERT", "UPDATE", "DELETE", "COMMIT")


@contextmanager
def statements(app: Flask) -> Iterator[list[str]]:
    """The SQL the app's engine runs meanwhile, and "COMMIT" for each commit."""
    seen: list[str] = []
    with app.app_context():
        engine = db.engine

    def executed(_conn, _cursor, statement, *_args):
        seen.append(statement.split(None, 1)[0].upper())

    def committed(_conn):
        seen.append("COMMIT")

    event.listen(engine, "before_cursor_execute", executed)
    event.listen(engine, "commit", committed)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", executed)
        event.remove(engine, "commit", committed)
