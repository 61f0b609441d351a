"""Route days as staff read them: progress, estimates and the alerts sent.

Kept apart from the back-office pages in ``staff`` so the read side (what a route
day looks like, who would receive a message, which kinds of message its state
refuses) is one concept of its own, and the pages module stays about requests.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import and_, func, or_, select

from eservices.toolkit import clock, db, mask_phone

from . import eta
from .alerts import LANGUAGES  # the notice's languages
from .models import (
    Address,
    AlertSent,
    AlertSubscription,
    Route,
    RouteDay,
    RouteStop,
    StopVisit,
    Subscriber,
)

LATEST_ALERTS = 20


@dataclass
class RouteDayView:
    """A route day as staff see it; ``row`` is None while nothing has happened yet."""

    route: Route
    day: date
    row: RouteDay | None
    visits: dict[int, StopVisit]
    etas: dict[int, datetime]
    alerts: dict[str, int]

    @property
    def status(self) -> str:
        return self.row.status if self.row is not None else "planned"

    def transient(self) -> RouteDay:
        """An unsaved RouteDay for a day not yet begun (never added to the session)."""
        return RouteDay(route_id=self.route.id, route=self.route, service_date=self.day,
                        status="planned", delay_minutes=0, alerted_through={})

    def count(self, status: str) -> int:
        return sum(1 for visit in self.visits.values() if visit.status == status)

    @property
    def remaining(self) -> int:
        return len(self.route.stops) - len(self.visits)

    @property
    def next_stop(self) -> RouteStop | None:
        return next((stop for stop in self.route.stops if stop.id in self.etas), None)

    @property
    def end_eta(self) -> datetime | None:
        return max(self.etas.values(), default=None)

    def planned_at(self, stop: RouteStop) -> datetime:
        start = datetime.combine(self.day, self.route.start_time, tzinfo=clock.STOCKHOLM)
        return (start + timedelta(minutes=stop.planned_offset_minutes or 0)).astimezone(UTC)


def route_day_view(route: Route, day: date) -> RouteDayView:
    row = db.session.scalar(select(RouteDay).where(RouteDay.route_id == route.id,
                                                   RouteDay.service_date == day))
    visits = {} if row is None else {v.stop_id: v for v in db.session.scalars(
        select(StopVisit).where(StopVisit.route_day_id == row.id))}
    view = RouteDayView(route, day, row, visits, {}, {})
    if view.status in ("planned", "started"):
        view.etas = eta.estimate(row or view.transient(), clock.now())
    for kind, count in db.session.execute(_alerts_of(view, AlertSent.kind, func.count())
                                          .group_by(AlertSent.kind)):
        key = kind.split(":", 1)[0]  # "notice:<disruption id>" counts as one kind
        view.alerts[key] = view.alerts.get(key, 0) + count
    return view


def _addresses(route_id: int):
    return select(RouteStop.address_id).where(RouteStop.route_id == route_id)


def _alerts_of(view: RouteDayView, *columns):
    """Alerts of the route day: its own, and reminders sent before the day had a row."""
    by_address = and_(AlertSent.route_day_id.is_(None),
                      AlertSubscription.address_id.in_(_addresses(view.route.id)))
    mine = by_address if view.row is None else or_(AlertSent.route_day_id == view.row.id,
                                                   by_address)
    return (select(*columns).join(AlertSubscription,
                                  AlertSubscription.id == AlertSent.subscription_id)
            .where(AlertSent.service_date == view.day, mine))


def latest_alerts(view: RouteDayView) -> list[dict]:
    rows = db.session.execute(
        _alerts_of(view, AlertSent.kind, AlertSent.created_at, Subscriber.phone, Address)
        .join(Subscriber, Subscriber.id == AlertSubscription.subscriber_id)
        .join(Address, Address.id == AlertSubscription.address_id)
        .order_by(AlertSent.created_at.desc(), AlertSent.id.desc()).limit(LATEST_ALERTS))
    return [{"kind": kind.split(":", 1)[0], "at": at, "phone": mask_phone(phone),
             "address": address.label} for kind, at, phone, address in rows]


def recipients_by_language(route_id: int) -> dict[str, int]:
    """Active subscriptions at the route's addresses by language.

    One SMS per subscription, as ``alerts.notify_route_day`` sends them: a number
    following two addresses on the route gets one about each.
    """
    counts: dict[str, int] = {}
    for language, count in db.session.execute(
            select(Subscriber.language, func.count(AlertSubscription.id))
            .join(AlertSubscription, AlertSubscription.subscriber_id == Subscriber.id)
            .where(AlertSubscription.active.is_(True), AlertSubscription.address_id.in_(
                _addresses(route_id))).group_by(Subscriber.language)):
        language = language if language in LANGUAGES else "sv"  # as the notice is sent
        counts[language] = counts.get(language, 0) + count
    return counts


def refused_kinds(status: str) -> dict[str, str]:
    """Kinds of message the route day's state makes misleading, with the reason."""
    if status == "finished":
        reason = _("The route is finished: it can no longer be delayed or cancelled.")
    elif status == "cancelled":
        reason = _("The collection is already cancelled.")
    else:
        return {}
    return {"delay": reason, "cancel": reason}
