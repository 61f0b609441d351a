"""Resident sessions on the server, apart from staff sessions.

Every way of signing in - an OIDC provider's callback, the demo provider, the
tests' ``sign_in_resident`` - ends in ``start(identity)``: the one place that
finds or creates the account, records the provider and level, and opens a
session.  The browser's cookie carries only a random token; the row it names
(by hash) holds the level, the provider and the personal number sealed with
``crypto``.  A session unused for ``RESIDENT_SESSION_IDLE_MINUTES`` or older
than ``SESSION_HOURS`` is refused whatever the cookie says, and sign-out
revokes the row, so a copied cookie opens nothing afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app, g, session
from sqlalchemy import delete, or_, select, update

from .. import clock
from ..db import db, upsert_insert
from ..tokens import keyed_hash, new_secret, secret_hash
from . import crypto
from .models import ResidentAccount, ResidentSession

COOKIE_KEY = "resident_session"
IDENTITY_PURPOSE = "resident-identity"
NUMBER_PURPOSE = "resident-session-number"
ID_TOKEN_PURPOSE = "resident-session-id-token"  # noqa: S105  (a purpose, no secret)
# As for staff: "last seen" is written at most once a minute, not on every page.
TOUCH_SECONDS = 60


@dataclass(frozen=True)
class VerifiedIdentity:
    """Who a provider vouched for: what every sign-in route hands to ``start``."""

    personal_number: str  # twelve digits, checked
    name: str
    provider: str
    assurance: str  # loa1..loa4
    id_token: str | None = None


@dataclass(frozen=True)
class Lookup:
    """What the cookie led to: an open session and its account, or why not (``idle``)."""

    session: ResidentSession | None = None
    account: ResidentAccount | None = None
    idle: bool = False


def identity_hash(personal_number: str) -> str:
    """The account key of a 12-digit number (keyed, so nobody can recompute it)."""
    return keyed_hash(IDENTITY_PURPOSE, personal_number)


def account_for(personal_number: str, name: str = "", *, create: bool = False
                ) -> ResidentAccount | None:
    """The account of a number; with ``create``, made if new (safe against a race)."""
    key = identity_hash(personal_number)
    if create:
        now = clock.now()
        db.session.execute(upsert_insert(ResidentAccount).values(
            identity_hash=key, name=name, last_provider="", last_assurance="",
            created_at=now, last_sign_in_at=now).on_conflict_do_nothing(
            index_elements=["identity_hash"]))
    return db.session.scalar(select(ResidentAccount).where(ResidentAccount.identity_hash == key))


def start(identity: VerifiedIdentity) -> str:
    """Open a session for ``identity`` in the caller's transaction; the cookie's token."""
    return _open(identity)[0]


def _open(identity: VerifiedIdentity) -> tuple[str, ResidentAccount]:
    if not (len(identity.personal_number) == 12 and identity.personal_number.isdigit()):
        raise ValueError("a personal number must be twelve digits")
    account = account_for(identity.personal_number, identity.name, create=True)
    assert account is not None
    now = clock.now()
    account.name = identity.name[:200]
    account.last_provider = identity.provider[:40]
    account.last_assurance = identity.assurance
    account.last_sign_in_at = now
    token, stored = new_secret()
    hours = current_app.config["SESSION_HOURS"]
    db.session.add(ResidentSession(
        token_hash=stored, account_id=account.id, provider=identity.provider[:40],
        assurance=identity.assurance,
        personal_number_encrypted=crypto.seal(NUMBER_PURPOSE, identity.personal_number),
        id_token_encrypted=(crypto.seal(ID_TOKEN_PURPOSE, identity.id_token)
                            if identity.id_token else None),
        created_at=now, last_seen_at=now, expires_at=now + timedelta(hours=hours)))
    return token, account


def sign_in(identity: VerifiedIdentity) -> ResidentAccount:
    """``start`` a session and put its token in this browser's cookie; caller commits.

    The rest of the browser session (the language, unfinished answers) is kept:
    a resident who signs in halfway through a journey goes on where they were.
    An earlier resident session of this browser is ended first.
    """
    revoke(session.get(COOKIE_KEY))
    token, account = _open(identity)
    session[COOKIE_KEY] = token
    session.permanent = True
    g.pop("resident", None)  # looked up earlier in this request: ask again
    return account


def lookup(token: str | None) -> Lookup:
    """The open session a token names; marks it used at most once a minute."""
    if not token:
        return Lookup()
    row = db.session.execute(
        select(ResidentSession, ResidentAccount)
        .join(ResidentAccount, ResidentAccount.id == ResidentSession.account_id)
        .where(ResidentSession.token_hash == secret_hash(token))).first()
    if row is None:
        return Lookup()
    resident_session, account = row
    now = clock.now()
    if resident_session.revoked_at is not None or now >= resident_session.expires_at:
        return Lookup()
    idle = timedelta(minutes=current_app.config["RESIDENT_SESSION_IDLE_MINUTES"])
    if now - resident_session.last_seen_at > idle:
        _forget(resident_session, now)  # an idle session stays ended
        db.session.commit()
        return Lookup(idle=True)
    if (now - resident_session.last_seen_at).total_seconds() >= TOUCH_SECONDS:
        resident_session.last_seen_at = now
        db.session.commit()
    return Lookup(resident_session, account)


def personal_number(resident_session: ResidentSession) -> str | None:
    """The session's number in clear, or None when it can no longer be read."""
    try:
        return crypto.unseal(NUMBER_PURPOSE, resident_session.personal_number_encrypted)
    except crypto.Unreadable:
        return None


def id_token(resident_session: ResidentSession) -> str | None:
    """The provider's ID token of the session (for its logout), when kept and readable."""
    if not resident_session.id_token_encrypted:
        return None
    try:
        return crypto.unseal(ID_TOKEN_PURPOSE, resident_session.id_token_encrypted)
    except crypto.Unreadable:
        return None


def _forget(resident_session: ResidentSession, now: datetime) -> None:
    """Revoke, and drop the sealed number and ID token: an ended session keeps neither."""
    resident_session.revoked_at = now
    resident_session.personal_number_encrypted = ""
    resident_session.id_token_encrypted = None


_ENDED = {"personal_number_encrypted": "", "id_token_encrypted": None}


def revoke(token: str | None) -> None:
    """End the session a token names (sign-out), in the caller's transaction."""
    if token:
        db.session.execute(update(ResidentSession).where(
            ResidentSession.token_hash == secret_hash(token),
            ResidentSession.revoked_at.is_(None)).values(revoked_at=clock.now(), **_ENDED))


def revoke_all(account_id: int) -> int:
    """End every open session of an account (erasure, say); caller commits."""
    return db.session.execute(update(ResidentSession).where(
        ResidentSession.account_id == account_id, ResidentSession.revoked_at.is_(None))
        .values(revoked_at=clock.now(), **_ENDED)).rowcount or 0


def purge_expired(now: datetime | None = None) -> int:
    """Delete ended sessions and those past their absolute expiry; caller commits."""
    now = now or clock.now()
    return db.session.execute(delete(ResidentSession).where(or_(
        ResidentSession.expires_at < now, ResidentSession.revoked_at.is_not(None)))
        ).rowcount or 0
