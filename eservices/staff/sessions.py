"""Staff sessions kept on the server, so that signing out really ends them.

Flask's session is a signed cookie: whoever holds a copy keeps whatever it says
until it expires, sign-out or not.  A staff cookie therefore carries only a random
session id; the row it names (stored as a hash, so a copy of the table opens
nothing) says whether the session is still open.  Sign-out, a password change and
deactivating the account revoke rows; a session unused for ``STAFF_IDLE_MINUTES``
or older than ``SESSION_HOURS`` is refused whatever the cookie says.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app, has_request_context, request
from sqlalchemy import ForeignKey, String, delete, select, update
from sqlalchemy.orm import Mapped, mapped_column

from .. import clock
from ..db import UTCDateTime, db
from ..limits import client_key
from ..tokens import new_secret, secret_hash
from .models import StaffUser

COOKIE_KEY = "staff_session"
# Writing "last seen" on every page view would make each staff click a write;
# once a minute is precise enough for a 30-minute idle limit.
TOUCH_SECONDS = 60


class StaffSession(db.Model):
    """One signed-in browser of one staff member."""

    __tablename__ = "platform_staff_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("platform_staff_user.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    client: Mapped[str] = mapped_column(String(64), default="")
    user_agent: Mapped[str] = mapped_column(String(200), default="")


@dataclass(frozen=True)
class Lookup:
    """What the cookie's session id led to: a user, or why not (``idle``)."""

    user: StaffUser | None
    session: StaffSession | None = None
    idle: bool = False


def start(user: StaffUser) -> str:
    """Open a session for ``user`` (in the caller's transaction); returns the cookie's id."""
    token, stored = new_secret()
    now = clock.now()
    agent = request.user_agent.string if has_request_context() else ""
    db.session.add(StaffSession(token_hash=stored, user_id=user.id, created_at=now,
                                last_seen_at=now, client=client_key()[:64],
                                user_agent=agent[:200]))
    return token


def lookup(token: str | None) -> Lookup:
    """The open session a cookie names; marks it used at most once a minute."""
    if not token:
        return Lookup(None)
    row = db.session.execute(select(StaffSession, StaffUser)
                             .join(StaffUser, StaffUser.id == StaffSession.user_id)
                             .where(StaffSession.token_hash == secret_hash(token))).first()
    if row is None:
        return Lookup(None)
    staff_session, user = row
    now = clock.now()
    config = current_app.config
    if (staff_session.revoked_at is not None or not user.active
            or now - staff_session.created_at > timedelta(hours=config["SESSION_HOURS"])):
        return Lookup(None)
    if now - staff_session.last_seen_at > timedelta(minutes=config["STAFF_IDLE_MINUTES"]):
        staff_session.revoked_at = now  # an idle session stays ended, even if used again
        db.session.commit()
        return Lookup(None, idle=True)
    if (now - staff_session.last_seen_at).total_seconds() >= TOUCH_SECONDS:
        staff_session.last_seen_at = now
        db.session.commit()
    return Lookup(user, staff_session)


def revoke(token: str | None) -> None:
    """End the session a cookie names (sign-out), in the caller's transaction."""
    if token:
        db.session.execute(update(StaffSession).where(
            StaffSession.token_hash == secret_hash(token), StaffSession.revoked_at.is_(None))
            .values(revoked_at=clock.now()))


def revoke_all(user_id: int, keep: StaffSession | None = None) -> int:
    """End every open session of a user (password change, deactivation), but ``keep``."""
    statement = update(StaffSession).where(StaffSession.user_id == user_id,
                                           StaffSession.revoked_at.is_(None))
    if keep is not None:
        statement = statement.where(StaffSession.id != keep.id)
    return db.session.execute(statement.values(revoked_at=clock.now())).rowcount or 0


def purge_expired() -> int:
    """Delete sessions past ``SESSION_HOURS``: nothing can reopen them; caller commits."""
    cutoff = clock.now() - timedelta(hours=current_app.config["SESSION_HOURS"])
    return db.session.execute(delete(StaffSession).where(
        StaffSession.created_at < cutoff)).rowcount or 0
