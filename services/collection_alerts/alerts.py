"""Alerts about a route day - "the truck is on its way" and staff notices - exactly once.

Every alert is guarded by a row in ``AlertSent`` (subscription, service date, kind):
the row is inserted with ``INSERT … ON CONFLICT DO NOTHING RETURNING`` and only the
rows this call actually inserted get an SMS, written in the same transaction.  So a
repeated or reordered event, a rerun job or two processes racing send nothing twice:
the database's unique constraint decides, not a check in Python that a concurrent
transaction could slip past.

``process_route_day`` runs inside the API request that recorded the events (the
caller commits), so it must be quick: ``RouteDay.alerted_through`` remembers per
lead time the highest stop position already alerted, and each event only looks at
the positions that have come within reach since.  The watermark only saves work;
``AlertSent`` stays the guarantee.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

from babel.dates import format_date
from flask import current_app
from sqlalchemy import Select, and_, func, or_, select, update

from eservices.toolkit import (
    STOCKHOLM,
    Sms,
    clock,
    db,
    preview_sms,
    send_sms_many,
    site_languages,
    upsert_insert,
)

from .eta import Plan, progress
from .forms import lead_times
from .models import (
    Address,
    AlertSent,
    AlertSubscription,
    Disruption,
    RouteDay,
    RouteStop,
    Subscriber,
)
from .schedule import fractions_label, register_fractions
from .settings import MODULE_ID
from .unsubscribe import unsubscribe_url


class _SiteLanguages:
    """The languages notices go out in: the site's (``LANGUAGES``), asked when used,
    as ``code in LANGUAGES`` and ``for code in LANGUAGES``."""

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and site_languages().get(code) is not None

    def __iter__(self) -> Iterator[str]:
        return iter(site_languages().codes)


LANGUAGES = _SiteLanguages()
NOTICE_TEMPLATES = {"message": "disruption", "delay": "delayed", "cancel": "cancelled"}
CLAIM_ROWS = 500  # AlertSent rows per INSERT statement
LEADS_CACHE, LEADS_REFRESH_SECONDS = "collection_alerts.leads", 300


@dataclass(frozen=True)
class Recipient:
    """One subscription about to be messaged, read as plain columns, not ORM objects.

    ``id`` is the subscription's id - all ``unsubscribe_url`` signs - so 35,000
    reminders need no 35,000 loaded subscriptions.
    """

    id: int
    phone: str
    language: str
    address: str
    fractions: tuple[str, ...]
    stop_id: int


class NoticePreview(NamedTuple):
    text: str
    segments: int


def recipient_columns() -> Select[Any]:
    """Subscription, number and address per stop; callers add the joins' conditions."""
    return (select(AlertSubscription.id, Subscriber.phone, Subscriber.language,
                   Address.street, Address.number, RouteStop.id, RouteStop.fractions)
            .select_from(RouteStop)
            .join(AlertSubscription, AlertSubscription.address_id == RouteStop.address_id)
            .join(Subscriber, Subscriber.id == AlertSubscription.subscriber_id)
            .join(Address, Address.id == RouteStop.address_id)
            .where(AlertSubscription.active.is_(True)))


def collect(rows: Iterable[Sequence[Any]]) -> list[Recipient]:
    """One recipient per subscription: the first stop's id, every stop's fractions."""
    found: dict[int, tuple[Any, ...]] = {}
    fractions: dict[int, list[str]] = {}
    for subscription_id, phone, language, street, number, stop_id, stop_fractions in rows:
        if subscription_id not in found:
            found[subscription_id] = (phone, language, f"{street} {number}".strip(), stop_id)
            fractions[subscription_id] = []
        merged = fractions[subscription_id]
        merged.extend(f for f in stop_fractions or () if f not in merged)
    return [Recipient(id, phone, language if language in LANGUAGES else "sv", address,
                      tuple(fractions[id]), stop_id)
            for id, (phone, language, address, stop_id) in found.items()]


def claim(kind: str, service_date: date, recipients: Sequence[Recipient],
          route_day_id: int | None) -> list[tuple[Recipient, int]]:
    """Insert the AlertSent rows; the recipients this call won, with their row ids."""
    if not recipients:
        return []
    statement = (upsert_insert(AlertSent)
                 .on_conflict_do_nothing(index_elements=["subscription_id", "service_date",
                                                         "kind"])
                 .returning(AlertSent.id, AlertSent.subscription_id))
    now = clock.now()
    rows = [{"subscription_id": r.id, "service_date": service_date, "kind": kind,
             "route_day_id": route_day_id, "created_at": now} for r in recipients]
    won: dict[int, int] = {}
    for first in range(0, len(rows), CLAIM_ROWS):
        won.update((subscription_id, alert_id) for alert_id, subscription_id
                   in db.session.execute(statement, rows[first:first + CLAIM_ROWS]))
    return [(r, won[r.id]) for r in recipients if r.id in won]


def send(claimed: Sequence[tuple[Recipient, int]], *, template: str, category: str,
         reference: str, key: Callable[[Recipient], str],
         personalise: Callable[[Recipient], Mapping[str, Any]]) -> int:
    """The SMS for claimed alerts, in one bulk insert; each AlertSent row learns its SMS."""
    if not claimed:
        return 0
    municipality = current_app.config["MUNICIPALITY_NAME"]
    # The Swedish values (day and fraction names) too, for a text in the recipient's
    # language that would need too many segments: the layer then sends the Swedish one.
    messages = [Sms(to=r.phone, language=r.language, reference=reference,
                    idempotency_key=key(r),
                    personalisation={**personalise(r), "municipality": municipality,
                                     "unsubscribe_url": unsubscribe_url(r)},  # type: ignore[arg-type]
                    swedish_personalisation=(None if r.language == "sv" else
                                             personalise(replace(r, language="sv"))))
                for r, _ in claimed]
    ids = send_sms_many(messages, template=f"{MODULE_ID}/{template}", category=category,
                        module_id=MODULE_ID)
    db.session.execute(update(AlertSent), [
        {"id": alert_id, "notification_id": notification_id}
        for (_, alert_id), notification_id in zip(claimed, ids, strict=True)])
    return len(ids)


def day_label(day: date, language: str) -> str:
    """"måndag 30 november" / "Monday 30 November", in the language's formatting locale
    (Meänkieli as Finnish: Babel knows no "fit")."""
    return format_date(day, "EEEE d MMMM", locale=site_languages().locale_of(language))


def local_time(moment: datetime) -> str:
    """"09:40": the minute nearest the estimate, in Swedish time."""
    return (moment + timedelta(seconds=30)).astimezone(STOCKHOLM).strftime("%H:%M")


def _leads(watermark: Mapping[str, int]) -> list[int]:
    """Every lead time a subscriber may have chosen; more is harmless, a lead nobody
    has finds nobody.

    The configured ones, those already in the watermark, and the distinct ones of
    all active subscriptions - read at most every ``LEADS_REFRESH_SECONDS`` per process:
    asking the database per event costs more than the rest of the event (a scan
    of every subscription).  Only changing the setting can add a lead outside it,
    and a lead found late is alerted late, never skipped: its watermark starts at 0.
    """
    cache = current_app.extensions.setdefault(LEADS_CACHE, {})
    if cache.get("until", 0.0) < time.monotonic():
        cache["leads"] = set(db.session.scalars(
            select(AlertSubscription.approach_minutes).distinct()
            .where(AlertSubscription.active.is_(True),
                   AlertSubscription.approach_minutes.is_not(None))))
        cache["until"] = time.monotonic() + LEADS_REFRESH_SECONDS
    return sorted(cache["leads"] | set(lead_times()) | {int(lead) for lead in watermark})


def process_route_day(route_day: RouteDay, now: datetime, plan: Plan | None = None) -> int:
    """Queue "the truck is on its way" for every stop that came within reach; how many.

    Only a started day alerts (not a planned, finished or cancelled one).  Stops
    already completed or skipped, and stops behind the furthest completed one, are
    never alerted: the truck has been there.  The caller commits.
    """
    if route_day.status != "started":
        return 0
    seen = progress(route_day, now, plan)
    ahead = [(position, seen.etas[stop_id])
             for stop_id, position in zip(seen.stops.ids, seen.stops.positions, strict=True)
             if position > seen.reached and stop_id in seen.etas]
    watermark = dict(route_day.alerted_through or {})
    windows: dict[int, tuple[int, int]] = {}  # lead -> positions (after, up to) now in reach
    for lead in _leads(watermark):
        horizon = now + timedelta(minutes=lead)
        reachable = 0
        for position, eta in ahead:  # estimates rise with the position: stop at a miss
            if eta > horizon:
                break
            reachable = position
        low = max(watermark.get(str(lead), 0), seen.reached)
        if reachable > low:
            windows[lead] = (low, reachable)
    if not windows:
        return 0
    # One query, one claim and one bulk insert for all lead times together.
    rows = db.session.execute(
        recipient_columns()
        .where(RouteStop.route_id == route_day.route_id,
               # The overall range lets the database walk the (route, position) index.
               RouteStop.position > min(low for low, _ in windows.values()),
               RouteStop.position <= max(high for _, high in windows.values()),
               or_(*(and_(AlertSubscription.approach_minutes == lead,
                          RouteStop.position > low, RouteStop.position <= high)
                     for lead, (low, high) in windows.items())))
        .order_by(RouteStop.position, AlertSubscription.id))
    # A skipped stop drops out here, before grouping: an address with a second stop
    # further on is still alerted for that one.
    recipients = collect(row for row in rows if row[5] in seen.etas)
    # The truck passes every stop of its route; an address whose bins the register does
    # not empty that day (every other week, paused) hears nothing.
    due = register_fractions((r.stop_id for r in recipients), route_day.service_date)
    recipients = [replace(r, fractions=due[r.stop_id]) if r.stop_id in due else r
                  for r in recipients if due.get(r.stop_id, r.fractions)]
    claimed = claim("approaching", route_day.service_date, recipients, route_day.id)
    sent = send(claimed, template="approaching", category="alert",
                reference=f"{route_day.route.code} {route_day.service_date}",
                key=lambda r: f"approaching:{r.id}:{route_day.service_date}",
                personalise=lambda r: {"address": r.address,
                                       "time": local_time(seen.etas[r.stop_id]),
                                       "fractions": fractions_label(r.fractions,
                                                                    r.language)})
    watermark.update((str(lead), high) for lead, (_, high) in windows.items())
    if watermark != (route_day.alerted_through or {}):
        route_day.alerted_through = watermark  # a new dict, so the JSON column is saved
    return sent


def _notice_personalisation(route_day: RouteDay, message: str) -> Callable[[Recipient],
                                                                         dict[str, str]]:
    return lambda r: {"address": r.address, "message": message,
                      "date": day_label(route_day.service_date, r.language)}


def notify_route_day(route_day: RouteDay, kind: str, message: str, created_by: str) -> int:
    """Message every active subscriber of the route day once; how many SMS were queued.

    A form sent twice must not message everybody twice, so the same notice (same
    kind and text; for a cancellation any earlier cancellation of the day) is found
    again rather than created anew, and its ``AlertSent`` rows stop the repeats -
    while a subscriber who signed up since still gets it.  The caller commits (and
    sets the route day's status or delay itself).
    """
    if kind not in NOTICE_TEMPLATES:
        raise ValueError(f"unknown notice kind {kind!r}")
    message = message.strip()
    same = select(Disruption).where(Disruption.route_day_id == route_day.id,
                                    Disruption.kind == kind)
    if kind != "cancel":
        same = same.where(Disruption.message == message)
    disruption = db.session.scalars(same.order_by(Disruption.id).limit(1)).first()
    if disruption is None:
        disruption = Disruption(route_day_id=route_day.id, kind=kind, message=message,
                                created_by=created_by, created_at=clock.now(), recipients=0)
        db.session.add(disruption)
        db.session.flush()
    notice = f"notice:{disruption.id}"
    recipients = collect(db.session.execute(
        recipient_columns().where(RouteStop.route_id == route_day.route_id)
        .order_by(AlertSubscription.id, RouteStop.position)))
    claimed = claim(notice, route_day.service_date, recipients, route_day.id)
    sent = send(claimed, template=NOTICE_TEMPLATES[kind], category="alert",
                reference=f"{route_day.route.code} {route_day.service_date}",
                key=lambda r: f"{notice}:{r.id}:{route_day.service_date}",
                personalise=_notice_personalisation(route_day, disruption.message))
    disruption.recipients = (disruption.recipients or 0) + sent
    return sent


def preview_notice(route_day: RouteDay, message: str, language: str,
                   kind: str = "message") -> NoticePreview:
    """The notice as its longest recipient would read it, and the SMS segments it costs.

    The route's longest address and a stop link for the highest subscription id
    make the longest text any subscriber gets, so a preview that fits fits for all.
    """
    streets = db.session.execute(
        select(Address.street, Address.number).join(RouteStop,
                                                     RouteStop.address_id == Address.id)
        .where(RouteStop.route_id == route_day.route_id)).all()
    address = max((f"{s} {n}".strip() for s, n in streets), key=len, default="")
    highest = db.session.scalar(select(func.max(AlertSubscription.id))) or 1
    language = language if language in LANGUAGES else "sv"
    example = Recipient(highest, "", language, address, (), 0)
    values = {**_notice_personalisation(route_day, message.strip())(example),
              "municipality": current_app.config["MUNICIPALITY_NAME"],
              "unsubscribe_url": unsubscribe_url(example)}  # type: ignore[arg-type]
    sms = preview_sms(f"{MODULE_ID}/{NOTICE_TEMPLATES[kind]}", language, values)
    return NoticePreview(sms.text, sms.length.segments)
