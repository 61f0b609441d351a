"""What the notification layer stores: messages, their timelines, replies and opt-outs."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eservices.db import UTCDateTime, db, utcnow

from . import statuses


class Notification(db.Model):
    """One SMS or e-mail to one recipient, written in the caller's transaction."""

    __tablename__ = "notification_message"
    __table_args__ = (
        Index("ix_notification_message_due", "status", "next_attempt_at"),
        Index("ix_notification_message_recipient_sent", "recipient", "handed_over_at"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    channel: Mapped[str] = mapped_column(String(10))
    module_id: Mapped[str] = mapped_column(String(40), index=True)
    template: Mapped[str] = mapped_column(String(120), default="")
    language: Mapped[str] = mapped_column(String(5), default="sv")
    category: Mapped[str] = mapped_column(String(40))
    reference: Mapped[str] = mapped_column(String(80), default="", index=True)
    idempotency_key: Mapped[str | None] = mapped_column(String(200), unique=True, nullable=True)
    # Looked up through ix_notification_message_recipient_sent (recipient first).
    recipient: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(String(300), default="")
    body: Mapped[str] = mapped_column(Text)
    segments: Mapped[int] = mapped_column(default=0)
    encoding: Mapped[str] = mapped_column(String(10), default="")
    status: Mapped[str] = mapped_column(String(20), default=statuses.CREATED)
    provider: Mapped[str] = mapped_column(String(20), default="")
    provider_id: Mapped[str] = mapped_column(String(64), default="", index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    error_code: Mapped[str] = mapped_column(String(40), default="")
    error_message: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    handed_over_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    # The current hand-over: when it was claimed (the provider is asked about messages
    # since then) and until when the claiming process owns it; after that, a sweep
    # reconciles it with the provider named in ``provider``.
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)

    events: Mapped[list[NotificationEvent]] = relationship(
        back_populates="notification", order_by="NotificationEvent.id",
        cascade="all, delete-orphan")

    @property
    def is_final(self) -> bool:
        return self.status in statuses.FINAL


class NotificationEvent(db.Model):
    """The status timeline staff see for each message."""

    __tablename__ = "notification_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    notification_id: Mapped[str] = mapped_column(ForeignKey("notification_message.id"),
                                                 index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    status: Mapped[str] = mapped_column(String(20))
    detail: Mapped[str] = mapped_column(String(300), default="")

    notification: Mapped[Notification] = relationship(back_populates="events")


class InboundMessage(db.Model):
    """An SMS a resident sent to us (replies, STOPP, START).

    One row per provider message id: a webhook delivered twice (a provider's retry, a
    replayed request) is stored and acted on once.
    """

    __tablename__ = "notification_inbound"
    __table_args__ = (
        Index("uq_notification_inbound_provider_id", "provider", "provider_id", unique=True,
              sqlite_where=text("provider_id != ''"),
              postgresql_where=text("provider_id != ''")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    provider: Mapped[str] = mapped_column(String(20))
    provider_id: Mapped[str] = mapped_column(String(64), default="")
    sender: Mapped[str] = mapped_column(String(32), index=True)
    recipient: Mapped[str] = mapped_column(String(32), default="")
    body: Mapped[str] = mapped_column(Text)
    action: Mapped[str] = mapped_column(String(20), default="")
    received_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)


class OptOut(db.Model):
    """A number that asked not to get SMS from us (STOPP) - until it says START."""

    __tablename__ = "notification_opt_out"

    phone: Mapped[str] = mapped_column(String(32), primary_key=True)
    active: Mapped[bool] = mapped_column(default=True)
    source: Mapped[str] = mapped_column(String(40))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ProviderState(db.Model):
    """Share of traffic per provider; failures shift it away, recovery drifts it back."""

    __tablename__ = "notification_provider_state"

    name: Mapped[str] = mapped_column(String(20), primary_key=True)
    weight: Mapped[int] = mapped_column(default=100)
    consecutive_failures: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
