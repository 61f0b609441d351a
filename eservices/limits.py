"""Attempt budgets that hold across processes: "N per key per window", in the database.

Flask-Limiter's default store lives in one process's memory, so two gunicorn
workers, a restart or a second server each start counting from zero - useless
against someone guessing customer numbers or pumping SMS to premium numbers.
These budgets are counted in ``platform_limit_counter`` instead, so every process
sees the same numbers.

A budget is a sliding window approximated from two fixed ones (the count of the
current window plus the previous window's, weighted by how much of it still
overlaps, a part of an attempt counting as a whole one): no attempt beyond the
limit at a window edge, two rows per key at most.  Each row also keeps its last
attempt's time: once that is a whole window ago, none of its attempts counts any
more (ten attempts at 10:00 are all forgotten at 11:00, not faded out by 11:59).
Keys (a customer number, a phone number, a client address) are stored only as an
HMAC with the app's secret key, so the table holds no personal data.

The counters are written in the caller's transaction: an attempt counts when
the caller commits (a request that fails and rolls back has changed nothing).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import has_request_context, request
from flask_babel import ngettext
from sqlalchemy import Integer, String, delete, select
from sqlalchemy.orm import Mapped, mapped_column

from . import clock
from .db import UTCDateTime, db, upsert_insert
from .tokens import keyed_hash


class LimitCounter(db.Model):
    """Attempts of one key against one budget in one fixed window."""

    __tablename__ = "platform_limit_counter"

    budget: Mapped[str] = mapped_column(String(80), primary_key=True)
    key_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    window_start: Mapped[datetime] = mapped_column(UTCDateTime(), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)
    #: The window's latest attempt (None in rows counted before it was kept).
    last_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


@dataclass(frozen=True)
class Budget:
    """At most ``limit`` attempts per key in any ``window_seconds``; ``name`` is unique."""

    name: str
    limit: int
    window_seconds: int

    @property
    def window(self) -> timedelta:
        return timedelta(seconds=self.window_seconds)


@dataclass(frozen=True)
class Verdict:
    """The outcome of counting or checking: within the budget, and if not, for how long."""

    allowed: bool
    count: int
    retry_after: int = 0  # whole seconds until one more attempt would be allowed

    def wait_text(self) -> str:
        """'Try again in 12 minutes.', translated: what a resident is told."""
        return retry_text(self.retry_after)


class LimitReached(Exception):
    """An attempt refused by a budget; ``message`` is translated and says how long to wait."""

    def __init__(self, budget: Budget, verdict: Verdict, message: str = "") -> None:
        super().__init__(f"{budget.name}: {verdict.count} > {budget.limit}")
        self.budget = budget
        self.verdict = verdict
        self.message = message or verdict.wait_text()


def retry_text(seconds: int) -> str:
    minutes = max(1, math.ceil((seconds - 1) / 60))  # 3,601 s (strictly after) is 60 min
    if minutes > 90:
        hours = math.ceil(minutes / 60)
        return ngettext("Try again in %(num)d hour.", "Try again in %(num)d hours.", hours)
    return ngettext("Try again in %(num)d minute.", "Try again in %(num)d minutes.", minutes)


def key_hash(budget: Budget, key: str) -> str:
    return keyed_hash(budget.name, key)


def client_key() -> str:
    """The client's address as the trusted-proxy rules leave it ('unknown' outside a request)."""
    if not has_request_context():
        return "unknown"
    return request.remote_addr or "unknown"


def _windows(budget: Budget, now: datetime) -> tuple[datetime, datetime, float]:
    """(current window start, previous window start, share of the previous still counted)."""
    seconds = budget.window_seconds
    epoch = now.timestamp()
    start = datetime.fromtimestamp(epoch - epoch % seconds, tz=now.tzinfo)
    overlap = 1 - (epoch - start.timestamp()) / seconds
    return start, start - budget.window, overlap


@dataclass(frozen=True)
class _Window:
    count: int = 0
    last_at: datetime | None = None


def _counts(budget: Budget, hashed: str, current: datetime, previous: datetime
            ) -> tuple[_Window, _Window]:
    rows = db.session.execute(select(
        LimitCounter.window_start, LimitCounter.count, LimitCounter.last_at).where(
        LimitCounter.budget == budget.name, LimitCounter.key_hash == hashed,
        LimitCounter.window_start.in_([current, previous]))).all()
    by_time = {start.timestamp(): _Window(count, last_at) for start, count, last_at in rows}
    return by_time.get(current.timestamp(), _Window()), by_time.get(previous.timestamp(),
                                                                     _Window())


def _expires(window: _Window, end: datetime, budget: Budget) -> float:
    """Seconds after ``end`` (that window's end) at which ``window`` stops counting."""
    if window.last_at is None:  # counted before last_at was kept: fade out fully
        return float(budget.window_seconds)
    return window.last_at.timestamp() + budget.window_seconds - end.timestamp()


def _share(previous: _Window, overlap: float, elapsed: float, expires: float) -> int:
    """The previous window's attempts still counted, rounded up: a part of an
    attempt still counts as one, so no edge lets one attempt too many through."""
    if elapsed >= expires:
        return 0
    return math.ceil(previous.count * overlap - 1e-9)  # 1e-9: float noise is not an attempt


def _verdict(budget: Budget, now: datetime, current: _Window, previous: _Window,
             overlap: float, start: datetime, extra: int = 0) -> Verdict:
    """``extra``: attempts not yet counted (1 when asking whether one more would fit)."""
    elapsed = now.timestamp() - start.timestamp()
    expires = _expires(previous, start, budget)
    count = current.count + _share(previous, overlap, elapsed, expires)
    if count + extra <= budget.limit:
        return Verdict(True, count)
    return Verdict(False, count, _retry_after(budget, start, elapsed, current, previous,
                                              expires))


def _retry_after(budget: Budget, start: datetime, elapsed: float, current: _Window,
                 previous: _Window, expires: float) -> int:
    """Seconds until one more attempt fits: the previous window's weight falls
    linearly through this window (or ends when its last attempt is a window old),
    and after it this window's count does the same."""
    window, room = budget.window_seconds, budget.limit - 1
    if current.count <= room and previous.count:
        at = min(window * (1 - (room - current.count) / previous.count), expires)
        if at < window:
            return max(1, math.ceil(at - elapsed))
    after = 0.0
    if current.count > room:
        after = min(window * (1 - room / current.count),
                    _expires(current, start + budget.window, budget))
    return max(1, math.ceil(window - elapsed + after))


def check(budget: Budget, key: str) -> Verdict:
    """Would one more attempt be allowed?  Counts nothing."""
    now = clock.now()
    start, previous_start, overlap = _windows(budget, now)
    current, previous = _counts(budget, key_hash(budget, key), start, previous_start)
    return _verdict(budget, now, current, previous, overlap, start, extra=1)


def hit(budget: Budget, key: str, cost: int = 1) -> Verdict:
    """Count ``cost`` attempts for ``key`` and say whether they were within the budget.

    The increment is one atomic ``INSERT … ON CONFLICT DO UPDATE``, so two
    processes counting at once both count.  A refused attempt is counted too:
    whoever keeps trying past the limit keeps the window full.
    """
    now = clock.now()
    start, previous_start, overlap = _windows(budget, now)
    hashed = key_hash(budget, key)
    statement = upsert_insert(LimitCounter).values(
        budget=budget.name, key_hash=hashed, window_start=start, count=cost, last_at=now,
        expires_at=start + 2 * budget.window)
    counted = db.session.scalar(statement.on_conflict_do_update(
        index_elements=["budget", "key_hash", "window_start"],
        set_={"count": LimitCounter.count + cost, "last_at": now}).returning(
        LimitCounter.count))
    _, previous = _counts(budget, hashed, start, previous_start)
    return _verdict(budget, now, _Window(int(counted or 0), now), previous, overlap, start)


def enforce(budget: Budget, key: str, message: str = "") -> Verdict:
    """``hit``, raising ``LimitReached`` when over the budget."""
    verdict = hit(budget, key)
    if not verdict.allowed:
        raise LimitReached(budget, verdict, message)
    return verdict


def reset(budget: Budget, key: str) -> None:
    """Forget a key's attempts (a successful sign-in clears its failures)."""
    db.session.execute(delete(LimitCounter).where(LimitCounter.budget == budget.name,
                                                  LimitCounter.key_hash == key_hash(budget,
                                                                                    key)))


def purge_expired() -> int:
    """Delete windows that no budget reads any more; run by the platform's periodic job."""
    result = db.session.execute(delete(LimitCounter).where(
        LimitCounter.expires_at < clock.now()))
    db.session.commit()
    return result.rowcount or 0
