"""The platform's own part of a person's data: the SMS and e-mail we sent them.

Messages are found by recipient, so only by the phone numbers and addresses a
``DataSubject`` carries - for a resident, the ones proven to be theirs, never
what someone typed - through the notification layer's recipient index.
Erasure blanks what a message said and to whom (as the notification layer's
own purge does after ``NOTIFICATION_RETENTION_DAYS``) and keeps the delivery
bookkeeping (status, provider, segments, timeline): what it cost and whether
it arrived is the municipality's record, and names nobody once blanked.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update

from notifications import statuses
from notifications.masking import masked
from notifications.models import InboundMessage, Notification, NotificationEvent
from notifications.retention import purge_content_older_than

from .. import clock
from ..db import db
from ..modules import DataSubject
from ..privacy import mask_recipient

PAGE_SIZE = 20

STATUS_LABELS = {
    statuses.CREATED: _l("Waiting to be sent"),
    statuses.SENDING: _l("Being sent"),
    statuses.SENT: _l("Sent"),
    statuses.DELIVERED: _l("Delivered"),
    statuses.UNDELIVERED: _l("Not delivered"),
    statuses.FAILED: _l("Not delivered"),
    statuses.PERMANENT_FAILURE: _l("Not delivered"),
    statuses.OPTED_OUT: _l("Not sent: you had said no to texts"),
    statuses.REFUSED: _l("Not sent"),
}
CHANNEL_LABELS = {"sms": _l("Text message"), "email": _l("E-mail")}


@dataclass(frozen=True)
class ShownMessage:
    id: str
    channel: str
    channel_label: str
    recipient: str
    masked_recipient: str
    subject: str
    body: str
    #: The body with one-time codes and personal links hidden, for the overview.
    masked_body: str
    status: str
    status_label: str
    sent_at: datetime


@dataclass(frozen=True)
class MessagePage:
    messages: tuple[ShownMessage, ...]
    page: int
    pages: int
    total: int

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def recipients(subject: DataSubject) -> list[str]:
    return [*subject.phone_numbers, *subject.email_addresses]


def _query(subject: DataSubject):
    return select(Notification).where(Notification.recipient.in_(recipients(subject)))


def _shown(message: Notification) -> ShownMessage:
    _subject, masked_body = masked(message)
    return ShownMessage(
        id=message.id, channel=message.channel,
        channel_label=str(CHANNEL_LABELS.get(message.channel, message.channel)),
        recipient=message.recipient,
        masked_recipient=mask_recipient(message.recipient, message.channel),
        subject=message.subject, body=message.body, masked_body=masked_body,
        status=message.status,
        status_label=str(STATUS_LABELS.get(message.status, message.status)),
        sent_at=message.handed_over_at or message.created_at)


def newest_first(query):
    return query.order_by(Notification.created_at.desc(), Notification.id.desc())


def message_page(subject: DataSubject, page: int = 1) -> MessagePage:
    """One page of the messages sent to ``subject``, newest first."""
    if not recipients(subject):
        return MessagePage((), 1, 1, 0)
    total = db.session.scalar(select(func.count()).select_from(_query(subject).subquery())) or 0
    pages = max(1, math.ceil(total / PAGE_SIZE))
    page = min(max(page, 1), pages)
    found = db.session.scalars(newest_first(_query(subject))
                               .offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)).all()
    return MessagePage(tuple(_shown(message) for message in found), page, pages, total)


def all_messages(subject: DataSubject) -> list[ShownMessage]:
    """Every message sent to ``subject``, newest first (the exports)."""
    if not recipients(subject):
        return []
    return [_shown(message) for message in db.session.scalars(newest_first(_query(subject)))]


def record(message: ShownMessage) -> dict[str, Any]:
    """A message as the JSON export holds it: everything stored about it for the person."""
    return {"id": message.id, "channel": message.channel, "to": message.recipient,
            "subject": message.subject, "body": message.body, "status": message.status,
            "sent_at": message.sent_at.isoformat()}


@dataclass(frozen=True)
class MessageErasure:
    anonymised: int
    replies_anonymised: int


def anonymise(subject: DataSubject) -> MessageErasure:
    """Blank the content and recipient of every message to ``subject`` and of their
    replies, in the caller's transaction; the delivery bookkeeping stays."""
    found = recipients(subject)
    if not found:
        return MessageErasure(0, 0)
    now = clock.now()
    ids = list(db.session.scalars(select(Notification.id).where(
        Notification.recipient.in_(found))))
    if ids:
        # A provider's error text can quote the number ("+4670... is not a valid
        # mobile number"): the timeline keeps its statuses and loses the texts.
        db.session.execute(update(NotificationEvent).where(
            NotificationEvent.notification_id.in_(ids)).values(detail="")
            .execution_options(synchronize_session=False))
    sent = db.session.execute(
        update(Notification).where(Notification.id.in_(ids))
        .values(body="", subject="", recipient="", error_message="", purged_at=now,
                updated_at=now)
        .execution_options(synchronize_session=False)) if ids else None
    replies = db.session.execute(
        update(InboundMessage).where(InboundMessage.sender.in_(subject.phone_numbers))
        .values(body="", sender="").execution_options(synchronize_session=False)
    ) if subject.phone_numbers else None
    return MessageErasure((sent.rowcount or 0) if sent else 0,
                          (replies.rowcount or 0) if replies else 0)


def purge_older_than(cutoff: datetime) -> int:
    """Blank messages and replies older than ``cutoff`` (the platform's retention job;
    the notification layer's own purge, as ``flask notifications purge`` runs it)."""
    return sum(purge_content_older_than(cutoff))
