"""Handing one notification to a provider: idempotent, retried, never twice at once.

``deliver(id)`` is the body of the background task, in-process or in Celery.
It first claims the rows with a conditional UPDATE (created and due -> sending);
a task delivered twice by the queue finds nothing to claim and stops.  Providers
are called with no database transaction open.
"""

from __future__ import annotations

import logging
import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta

from flask import current_app
from sqlalchemy import (
    Connection,
    Integer,
    Row,
    String,
    bindparam,
    case,
    func,
    insert,
    select,
    update,
)

from eservices import clock
from eservices.db import UTCDateTime, db, upsert_insert
from eservices.privacy import mask_phone

from . import failover, statuses
from .handover import Handover, Outcome, outcome_of, prepare, send_all
from .models import Notification, NotificationEvent, OptOut
from .providers import build_provider, is_async
from .providers.base import SentMessage
from .reconcile import Reconciled, lost_answers, reconcile

log = logging.getLogger(__name__)


_CLAIMED = (Notification.id, Notification.channel, Notification.recipient, Notification.body,
            Notification.subject, Notification.attempts, Notification.provider,
            Notification.error_code, Notification.created_at)


def lease_seconds(concurrent: int, one_by_one: int) -> float:
    """How long a batch may take: its provider calls, each bounded by the time-out, plus
    a margin.  Until then the claiming process owns the rows; after, a sweep may ask the
    provider what became of them, so the lease must never run out under a live batch."""
    config = current_app.config
    rounds = math.ceil(concurrent / config["DISPATCH_CONCURRENCY"]) + one_by_one
    return rounds * config["PROVIDER_TIMEOUT_SECONDS"] + config["DISPATCH_LEASE_MARGIN_SECONDS"]


def _claim(conn: Connection, ids: list[str]) -> list[Row]:
    """created and due -> sending, atomically; the claimed rows' content.

    The claim writes down the provider each message will most likely go to (the first
    SMS provider, the e-mail provider) and a lease long enough for the whole batch:
    after a crash, that provider is the one asked whether it took the message.
    """
    config = current_app.config
    now = clock.now()
    sms_provider, email_provider = config["SMS_PROVIDER"][0], config["EMAIL_PROVIDER"]
    concurrent = now + timedelta(seconds=lease_seconds(len(ids), 0))
    one_by_one = now + timedelta(seconds=lease_seconds(len(ids), len(ids)))
    is_sms = Notification.channel == "sms"
    due = (Notification.next_attempt_at.is_(None)) | (Notification.next_attempt_at <= now)
    rows = conn.execute(
        update(Notification)
        .where(Notification.id.in_(ids), Notification.status == statuses.CREATED, due)
        .values(status=statuses.SENDING, attempts=Notification.attempts + 1, updated_at=now,
                claimed_at=now, provider=case((is_sms, sms_provider), else_=email_provider),
                # SMS providers with an async client go first, DISPATCH_CONCURRENCY at a
                # time; everything else after them, one by one.
                lease_until=case((is_sms, concurrent if is_async(build_provider(sms_provider))
                                  else one_by_one), else_=one_by_one))
        .returning(*_CLAIMED)).all()
    conn.commit()
    return rows


def _hold(conn: Connection, handovers: list[Handover]) -> None:
    """Correct the provider written at the claim where failover chose another, before
    the call: after a crash, the provider asked must be the one that was called."""
    moved = [h for h in handovers if h.provider != h.row.provider]
    if not moved:
        return
    lease_until = clock.now() + timedelta(seconds=lease_seconds(len(handovers),
                                                                len(handovers)))
    conn.execute(update(Notification).where(Notification.id == bindparam("nid")).values(
        provider=bindparam("chosen"), lease_until=lease_until),
        [{"nid": h.row.id, "chosen": h.provider} for h in moved])
    conn.commit()


def _recipient_checks(conn: Connection, recipients: set[str]) -> tuple[set[str], Counter[str]]:
    """Opted-out numbers, and SMS handed over to each number in the last hour."""
    if not recipients:
        return set(), Counter()
    since = clock.now() - timedelta(hours=1)
    opted_out = set(conn.execute(select(OptOut.phone).where(
        OptOut.phone.in_(recipients), OptOut.active.is_(True))).scalars())
    recent = Counter(dict(conn.execute(
        select(Notification.recipient, func.count())
        .where(Notification.recipient.in_(recipients), Notification.handed_over_at >= since)
        .group_by(Notification.recipient)).all()))
    conn.commit()
    return opted_out, recent


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


_RECORD = (
    update(Notification).where(Notification.id == bindparam("nid")).values(
        # Only a row still "sending" takes the outcome: a receipt that raced ahead of
        # us (a "delivered" callback) is never overwritten.
        status=case((Notification.status == statuses.SENDING,
                     bindparam("new_status", type_=String)), else_=Notification.status),
        provider=func.coalesce(bindparam("provider", type_=String), Notification.provider),
        provider_id=func.coalesce(bindparam("provider_id", type_=String),
                                  Notification.provider_id),
        handed_over_at=func.coalesce(bindparam("handed_over_at", type_=UTCDateTime()),
                                     Notification.handed_over_at),
        error_code=func.coalesce(bindparam("error_code", type_=String),
                                 Notification.error_code),
        error_message=func.coalesce(bindparam("error_message", type_=String),
                                    Notification.error_message),
        next_attempt_at=func.coalesce(bindparam("next_attempt_at", type_=UTCDateTime()),
                                      Notification.next_attempt_at),
        attempts=Notification.attempts - bindparam("attempt_refund", type_=Integer),
        updated_at=bindparam("now", type_=UTCDateTime()),
    ))


def _record(conn: Connection, outcomes: list[Outcome]) -> dict[str, str]:
    """Write all outcomes of a batch: one executemany, one query, one commit."""
    now = clock.now()
    conn.execute(_RECORD, [{
        "nid": o.notification_id, "new_status": o.status, "provider": o.provider,
        "provider_id": o.provider_id, "handed_over_at": o.handed_over_at,
        "error_code": o.error_code, "error_message": o.error_message,
        "next_attempt_at": (now + timedelta(seconds=o.retry_delay)
                            if o.retry_delay is not None else None),
        "attempt_refund": 0 if o.attempt_used else 1, "now": now} for o in outcomes])
    stored = dict(conn.execute(select(Notification.id, Notification.status).where(
        Notification.id.in_([o.notification_id for o in outcomes]))).all())
    events = [{"notification_id": o.notification_id, "at": now, "status": o.status,
               "detail": o.detail[:300]}
              for o in outcomes if stored.get(o.notification_id) == o.status]
    if events:
        conn.execute(insert(NotificationEvent), events)
    _record_lessons(conn, outcomes)
    conn.commit()
    return stored


def _record_lessons(conn: Connection, outcomes: list[Outcome]) -> None:
    """What the answers said beyond each message: providers' health, opt-outs they report."""
    for outcome in outcomes:
        if outcome.provider_healthy is not None and outcome.provider:
            failover.record(conn, outcome.provider, succeeded=outcome.provider_healthy)
    now = clock.now()
    for outcome in outcomes:
        if outcome.opt_out_source:
            phone = conn.execute(select(Notification.recipient).where(
                Notification.id == outcome.notification_id)).scalar_one()
            conn.execute(upsert_insert(OptOut).values(
                phone=phone, active=True, source=outcome.opt_out_source, changed_at=now,
            ).on_conflict_do_update(index_elements=["phone"], set_={
                "active": True, "source": outcome.opt_out_source, "changed_at": now}))


def _found(notification_id: str, provider: str, message: SentMessage) -> Outcome:
    return Outcome(notification_id, statuses.SENT, f"{provider} has it (its answer was lost)",
                   provider=provider, provider_id=message.provider_id,
                   handed_over_at=message.created_at)


def deliver_many(ids: list[str]) -> dict[str, str]:
    """Hand over the given notifications that are still due; their statuses afterwards.

    Claiming and recording happen once per batch, so a backlog costs a few
    statements per batch instead of per message; providers are called with no
    transaction open, several at a time where their client allows.
    """
    with db.engine.connect() as conn:
        claimed = _claim(conn, ids)
        if not claimed:
            return {}
        opted_out, recent = _recipient_checks(
            conn, {row.recipient for row in claimed if row.channel == "sms"})
        there = lost_answers(claimed)
        prepared = [_found(row.id, *there[row.id]) if row.id in there
                    else prepare(row, opted_out, recent) for row in claimed]
        handovers = [p for p in prepared if isinstance(p, Handover)]
        _hold(conn, handovers)
        answers = iter(send_all(handovers))
        outcomes = [p if isinstance(p, Outcome) else outcome_of(p, next(answers), opted_out)
                    for p in prepared]
        stored = _record(conn, outcomes)
    dispatcher = current_app.extensions["notifications.dispatcher"]
    for outcome, row in zip(outcomes, claimed, strict=True):
        if outcome.retry_delay is not None and stored[outcome.notification_id] == "created":
            dispatcher.enqueue([outcome.notification_id], delay=outcome.retry_delay)
        if log.isEnabledFor(logging.INFO):  # mask only numbers that are logged
            log.info("notification %s to %s: %s via %s", outcome.notification_id,
                     mask_phone(row.recipient) if row.channel == "sms" else "e-mail",
                     stored[outcome.notification_id], outcome.provider or "-")
    return stored


def deliver(notification_id: str) -> str | None:
    """Hand over one notification (the task body); None if it was not ours to send."""
    return deliver_many([notification_id]).get(notification_id)


@dataclass
class SweepReport:
    """What one sweep did: interrupted hand-overs settled, and the ids it queued."""

    reconciled: Reconciled
    queued: list[str] = field(default_factory=list)


def sweep_report(grace: timedelta = timedelta(seconds=5)) -> SweepReport:
    """Settle interrupted hand-overs, then queue messages left in "created" (a crash, a
    lost task, a retry or quiet hours that ended).

    A message whose hand-over lease ran out is not guessed about: ``reconcile`` asks
    its provider, and only what the provider does not have is sent again.
    """
    reconciled = reconcile()
    now = clock.now()
    due = list(db.session.scalars(select(Notification.id).where(
        Notification.status == statuses.CREATED,
        ((Notification.next_attempt_at.is_(None)) & (Notification.created_at <= now - grace))
        | (Notification.next_attempt_at <= now)).limit(10_000)).all())
    failover.drift_back()
    db.session.commit()
    if due:
        current_app.extensions["notifications.dispatcher"].enqueue(due)
    return SweepReport(reconciled, due)


def sweep(grace: timedelta = timedelta(seconds=5)) -> int:
    """``sweep_report``, counting the messages queued (the periodic task's body)."""
    return len(sweep_report(grace).queued)
