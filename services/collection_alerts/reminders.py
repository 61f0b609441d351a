"""The reminder the evening before a collection - exactly once, in batches.

``send_due_reminders`` is the periodic job ``collection_alerts.reminders`` (every
60 s: the in-process scheduler, celery beat, or ``flask eservices run-job``).  Each
run looks at tomorrow's collections (Swedish dates; holiday shifts respected, so a
collection moved from Friday 25 December to Monday 28 December is reminded on
Sunday 27 December and nobody is reminded on the 24th) and reminds every active
subscription whose reminder time has come and that has no reminder for that day.

What is collected tomorrow at an address is what its calendar says (``schedule.
upcoming_for_address``): the waste register's containers on their own frequencies
where the register knows the property, so a bin emptied every other week is reminded
every other week, not whenever the truck passes.

The work is committed in batches: a crash halfway leaves whole batches done, and
the next run (a minute later) finds the rest by the missing ``AlertSent`` rows.
Two processes running at once are safe: the unique constraint lets only one of
them insert each row, and only inserted rows get an SMS (``alerts.claim``).
"""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta

from sqlalchemy import exists, select

from eservices.toolkit import STOCKHOLM, clock, db

from .alerts import LANGUAGES, Recipient, claim, day_label, send
from .models import Address, AlertSent, AlertSubscription, Route, RouteDay, Subscriber
from .schedule import fractions_label, upcoming_for_address

BATCH_SIZE = 1000  # reminders per transaction
log = logging.getLogger(__name__)


def due_recipients(day: date, local_time_now: datetime) -> list[Recipient]:
    """Subscriptions to remind about ``day`` now: time come, not yet reminded, something
    collected at their address that day (on a route not cancelled), by id."""
    already = exists().where(AlertSent.subscription_id == AlertSubscription.id,
                             AlertSent.service_date == day, AlertSent.kind == "reminder")
    rows = db.session.execute(
        select(AlertSubscription.id, Subscriber.phone, Subscriber.language, Address.id,
               Address.street, Address.number)
        .join(Subscriber, Subscriber.id == AlertSubscription.subscriber_id)
        .join(Address, Address.id == AlertSubscription.address_id)
        .where(AlertSubscription.active.is_(True),
               AlertSubscription.evening_reminder.is_(True),
               AlertSubscription.reminder_time <= local_time_now.time().replace(tzinfo=None),
               ~already)
        .order_by(AlertSubscription.id)).all()
    cancelled = set(db.session.scalars(  # routes whose day staff have cancelled
        select(Route.code).join(RouteDay, RouteDay.route_id == Route.id)
        .where(RouteDay.service_date == day, RouteDay.status == "cancelled")))
    due: dict[int, tuple[str, ...]] = {}  # address id -> fractions collected that day
    recipients = []
    for subscription_id, phone, language, address_id, street, number in rows:
        if address_id not in due:
            fractions: list[str] = []
            for collection in upcoming_for_address(address_id, day, days=1):
                if collection.route_code not in cancelled:
                    fractions += [f for f in collection.fractions if f not in fractions]
            due[address_id] = tuple(fractions)
        if due[address_id]:
            recipients.append(Recipient(subscription_id, phone,
                                        language if language in LANGUAGES else "sv",
                                        f"{street} {number}".strip(), due[address_id], 0))
    return recipients


def send_batch(day: date, recipients: list[Recipient]) -> int:
    """Claim and queue one batch in the caller's transaction; how many SMS were queued."""
    claimed = claim("reminder", day, recipients, None)
    return send(claimed, template="reminder", category="reminder",
                reference=f"reminder {day}",
                key=lambda r: f"reminder:{r.id}:{day}",
                personalise=lambda r: {"address": r.address,
                                       "date": day_label(day, r.language),
                                       "fractions": fractions_label(r.fractions, r.language)})


def send_due_reminders(now: datetime | None = None, *, batch_size: int = BATCH_SIZE) -> int:
    """Remind everyone due about tomorrow's collections; how many SMS were queued.

    Commits after every ``batch_size`` reminders (a smaller size lets tests crash
    between batches).  A second run the same evening finds nothing left to send.
    """
    now = now or clock.now()
    local = now.astimezone(STOCKHOLM)
    tomorrow = local.date() + timedelta(days=1)
    recipients = due_recipients(tomorrow, local)
    db.session.commit()  # end the read; each batch is its own short write transaction
    sent = 0
    for first in range(0, len(recipients), batch_size):
        sent += send_batch(tomorrow, recipients[first:first + batch_size])
        db.session.commit()
    if sent:
        log.info("collection_alerts: %d reminders queued for %s", sent, tomorrow)
    return sent
