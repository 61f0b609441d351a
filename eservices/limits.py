"""Attempt budgets that hold across processes: "N per key per window", in the database.

Flask-Limiter's default store lives in one process's memory, so two gunicorn
workers, a restart or a second server each start counting from zero - useless
against someone guessing customer numbers or pumping SMS to premium numbers.
These budgets are counted in ``platform_limit_counter`` instead, so every process
sees the same numbers.

A budget is a sliding window approximated from two fixed ones (the count of the
current window plus the previous window's, weighted by how much of it still
overlaps): no burst of twice the limit at a window edge, two rows per key at most.
Keys (a customer number, a phone number, a client address) are stored only as an
HMAC with the app's secret key, so the table holds no personal data.

The counters are written in the caller's transaction: an attempt counts when
the caller commits (a request that fails and rolls back has changed nothing).
"""

from __future__ import annotations

import hashlib
import hmac
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app, has_request_context, request
from flask_babel import ngettext
from sqlalchemy import Integer, String, delete, select
from sqlalchemy.orm import Mapped, mapped_column

from . import clock
from .db import UTCDateTime, db, upsert_insert


class LimitCounter(db.Model):
    """Attempts of one key against one budget in one fixed window."""

    __tablename__ = "platform_limit_counter"

    budget: Mapped[str] = mapped_column(String(80), primary_key=True)
    key_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    window_start: Mapped[datetime] = mapped_column(UTCDateTime(), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)
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
    secret = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(secret, f"{budget.name}\x1f{key}".encode(), hashlib.sha256).hexdigest()


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


def _counts(budget: Budget, hashed: str, current: datetime, previous: datetime
            ) -> tuple[int, int]:
    rows = dict(db.session.execute(select(LimitCounter.window_start, LimitCounter.count).where(
        LimitCounter.budget == budget.name, LimitCounter.key_hash == hashed,
        LimitCounter.window_start.in_([current, previous]))).all())
    by_time = {start.timestamp(): count for start, count in rows.items()}
    return by_time.get(current.timestamp(), 0), by_time.get(previous.timestamp(), 0)


def _verdict(budget: Budget, now: datetime, current: int, previous: int, overlap: float,
             start: datetime, extra: int = 0) -> Verdict:
    """``extra``: attempts not yet counted (1 when asking whether one more would fit)."""
    count = current + math.floor(previous * overlap)
    if count + extra <= budget.limit:
        return Verdict(True, count)
    elapsed = now.timestamp() - start.timestamp()
    return Verdict(False, count, _retry_after(budget, elapsed, current, previous))


def _retry_after(budget: Budget, elapsed: float, current: int, previous: int) -> int:
    """Seconds until one more attempt fits: the previous window's weight falls
    linearly through this window, and after it this window's count does the same."""
    window, room = budget.window_seconds, budget.limit - 1
    if current <= room and previous:  # wait for the previous window's share to fade
        at = window * (1 - (room - current + 1) / previous)
        if at < window:
            return max(1, math.floor(at - elapsed) + 1)  # the weight must fall below, not to
    after = 0.0 if current <= room else window * (1 - (room + 1) / current)
    return max(1, math.floor(window - elapsed + after) + 1)


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
        budget=budget.name, key_hash=hashed, window_start=start, count=cost,
        expires_at=start + 2 * budget.window)
    current = db.session.scalar(statement.on_conflict_do_update(
        index_elements=["budget", "key_hash", "window_start"],
        set_={"count": LimitCounter.count + cost}).returning(LimitCounter.count))
    _, previous = _counts(budget, hashed, start, previous_start)
    return _verdict(budget, now, int(current or 0), previous, overlap, start)


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
