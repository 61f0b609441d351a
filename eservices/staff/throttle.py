"""Failed staff sign-ins slow down whoever makes them, never lock the account.

Locking an account after five wrong passwords let anyone lock out any colleague
whose username they knew.  Failures are therefore counted per client address and
typed username: after ``STAFF_MAX_FAILED_LOGINS`` that client waits a minute,
then twice as long after each further failure, at most ``STAFF_LOCKOUT_MINUTES``,
while the colleague signs in from their own computer as usual.

Two budgets from ``eservices.limits`` cover what a per-pair count misses: one
client trying many usernames (password spraying) is stopped after ten times the
free failures an hour, and an account failing from many clients at once (a
distributed attack) is not locked but gets one free failure per client instead
of five.  Everything is keyed on the typed username, whether or not such an
account exists, so the throttle itself tells an outsider nothing.  Counts live
in the database: every process and every restart sees the same numbers.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import String, case, delete, or_, select, update
from sqlalchemy.orm import Mapped, mapped_column

from .. import clock, limits
from ..db import UTCDateTime, db, upsert_insert

FIRST_DELAY_SECONDS = 60
FORGET_AFTER = timedelta(days=1)  # a day without failures starts the count afresh
BUDGET_WINDOW_SECONDS = 3600
PAIR = limits.Budget("staff_sign_in_pair", limit=0, window_seconds=86400)  # names the key


class SignInFailure(db.Model):
    """Recent failed sign-ins of one client for one typed username (keyed by HMAC)."""

    __tablename__ = "platform_staff_sign_in_failure"

    key_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    last_failure_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    blocked_until: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


def _normal(username: str) -> str:
    return username.strip().casefold()


def _pair_hash(username: str) -> str:
    return limits.key_hash(PAIR, f"{limits.client_key()}\x1f{_normal(username)}")


def client_budget() -> limits.Budget:
    limit = 10 * current_app.config["STAFF_MAX_FAILED_LOGINS"]
    return limits.Budget("staff_sign_in_client", limit, BUDGET_WINDOW_SECONDS)


def account_budget() -> limits.Budget:
    limit = 10 * current_app.config["STAFF_MAX_FAILED_LOGINS"]
    return limits.Budget("staff_sign_in_account", limit, BUDGET_WINDOW_SECONDS)


def reserve(username: str) -> int:
    """Count this attempt as a failure before the password is checked; 0 means go ahead.

    Otherwise the attempt is refused, counting nothing, and the answer is the
    seconds to wait.  Counting first (and forgiving on success) means attempts
    sent at the same moment cannot all slip through before the first failure
    is written: the conditional upsert lets one through at a time once a delay
    is due.  The caller commits at once, before the slow password check.
    """
    client = limits.check(client_budget(), limits.client_key())
    if not client.allowed:
        return client.retry_after
    now = clock.now()
    under_attack = not limits.check(account_budget(), _normal(username)).allowed
    free = 1 if under_attack else current_app.config["STAFF_MAX_FAILED_LOGINS"]
    hashed = _pair_hash(username)
    statement = upsert_insert(SignInFailure).values(key_hash=hashed, failures=1,
                                                    last_failure_at=now)
    failures = db.session.scalar(statement.on_conflict_do_update(
        index_elements=["key_hash"],
        set_={"failures": case((SignInFailure.last_failure_at < now - FORGET_AFTER, 1),
                               else_=SignInFailure.failures + 1),
              "last_failure_at": now},
        where=or_(SignInFailure.blocked_until.is_(None), SignInFailure.blocked_until <= now))
        .returning(SignInFailure.failures))
    if failures is None:  # still waiting from earlier failures
        blocked_until = db.session.scalar(select(SignInFailure.blocked_until).where(
            SignInFailure.key_hash == hashed))
        return max(1, math.ceil((blocked_until - now).total_seconds())) if blocked_until else 1
    delay = delay_seconds(int(failures), free)
    if delay:  # stands if this attempt fails; a right password deletes the row
        db.session.execute(update(SignInFailure).where(SignInFailure.key_hash == hashed)
                           .values(blocked_until=now + timedelta(seconds=delay)))
    return 0


def delay_seconds(failures: int, free: int) -> int:
    """The wait after ``failures`` in a row when ``free`` of them cost nothing."""
    if failures < free:
        return 0
    cap = current_app.config["STAFF_LOCKOUT_MINUTES"] * 60
    return min(cap, FIRST_DELAY_SECONDS * 2 ** min(failures - free, 20))


def register_failure(username: str) -> None:
    """The reserved attempt failed: it counts against the client's and the account's
    budgets too (in the caller's transaction)."""
    limits.hit(client_budget(), limits.client_key())
    limits.hit(account_budget(), _normal(username))


def register_success(username: str) -> None:
    """The right password from this client: its earlier failures are forgiven."""
    db.session.execute(delete(SignInFailure).where(
        SignInFailure.key_hash == _pair_hash(username)))


def purge_expired() -> int:
    """Forget failures nobody counts any more; caller commits."""
    return db.session.execute(delete(SignInFailure).where(
        SignInFailure.last_failure_at < clock.now() - FORGET_AFTER)).rowcount or 0
