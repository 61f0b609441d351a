"""The tables of resident accounts: who signed in with e-ID, what they proved, their sessions.

An account is keyed by a keyed hash of the personal identity number (HMAC with
the app's secret key), never the number itself: a copy of the table names
nobody, and the same number always finds the same account.  The number in
clear exists only inside an open session, encrypted at rest (``crypto``), for
as long as the session lasts: the services that need it (the waste register
links a personnummer to a customer) read it from the signed-in resident.

Contacts are the phone numbers and e-mail addresses a resident has *proven*
(answered a code, followed a link) while signed in; Mina sidor and the data
rights find what the modules hold by them.  Deleting an account deletes its
contacts and sessions with it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..db import UTCDateTime, db

CHANNELS = ("sms", "email")


class ResidentAccount(db.Model):
    """One person who has signed in with e-ID at least once."""

    __tablename__ = "platform_resident_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: ``tokens.keyed_hash("resident-identity", <12 digits>)``.
    identity_hash: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    last_provider: Mapped[str] = mapped_column(String(40), default="")
    last_assurance: Mapped[str] = mapped_column(String(8), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_sign_in_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


class ResidentContact(db.Model):
    """A phone number (E.164) or e-mail address (lower case) the resident proved is theirs."""

    __tablename__ = "platform_resident_contact"
    __table_args__ = (UniqueConstraint("account_id", "channel", "address",
                                       name="uq_platform_resident_contact_address"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("platform_resident_account.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(String(8))
    address: Mapped[str] = mapped_column(String(254), index=True)
    proven_at: Mapped[datetime] = mapped_column(UTCDateTime())
    #: The module (or ``platform``) whose check proved it.
    source: Mapped[str] = mapped_column(String(40))


class ResidentSession(db.Model):
    """One signed-in browser of one resident; the cookie holds only a random token."""

    __tablename__ = "platform_resident_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("platform_resident_account.id", ondelete="CASCADE"), index=True)
    provider: Mapped[str] = mapped_column(String(40))
    assurance: Mapped[str] = mapped_column(String(8))
    #: The 12-digit number, AES-GCM encrypted with a key derived from SECRET_KEY.
    personal_number_encrypted: Mapped[str] = mapped_column(Text())
    #: The provider's ID token (encrypted), the ``id_token_hint`` of its logout.
    id_token_encrypted: Mapped[str | None] = mapped_column(Text(), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
