"""Route-day events from the route-management system: checked whole, recorded once.

The integration reports what the trucks do ("started", "stop 12 done", a GPS
ping) as events with its own unique ids.  Networks retry and reorder, so:

* the whole request is validated before anything is written, and one bad event
  refuses the batch (``Invalid`` lists every problem with a JSON pointer);
* an event id seen before from the same key is acknowledged as a duplicate and
  changes nothing; ``INSERT … ON CONFLICT DO NOTHING`` settles two concurrent
  deliveries in the database, not in Python;
* the route-day state is merged from the events by their own time, so the order
  they arrive in does not matter: the earliest start, the latest finish, the
  newest position, the earliest completion of a stop; "cancelled" is final.

The caller commits: the events, the state and the alerts queued by
``alerts.process_route_day`` stand or fall together.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import false, or_, select, update

from eservices import toolkit as tk
from eservices.toolkit import (
    BIGINT_MAX,
    BIGINT_MIN,
    INTEGER_MAX,
    STOCKHOLM,
    db,
    upsert_insert,
)

from . import outcomes, schedule
from .alerts import process_route_day
from .eta import route_plan
from .models import Address, Route, RouteDay, RouteEvent, RouteStop, StopVisit, Truck

MAX_EVENTS = 500
EVENT_TYPES = ("route_day_started", "route_day_finished", "route_day_cancelled", "position",
               "stop_completed", "stop_skipped")
STOP_TYPES = ("stop_completed", "stop_skipped")
REASON_TYPES = ("route_day_cancelled", "stop_skipped")
OPTIONAL = ("truck", "stop", "latitude", "longitude", "reason", "reason_code")
# Why a crew skipped a stop, from the register's fixed list (the residents are told it).
REASON_CODES = tk.register.SKIP_REASONS
MEMBERS = ("id", "type", "occurred_at", *OPTIONAL)
# A generous box around Sweden: a ping outside it is a broken GPS, not a truck.
LATITUDES, LONGITUDES = (55.0, 69.1), (10.5, 24.2)
# How far an event may lie from its service date, in Swedish calendar days.
DAYS_AROUND = 1
RFC3339 = re.compile(r"\d{4}-\d\d-\d\d[Tt ]\d\d:\d\d:\d\d(\.\d+)?([Zz]|[+-]\d\d:\d\d)")
# Later in this order wins: a finished day is not "started" again by a late event,
# and nothing un-cancels a cancelled one.
STATUS_RANK = {"planned": 0, "started": 1, "finished": 2, "cancelled": 3}
STATUS_OF = {"route_day_started": "started", "route_day_finished": "finished",
             "route_day_cancelled": "cancelled", "stop_completed": "started",
             "stop_skipped": "started"}


@dataclass
class Invalid(Exception):
    """The request cannot be recorded; ``errors`` are ``{"pointer", "detail"}`` members."""

    status: int
    title: str
    detail: str = ""
    errors: list[dict[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Event:
    """One validated event, ready to record."""

    pointer: str
    id: str
    kind: str
    occurred_at: datetime  # aware UTC
    stop_id: int | None
    latitude: float | None
    longitude: float | None
    payload: dict[str, Any]  # the event as received: the replay record


@dataclass
class Outcome:
    route_day: RouteDay
    results: list[tuple[str, str]]  # (event id, "accepted" | "duplicate")
    alerts_queued: int


def find_route(code: str) -> Route | None:
    return db.session.scalar(select(Route).where(Route.code == code))


def runs_on(route: Route, day: date) -> bool:
    """Whether the route is driven on this date (weeks, season and holiday shifts)."""
    return bool(schedule.collection_dates(route, day, day, schedule.holiday_shifts()))


def _escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


def _is_position(value: object) -> bool:
    """A whole number the position column can hold (a bigger one names no stop)."""
    return isinstance(value, int) and not isinstance(value, bool) and (
        0 <= value <= INTEGER_MAX)


def _is_number(value: object) -> bool:
    # math.isfinite(10**400) raises OverflowError: such an int is no coordinate anyway.
    if isinstance(value, int) and not isinstance(value, bool):
        return BIGINT_MIN <= value <= BIGINT_MAX
    return isinstance(value, float) and math.isfinite(value)


class _Checker:
    """Validates events against one route, collecting every problem before giving up."""

    def __init__(self, route: Route, service_date: date, now: datetime,
                 max_future: timedelta, items: list[tuple[str, object]]) -> None:
        self.route, self.service_date = route, service_date
        self.latest = now + max_future
        # Only the stops and trucks the events name are read: a request of one event
        # must not pay for the route's 900 stops.
        positions, address_ids, trucks = _named(raw for _, raw in items)
        self.by_position: dict[int, int] = {}  # position -> stop id
        self.by_address: dict[str, list[int]] = {}  # address id -> stop ids
        if positions or address_ids:
            for stop_id, position, external_id in db.session.execute(
                    select(RouteStop.id, RouteStop.position, Address.external_id)
                    .join(Address).where(RouteStop.route_id == route.id,
                                         or_(RouteStop.position.in_(positions),
                                             Address.external_id.in_(address_ids)))):
                self.by_position[position] = stop_id
                self.by_address.setdefault(external_id, []).append(stop_id)
        self.trucks: set[str] = set(db.session.scalars(
            select(Truck.code).where(Truck.code.in_(trucks)))) if trucks else set()
        self.errors: list[dict[str, str]] = []

    def fail(self, pointer: str, detail: str) -> None:
        self.errors.append({"pointer": pointer, "detail": detail})

    def event(self, pointer: str, raw: object) -> Event | None:
        if not isinstance(raw, dict):
            self.fail(pointer, "An event must be a JSON object.")
            return None
        before = len(self.errors)
        for key, value in raw.items():
            if key not in MEMBERS:
                self.fail(f"{pointer}/{_escape(key)}", f"Unknown member {key!r}.")
            elif value is None and key in OPTIONAL:
                self.fail(f"{pointer}/{key}", "Leave the member out rather than null.")
        event_id, kind = raw.get("id"), raw.get("type")
        if not isinstance(event_id, str) or not 1 <= len(event_id) <= 80:
            self.fail(f"{pointer}/id", "Give the event's unique id: a string of 1-80 characters.")
        if kind not in EVENT_TYPES:
            self.fail(f"{pointer}/type", "Unknown type; expected one of "
                                         + ", ".join(EVENT_TYPES) + ".")
        occurred_at = self.time(f"{pointer}/occurred_at", raw.get("occurred_at"))
        truck = raw.get("truck")
        if truck is not None and (not isinstance(truck, str) or truck not in self.trucks):
            self.fail(f"{pointer}/truck", f"No truck {truck!r}.")
        stop_id = self.stop(pointer, kind, raw.get("stop", None))
        latitude, longitude = self.coordinates(pointer, kind, raw)
        reason = raw.get("reason")
        if reason is not None and (kind not in REASON_TYPES or not isinstance(reason, str)
                                   or len(reason) > 200):
            self.fail(f"{pointer}/reason", "A reason (at most 200 characters) is only given "
                                           "with route_day_cancelled or stop_skipped.")
        reason_code = raw.get("reason_code")
        if reason_code is not None and (kind != "stop_skipped" or reason_code not in REASON_CODES):
            self.fail(f"{pointer}/reason_code", "A reason_code is only given with stop_skipped, "
                                                "as one of " + ", ".join(REASON_CODES) + ".")
        if len(self.errors) > before:
            return None
        assert isinstance(event_id, str) and isinstance(kind, str) and occurred_at is not None
        return Event(pointer=pointer, id=event_id, kind=kind, occurred_at=occurred_at,
                     stop_id=stop_id, latitude=latitude, longitude=longitude, payload=dict(raw))

    def time(self, pointer: str, value: object) -> datetime | None:
        if not isinstance(value, str) or not RFC3339.fullmatch(value):
            self.fail(pointer, "Give an RFC 3339 time with an offset, "
                               "such as 2026-11-30T07:03:00+01:00.")
            return None
        try:
            moment = datetime.fromisoformat(value.upper())
        except ValueError:
            self.fail(pointer, "Not a real date and time.")
            return None
        day = moment.astimezone(STOCKHOLM).date()
        if abs((day - self.service_date).days) > DAYS_AROUND:
            self.fail(pointer, f"More than {DAYS_AROUND} day from the service date "
                               f"{self.service_date.isoformat()}.")
        elif moment > self.latest:
            self.fail(pointer, "In the future: check the clock of the sending system.")
        return moment.astimezone(UTC)

    def stop(self, pointer: str, kind: object, value: object) -> int | None:
        """The id of the stop the event names, if it is one of the route's."""
        pointer = f"{pointer}/stop"
        if kind not in STOP_TYPES:
            if value is not None and kind in EVENT_TYPES:
                self.fail(pointer, "Only stop_completed and stop_skipped name a stop.")
            return None
        if not isinstance(value, dict) or len(value) != 1 or not (
                "position" in value or "address_id" in value):
            self.fail(pointer, 'Name the stop: {"position": 12} or {"address_id": "…"}.')
            return None
        if "position" in value:
            position = value["position"]
            stop_id = self.by_position.get(position) if _is_position(position) else None
            if stop_id is None:
                self.fail(f"{pointer}/position", f"Route {self.route.code} has no stop "
                                                 f"at position {position!r}.")
            return stop_id
        stops = self.by_address.get(value["address_id"], []) \
            if isinstance(value["address_id"], str) else []
        if len(stops) != 1:
            self.fail(f"{pointer}/address_id",
                      f"Route {self.route.code} has no stop at address {value['address_id']!r}."
                      if not stops else "The address is on the route twice; give the position.")
            return None
        return stops[0]

    def coordinates(self, pointer: str, kind: object,
                    raw: dict[str, Any]) -> tuple[float | None, float | None]:
        latitude, longitude = raw.get("latitude"), raw.get("longitude")
        if latitude is None and longitude is None:
            if kind == "position":
                self.fail(pointer, "A position event needs latitude and longitude.")
            return None, None
        good = True
        for name, value, (low, high) in (("latitude", latitude, LATITUDES),
                                         ("longitude", longitude, LONGITUDES)):
            if not _is_number(value) or not low <= value <= high:
                self.fail(f"{pointer}/{name}", f"Give the {name} in decimal degrees "
                                               f"within Sweden ({low}-{high}).")
                good = False
        return (float(latitude), float(longitude)) if good else (None, None)  # type: ignore[arg-type]


def _named(raws: Iterable[object]) -> tuple[set[int], set[str], set[str]]:
    """The stop positions, address ids and truck codes the events name, as far as typed."""
    positions: set[int] = set()
    address_ids: set[str] = set()
    trucks: set[str] = set()
    for raw in raws:
        if not isinstance(raw, dict):
            continue
        stop, truck = raw.get("stop"), raw.get("truck")
        if isinstance(stop, dict):
            position, address_id = stop.get("position"), stop.get("address_id")
            if _is_position(position):
                positions.add(position)
            if isinstance(address_id, str):
                address_ids.add(address_id)
        if isinstance(truck, str):
            trucks.add(truck)
    return positions, address_ids, trucks


def validate(body: object, route: Route, service_date: date, *, now: datetime,
             max_future: timedelta) -> list[Event]:
    """Every event of a request body, checked; ``Invalid`` (422) lists all problems."""
    items: list[tuple[str, object]] = []
    problems: list[tuple[str, str]] = []
    if isinstance(body, dict) and "events" in body:
        problems = [(f"/{_escape(key)}", f"Unknown member {key!r}.")
                    for key in body if key != "events"]
        events = body["events"]
        if not isinstance(events, list) or not 1 <= len(events) <= MAX_EVENTS:
            problems.append(("/events", f"Give an array of 1-{MAX_EVENTS} events."))
        else:
            items = [(f"/events/{i}", raw) for i, raw in enumerate(events)]
    elif isinstance(body, dict):
        items = [("", body)]
    else:
        problems.append(("", 'Send one event object, or {"events": [...]}.'))
    checker = _Checker(route, service_date, now, max_future, items)
    for pointer, detail in problems:
        checker.fail(pointer, detail)
    parsed = [checker.event(pointer, raw) for pointer, raw in items]
    if checker.errors:
        raise Invalid(422, "Invalid events", "Nothing was recorded: correct the events "
                      "listed in errors and send the request again.", checker.errors)
    return [event for event in parsed if event is not None]


def _insert(model: type[db.Model], keys: list[str], rows: list[dict[str, Any]],
            returning: Any = None) -> list[Any]:
    """INSERT … ON CONFLICT (keys) DO NOTHING [RETURNING]: the values of the rows written.

    The database settles conflicts, so two transactions racing with the same key
    cannot both write, and neither fails.
    """
    # The rows as parameters, not in the statement: its compiled form is then cached.
    statement = upsert_insert(model).on_conflict_do_nothing(index_elements=keys)
    if returning is None:
        db.session.execute(statement, rows)
        return []
    return list(db.session.scalars(statement.returning(returning), rows))


def route_day_for(route: Route, service_date: date) -> RouteDay:
    """The route day, created if need be and locked until commit.

    Creating it with ON CONFLICT survives two first events racing; the row lock
    makes concurrent requests for one route day merge their state and decide
    their alerts one after another.  SQLite ignores FOR UPDATE, so there a write
    that changes nothing takes the database's write lock before the read:
    otherwise two requests could both read the old state and one's would be lost.
    """
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.execute(update(RouteDay).where(false()).values(status=RouteDay.status)
                           .execution_options(synchronize_session=False))
    lock = (select(RouteDay).where(RouteDay.route_id == route.id,
                                   RouteDay.service_date == service_date)
            .with_for_update().execution_options(populate_existing=True))
    route_day = db.session.scalars(lock).first()  # nearly always there after the first event
    if route_day is None:
        _insert(RouteDay, ["route_id", "service_date"], [{
            "route_id": route.id, "service_date": service_date, "status": "planned",
            "delay_minutes": 0, "alerted_through": {}}])
        route_day = db.session.scalars(lock).one()
    return route_day


def _apply(route_day: RouteDay, visits: dict[int, StopVisit], event: Event) -> None:
    at = event.occurred_at
    status = STATUS_OF.get(event.kind)
    if status is not None and STATUS_RANK[status] > STATUS_RANK[route_day.status]:
        route_day.status = status
    if event.kind == "route_day_started" and (route_day.started_at is None
                                              or at < route_day.started_at):
        route_day.started_at = at
    if event.kind == "route_day_finished" and (route_day.finished_at is None
                                               or at > route_day.finished_at):
        route_day.finished_at = at
    if event.latitude is not None and (route_day.position_at is None
                                       or at > route_day.position_at):
        route_day.latitude, route_day.longitude = event.latitude, event.longitude
        route_day.position_at = at
    if event.stop_id is not None:
        outcome = "completed" if event.kind == "stop_completed" else "skipped"
        visit = visits.get(event.stop_id)
        if visit is None:
            visit = StopVisit(route_day_id=route_day.id, stop_id=event.stop_id,
                              status=outcome, occurred_at=at)
            db.session.add(visit)
            visits[event.stop_id] = visit
        elif ((outcome, visit.status) == ("completed", "skipped")
              or (outcome == visit.status and at < visit.occurred_at)):
            # A completion beats a skip (the driver came back); otherwise the first time.
            visit.status, visit.occurred_at = outcome, at


def record(api_key_id: int, route: Route, service_date: date, events: list[Event],
           now: datetime) -> Outcome:
    """Record validated events, merge the route-day state and queue the alerts due."""
    # The plan does not change with the day's events: read it before the day is locked,
    # so that concurrent requests wait for each other as briefly as possible.
    plan = route_plan(route.id, service_date)
    route_day = route_day_for(route, service_date)
    # Only the visits to the stops these events name: not the day's hundreds.
    named = {event.stop_id for event in events if event.stop_id is not None}
    visits = {visit.stop_id: visit for visit in db.session.scalars(
        select(StopVisit).where(StopVisit.route_day_id == route_day.id,
                                StopVisit.stop_id.in_(named)))} if named else {}
    # One statement for the whole batch; RETURNING names the events not seen before.
    written = set(_insert(RouteEvent, ["api_key_id", "event_id"], [{
        "api_key_id": api_key_id, "event_id": event.id, "route_day_id": route_day.id,
        "kind": event.kind, "occurred_at": event.occurred_at, "received_at": now,
        "payload": event.payload} for event in events], returning=RouteEvent.event_id))
    results: list[tuple[str, str]] = []
    for event in events:
        new = event.id in written
        written.discard(event.id)  # a second copy in the same batch is a duplicate
        results.append((event.id, "accepted" if new else "duplicate"))
        if new:
            _apply(route_day, visits, event)
    db.session.flush()
    _record_outcomes(route, service_date, events, visits)
    return Outcome(route_day, results, process_route_day(route_day, now, plan))


def _record_outcomes(route: Route, service_date: date, events: list[Event],
                     visits: dict[int, StopVisit]) -> None:
    """The stops' merged outcomes, per container, into the waste register.

    From the visit as merged (a completion beats a skip), so the register agrees
    with the route day; a skip counts only with a reason code of the register's.
    """
    codes = {event.stop_id: event.payload["reason_code"] for event in
             sorted(events, key=lambda e: e.occurred_at)
             if event.kind == "stop_skipped" and "reason_code" in event.payload}
    stops = {event.stop_id for event in events if event.stop_id is not None}
    touched = []
    for stop_id in sorted(stops):
        visit = visits.get(stop_id)
        if visit is not None and visit.status == "completed":
            touched.append((stop_id, "emptied", ""))
        elif visit is not None and stop_id in codes:
            touched.append((stop_id, "skipped", codes[stop_id]))
    outcomes.record(route.code, service_date, touched)
