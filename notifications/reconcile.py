"""Settling hand-overs a crash interrupted: ask the provider, never guess.

A message is "sending" while one process hands it over; its lease says until
when that process owns it.  A lease that has run out means the process died
mid-call, and only the provider knows whether the message arrived.  So the
provider named on the row is asked for its messages to that number since the
claim: one with the same text (and an id no other row has) means the message
arrived - it is marked sent with the provider's id; none means it never did -
it goes back to "created" and is sent again.  A provider that cannot answer is
asked again at the next sweep.  E-mail cannot be looked up: it is sent again
(at least once beats never).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import ColumnElement, Row, func, insert, select, update

from eservices import clock
from eservices.db import db

from . import statuses
from .models import Notification, NotificationEvent
from .providers import build_provider
from .providers.base import ProviderError, SentMessage, is_searchable

log = logging.getLogger(__name__)

# Provider clocks differ from ours, and Twilio's timestamps are whole seconds.
CLOCK_SKEW = timedelta(minutes=2)
# Rows from before leases existed count as interrupted this long after their claim.
LEGACY_STUCK = timedelta(minutes=10)
# Failures after which the provider may have the message all the same (the answer was lost).
AMBIGUOUS = frozenset({"timeout", "network", "bad-response"})


@dataclass
class Reconciled:
    """What one reconciliation found."""

    found: int = 0  # the provider had them: now sent
    resent: int = 0  # the provider did not: back to "created"
    unanswered: int = 0  # the provider could not say: asked again next time
    next_expiry: datetime | None = None  # the next lease that runs out, if any


def _expired(now: datetime) -> ColumnElement[bool]:
    return (Notification.status == statuses.SENDING) & (
        (Notification.lease_until < now)
        | (Notification.lease_until.is_(None) & (Notification.updated_at <= now - LEGACY_STUCK)))


def _since(row: Row) -> datetime:
    claimed = row.claimed_at or row.updated_at - LEGACY_STUCK
    return claimed - CLOCK_SKEW


def reconcile(limit: int = 500) -> Reconciled:
    """Settle up to ``limit`` messages whose hand-over lease has run out."""
    now = clock.now()
    rows = db.session.execute(
        select(Notification.id, Notification.channel, Notification.recipient,
               Notification.body, Notification.provider, Notification.claimed_at,
               Notification.updated_at)
        .where(_expired(now)).order_by(Notification.claimed_at).limit(limit)).all()
    result = Reconciled(next_expiry=db.session.scalar(
        select(func.min(Notification.lease_until)).where(
            Notification.status == statuses.SENDING, Notification.lease_until >= now)))
    db.session.commit()  # no transaction stays open while providers are asked
    groups: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for row in rows:
        groups[(row.provider, row.recipient)].append(row)
    for (provider_name, recipient), group in groups.items():
        if not provider_name or _unsearchable(provider_name):
            for row in group:
                result.resent += _send_again(row, "not handed over" if not provider_name
                                             else f"{provider_name} cannot be asked")
            continue
        try:
            listed = build_provider(provider_name).sent_to(  # type: ignore[attr-defined]
                recipient, min(_since(row) for row in group))
        except (ProviderError, ValueError) as exc:
            log.warning("cannot reconcile %d messages with %s yet: %s", len(group),
                        provider_name, exc)
            result.unanswered += len(group)
            continue
        for row, found in _match(group, listed):
            if found is None:
                result.resent += _send_again(row, f"{provider_name} does not have it")
            else:
                result.found += _mark_sent(row, provider_name, found)
    return result


def _unsearchable(provider_name: str) -> bool:
    try:
        return not is_searchable(build_provider(provider_name))
    except ValueError:  # its settings are gone: reported below as not answering, never guessed
        return False


def lost_answers(rows: list[Row]) -> dict[str, tuple[str, SentMessage]]:
    """Claimed retries whose last attempt ended without an answer (a time-out) but that
    a provider has anyway: {id: (provider, its message)} - they are not sent again.

    Every configured SMS provider is asked (failover may have used any of them).  A
    provider that cannot be asked changes nothing: the message is sent as before.
    """
    found: dict[str, tuple[str, SentMessage]] = {}
    groups: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        if row.channel == "sms" and row.error_code in AMBIGUOUS:
            groups[row.recipient].append(row)
    for recipient, group in groups.items():
        for provider_name in current_app.config["SMS_PROVIDER"]:
            open_rows = [row for row in group if row.id not in found]
            if not open_rows:
                break
            try:
                provider = build_provider(provider_name)
                if not is_searchable(provider):
                    continue
                listed = provider.sent_to(  # type: ignore[attr-defined]
                    recipient, min(row.created_at for row in open_rows) - CLOCK_SKEW)
            except (ProviderError, ValueError) as exc:
                log.info("cannot ask %s about %d earlier attempts: %s", provider_name,
                         len(open_rows), exc)
                continue
            for row, message in _match(open_rows, listed,
                                       lambda row: row.created_at - CLOCK_SKEW):
                if message is not None:
                    found[row.id] = (provider_name, message)
    return found


def _match(group: list[Row], listed: list[SentMessage],
           since: Callable[[Row], datetime] = _since) -> list[tuple[Row, SentMessage | None]]:
    """Pair each row with a listed message of the same text no other row has claimed."""
    taken = set(db.session.scalars(select(Notification.provider_id).where(
        Notification.provider_id.in_([m.provider_id for m in listed])))) if listed else set()
    db.session.commit()
    free = sorted((m for m in listed if m.provider_id not in taken), key=lambda m: m.created_at)
    pairs: list[tuple[Row, SentMessage | None]] = []
    for row in group:
        found = next((m for m in free if m.body == row.body and m.created_at >= since(row)),
                     None)
        if found is not None:
            free.remove(found)
        pairs.append((row, found))
    return pairs


def _settle(row: Row, status: str, detail: str, **values: object) -> int:
    """Move one row out of its expired hand-over, unless someone else already did."""
    now = clock.now()
    moved = db.session.execute(
        update(Notification).where(Notification.id == row.id, _expired(now))
        .values(status=status, updated_at=now, lease_until=None, **values)
        .execution_options(synchronize_session=False)).rowcount
    if moved:
        db.session.execute(insert(NotificationEvent).values(
            notification_id=row.id, at=now, status=status, detail=detail[:300]))
    db.session.commit()
    return moved


def _mark_sent(row: Row, provider_name: str, found: SentMessage) -> int:
    return _settle(row, statuses.SENT, f"{provider_name} has it (hand-over interrupted)",
                   provider_id=found.provider_id, handed_over_at=found.created_at)


def _send_again(row: Row, why: str) -> int:
    return _settle(row, statuses.CREATED, f"hand-over interrupted; {why}: sending again",
                   next_attempt_at=clock.now())
