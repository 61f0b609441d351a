"""Handing one notification to a provider: idempotent, retried, never twice at once.

``deliver(id)`` is the body of the background task, in-process or in Celery.
It first claims the row with a conditional UPDATE (created and due -> sending);
a task delivered twice by the queue finds nothing to claim and stops.  The
provider is called with no database transaction open.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from flask import current_app
from sqlalchemy import Connection, Row, case, func, insert, select, update

from eservices import clock
from eservices.db import db
from eservices.privacy import mask_phone

from . import failover, statuses
from .models import Notification, NotificationEvent, OptOut
from .optout import record_opt_out
from .policy import backoff_seconds
from .providers import build_provider, status_callback_url
from .providers.base import Accepted, Outgoing, PermanentError, RetryableError

log = logging.getLogger(__name__)


_CLAIMED = (Notification.channel, Notification.recipient, Notification.body,
            Notification.subject, Notification.attempts)


def _claim(conn: Connection, notification_id: str) -> Row | None:
    """created and due -> sending, atomically; the row's content, or None if not ours."""
    now = clock.now()
    due = (Notification.next_attempt_at.is_(None)) | (Notification.next_attempt_at <= now)
    row = conn.execute(
        update(Notification)
        .where(Notification.id == notification_id, Notification.status == statuses.CREATED,
               due)
        .values(status=statuses.SENDING, attempts=Notification.attempts + 1, updated_at=now)
        .returning(*_CLAIMED)).first()
    conn.commit()
    return row


def _recipient_checks(conn: Connection, recipient: str) -> tuple[bool, int]:
    """(opted out?, SMS handed over to this number in the last hour) in one query."""
    since = clock.now() - timedelta(hours=1)
    opted_out = select(OptOut.active).where(OptOut.phone == recipient).scalar_subquery()
    recent = (select(func.count()).select_from(Notification)
              .where(Notification.recipient == recipient, Notification.handed_over_at >= since)
              .scalar_subquery())
    row = conn.execute(select(opted_out, recent)).one()
    conn.commit()
    return bool(row[0]), int(row[1])


def set_status(notification: Notification, status: str, detail: str = "") -> bool:
    """Move a notification to ``status`` if the rules allow; record it in the timeline."""
    if not statuses.can_move(notification.status, status):
        return False
    now = clock.now()
    notification.status = status
    notification.updated_at = now
    db.session.add(NotificationEvent(notification_id=notification.id, at=now, status=status,
                                     detail=detail[:300]))
    return True


def _finish(conn: Connection, notification_id: str, status: str, detail: str,
            **values: object) -> str:
    """Record the outcome of a hand-over in one UPDATE (+ the timeline event).

    The status only moves from "sending": a receipt that raced ahead of us (a
    "delivered" callback) is never overwritten.
    """
    now = clock.now()
    new_status = case((Notification.status == statuses.SENDING, status),
                      else_=Notification.status)
    stored = conn.execute(
        update(Notification).where(Notification.id == notification_id)
        .values(status=new_status, updated_at=now, **values)
        .returning(Notification.status)).scalar_one()
    if stored == status:
        conn.execute(insert(NotificationEvent).values(
            notification_id=notification_id, at=now, status=status, detail=detail[:300]))
    conn.commit()
    return stored


def _retry_later(conn: Connection, notification_id: str, delay: float, detail: str,
                 attempt_used: bool, **values: object) -> str:
    if not attempt_used:
        values["attempts"] = Notification.attempts - 1  # waiting is not a delivery attempt
    next_attempt = clock.now() + timedelta(seconds=delay)
    status = _finish(conn, notification_id, statuses.CREATED, detail,
                     next_attempt_at=next_attempt, **values)
    if status == statuses.CREATED:
        current_app.extensions["notifications.dispatcher"].enqueue([notification_id],
                                                                   delay=delay)
    return status


def deliver(notification_id: str) -> str | None:
    """Try to hand one notification over; returns its status afterwards (None: not ours).

    The hot path uses one Core connection (no ORM session): a few statements and
    two committed writes per message.  No transaction is open during the
    provider call.
    """
    with db.engine.connect() as conn:
        return _deliver(conn, notification_id)


def _deliver(conn: Connection, notification_id: str) -> str | None:
    claimed = _claim(conn, notification_id)
    if claimed is None:
        return None
    config = current_app.config
    failover_on = claimed.channel == "sms" and len(config["SMS_PROVIDER"]) > 1
    if claimed.channel == "sms":
        opted_out, recent = _recipient_checks(conn, claimed.recipient)
        if opted_out:
            return _finish(conn, notification_id, statuses.OPTED_OUT, "recipient has opted out")
        if recent >= config["SMS_PER_RECIPIENT_PER_HOUR"]:
            return _retry_later(conn, notification_id, 600,
                                "per-recipient limit reached; waiting", attempt_used=False)
        provider_name = config["SMS_PROVIDER"][0]
        if failover_on:
            provider_name = failover.choose(config["SMS_PROVIDER"])
            db.session.commit()
    else:
        provider_name = config["EMAIL_PROVIDER"]
    outgoing = Outgoing(
        notification_id=notification_id, channel=claimed.channel, recipient=claimed.recipient,
        body=claimed.body, subject=claimed.subject,
        status_callback=status_callback_url(provider_name, notification_id))

    try:
        accepted: Accepted | None = build_provider(provider_name).send(outgoing)
        error: Exception | None = None
    except (RetryableError, PermanentError) as exc:
        accepted, error = None, exc

    if failover_on:
        failover.record(provider_name, succeeded=not isinstance(error, RetryableError))
        db.session.commit()
    if accepted is not None:
        status = _finish(conn, notification_id, accepted.status, f"handed to {provider_name}",
                         provider=provider_name, provider_id=accepted.provider_id,
                         handed_over_at=clock.now())
    elif isinstance(error, PermanentError):
        if error.status == statuses.OPTED_OUT:
            record_opt_out(claimed.recipient, f"{provider_name}:{error.code}")
            db.session.commit()
        status = _finish(conn, notification_id, error.status,
                         f"{provider_name}: {error.code or error}", provider=provider_name,
                         error_code=error.code or "", error_message=str(error)[:300])
    else:
        assert isinstance(error, RetryableError)
        failure = {"provider": provider_name, "error_code": error.code or "",
                   "error_message": str(error)[:300]}
        attempts = claimed.attempts  # RETURNING gives the value after the claim counted it
        if attempts >= config["NOTIFICATION_MAX_ATTEMPTS"]:
            status = _finish(conn, notification_id, statuses.FAILED,
                             f"gave up after {attempts} attempts: {error.code or error}",
                             **failure)
        else:
            delay = backoff_seconds(attempts, config["NOTIFICATION_RETRY_SECONDS"])
            status = _retry_later(conn, notification_id, max(delay, error.retry_after or 0),
                                  f"{provider_name}: {error.code or error}; retrying",
                                  attempt_used=True, **failure)
    log.info("notification %s to %s: %s via %s", notification_id,
             mask_phone(claimed.recipient) if claimed.channel == "sms" else "e-mail",
             status, provider_name)
    return status


def sweep(stuck_after: timedelta = timedelta(minutes=10), grace: timedelta =
          timedelta(seconds=5)) -> int:
    """Re-queue messages left in "created" (a crash, a lost task, quiet hours ended).

    Messages stuck in "sending" longer than ``stuck_after`` had their hand-over
    interrupted: whether the provider got them is unknown, so they are marked
    failed rather than sent again (at most once beats a duplicate).
    """
    now = clock.now()
    due = db.session.scalars(select(Notification.id).where(
        Notification.status == statuses.CREATED,
        ((Notification.next_attempt_at.is_(None)) & (Notification.created_at <= now - grace))
        | (Notification.next_attempt_at <= now)).limit(10_000)).all()
    for stuck in db.session.scalars(select(Notification).where(
            Notification.status == statuses.SENDING,
            Notification.updated_at <= now - stuck_after)):
        set_status(stuck, statuses.FAILED, "hand-over was interrupted; outcome unknown")
    failover.drift_back()
    db.session.commit()
    if due:
        current_app.extensions["notifications.dispatcher"].enqueue(list(due))
    return len(due)
