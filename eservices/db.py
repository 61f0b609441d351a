"""The one SQLAlchemy instance every module's models are declared on.

A naming convention makes constraint names deterministic, so Alembic migrations
written on SQLite apply unchanged on PostgreSQL.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from typing import Any

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import DateTime, MetaData, TypeDecorator, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
SQLITE_BUSY_MILLISECONDS = 10_000


@event.listens_for(Engine, "connect")
def _tune_sqlite(connection: Any, _record: Any) -> None:
    """The embedded database in write-ahead-log mode.

    Readers (pages, the dispatcher's thread) then never wait for a writer, and a
    commit syncs one file instead of three; ``synchronous=FULL`` keeps every
    committed submission on disk through a power cut.  A writer waits up to ten
    seconds for another rather than failing at once.
    """
    if not isinstance(connection, sqlite3.Connection):
        return
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MILLISECONDS}")
    cursor.close()


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC timestamps on every backend.

    SQLite drops the offset, PostgreSQL keeps it; this type stores UTC and always
    hands back an aware datetime, so comparisons never mix naive and aware values.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use eservices.db.utcnow()")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def upsert_insert(model: Any) -> Any:
    """``INSERT`` that knows ``ON CONFLICT`` on both dialects the platform runs on.

    PostgreSQL and SQLite spell ``on_conflict_do_nothing``/``on_conflict_do_update``
    the same way, but each needs its own dialect's ``insert``; this picks it from
    the session's bind, so callers write the statement once.
    """
    from sqlalchemy.dialects.postgresql import insert as postgresql_insert
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    dialect = db.session.get_bind().dialect.name
    if dialect == "postgresql":
        return postgresql_insert(model)
    if dialect == "sqlite":
        return sqlite_insert(model)
    raise NotImplementedError(f"no INSERT … ON CONFLICT for the {dialect} dialect")
