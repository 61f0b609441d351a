"""A value read from the database once per process, kept for a while, dropped when written.

Some things every request reads change rarely: the stages designers set, the
addresses residents search.  Reading them from the database on every request
costs more than the page itself, so a ``ProcessCache`` keeps what its loader
returned, per process and per app, for ``ttl_seconds``.  Staleness has two
bounds:

- A flush in this process that writes an object of one of the ``watches``
  classes (or an ORM ``insert``/``update``/``delete`` statement on one) drops
  the value at once, so the request that wrote reads its own write; the commit
  (or rollback) of that transaction drops it again, because another thread may
  have reloaded it in between and kept the old rows, and a load under way while
  the value was dropped is not kept.
- Another process's write is seen within ``ttl_seconds``.

Within one request the value never changes under a page: it is read once and
kept on ``g`` (except after this request's own write).  A load that fails is
never kept: with a ``fallback`` a database error (say, before the migrations
created the table) gives the fallback for the rest of the request; a database
that is down is raised at once either way (the page answers 503).  Outside a
request (jobs, the shell) the process's value is used, never a per-request copy.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import Any, Generic, TypeVar

from flask import current_app, g, has_app_context, has_request_context
from sqlalchemy import event
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import ORMExecuteState, Session

from .availability import database_unavailable
from .db import db

T = TypeVar("T")

#: The clock of the time to live (a name of its own so tests can stop it).
monotonic = time.monotonic

_WRITTEN = "eservices.process_cache.written"  # session.info: caches a flush wrote
_CACHES: dict[str, ProcessCache[Any]] = {}
_MISSING: Any = object()


class ProcessCache(Generic[T]):
    """``load()``'s value, kept per process and app (see the module's docstring).

    ``ProcessCache("my_module.streets", load_streets, ttl_seconds=60,
    watches=(Street,))``; ``.get()`` the value, ``.forget()`` it after a write
    the flush cannot see (raw SQL).  Create one per module, at import: the
    name must be unique in the process.
    """

    def __init__(self, name: str, load: Callable[[], T], *, ttl_seconds: float,
                 watches: Iterable[type], fallback: Callable[[], T] | None = None) -> None:
        if name in _CACHES:
            raise ValueError(f"a process cache named {name!r} exists already")
        self.name = name
        self.load = load
        self.ttl_seconds = ttl_seconds
        self.watches = tuple(watches)
        self.fallback = fallback
        self._key = f"eservices.process_cache:{name}"  # app.extensions: (read at, value)
        self._forgotten = f"{self._key}:forgotten"  # app.extensions: how often forgotten
        self._g_name = f"_process_cache:{name}"  # g: this request's value
        _CACHES[name] = self

    def get(self) -> T:
        """The value: this request's, else the process's while fresh, else loaded now."""
        if not has_app_context():
            return self.fallback() if self.fallback is not None else self.load()
        in_request = has_request_context()
        if in_request:
            # Pages ask a dozen times (every stage lookup): one proxy lookup, not three.
            seen = getattr(g._get_current_object(), self._g_name, _MISSING)
            if seen is not _MISSING:
                return seen
        extensions = current_app.extensions
        now = monotonic()
        kept = extensions.get(self._key)
        if kept is not None and now - kept[0] <= self.ttl_seconds:
            value = kept[1]
        else:
            forgotten = extensions.get(self._forgotten, 0)
            try:
                value = self.load()
            except SQLAlchemyError as exc:
                if self.fallback is None:
                    raise
                db.session.rollback()
                value = self.fallback()
                if in_request:
                    setattr(g, self._g_name, value)
                if database_unavailable(exc):
                    # The page cannot work either: answer 503 now, not after a second
                    # timeout; the error page then reads the fallback.
                    raise
                return value
            if extensions.get(self._forgotten, 0) == forgotten:
                # Not when a write committed meanwhile (another thread): what was
                # loaded may be from before it.
                extensions[self._key] = (now, value)
        if in_request:
            setattr(g, self._g_name, value)
        return value

    def forget(self) -> None:
        """Drop this process's value (and this request's): the next ``get`` loads."""
        if has_app_context():
            extensions = current_app.extensions
            extensions.pop(self._key, None)
            extensions[self._forgotten] = extensions.get(self._forgotten, 0) + 1
            if has_request_context():
                g.pop(self._g_name, None)

    def __repr__(self) -> str:
        return f"ProcessCache({self.name!r}, ttl_seconds={self.ttl_seconds})"


def _written(session: Session, classes: Iterable[type]) -> None:
    classes = tuple(classes)
    if not classes:
        return
    for cache in _CACHES.values():
        if any(issubclass(written, cache.watches) for written in classes):
            session.info.setdefault(_WRITTEN, set()).add(cache.name)
            cache.forget()  # this request reads its own write


@event.listens_for(Session, "after_flush")
def _flushed(session: Session, _context: Any) -> None:
    _written(session, {type(obj) for obj in (*session.new, *session.dirty, *session.deleted)})


@event.listens_for(Session, "do_orm_execute")
def _executed(state: ORMExecuteState) -> None:
    if state.is_select or not (state.is_insert or state.is_update or state.is_delete):
        return
    _written(state.session, (mapper.class_ for mapper in state.all_mappers))


def _ended(session: Session) -> None:
    # A read between the flush and the commit (another thread) kept the old rows.
    for name in session.info.pop(_WRITTEN, ()):
        _CACHES[name].forget()


event.listen(Session, "after_commit", _ended)
event.listen(Session, "after_rollback", _ended)
