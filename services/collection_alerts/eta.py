"""When will the truck be here? Arrival estimates for the stops of a route day.

Before a route day starts, the plan is all we know: the route's start time on the
service date (Swedish time), each stop's planned offset, plus any delay staff have
announced.  Once the truck reports, the estimate runs forward from the last stop
it completed, at the pace it has kept today: minutes actually driven per minute
expected over the completed stops.  Where earlier route days drove the same two
consecutive stops, the median of those minutes is the expectation for that leg
(it knows about the hill and the school crossing the plan ignores), scaled by
today's pace; elsewhere the planned minutes are.

An estimate is never earlier than now: a truck that has not reached a stop yet
will not reach it in the past, and the stops after it wait for it too.

This runs on every API event, so it must cost a few milliseconds for a route of
900 stops: today's visits are read as plain rows (or taken from the session when
the request has loaded them), and the stops and the history's expected legs are
kept per app.  The stops are checked on every call against a one-row checksum, so
a re-planned route is picked up at once; the history at most once a minute, as a
late event of an earlier day only moves a median a little.  The stops are kept as
three tuples of ints rather than 900 objects: the garbage collector skips them.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, NamedTuple

from flask import current_app
from sqlalchemy import bindparam, func, select

from eservices.toolkit import STOCKHOLM, db

from .models import RouteDay, RouteStop, StopVisit

HISTORY_DAYS = 8  # earlier route days of the same route that inform a leg's minutes
PACE_LIMITS = (0.25, 4.0)  # a pace outside this says more about bad data than the truck
LEG_LIMIT_MINUTES = 240  # a historical leg longer than this was a lunch break, not a leg
# Per-app caches in app.extensions: route -> stops; (route, date) -> expected legs.
STOPS_CACHE, HISTORY_CACHE = "collection_alerts.stops", "collection_alerts.leg_history"
CACHE_ENTRIES = 1000  # entries kept before a cache starts over
# Earlier days' legs are checked for late events at most this often per process: they
# move a median a little, and checking costs as much as the rest of an event's estimate.
HISTORY_RECHECK_SECONDS = 60


@dataclass(frozen=True)
class Stops:
    """A route's stops in driving order, column by column."""

    ids: tuple[int, ...]
    positions: tuple[int, ...]
    offsets: tuple[int, ...]  # planned minutes after the route's start time

    def __len__(self) -> int:
        return len(self.ids)


@dataclass
class Progress:
    """What the estimate saw and concluded; ``alerts`` reuses it instead of re-reading."""

    stops: Stops
    visits: dict[int, tuple[str, datetime]]  # stop id -> (status, occurred_at)
    etas: dict[int, datetime] = field(default_factory=dict)
    reached: int = 0  # highest position completed so far (0 before the first stop)
    pace: float = 1.0


def planned_start(route_day: RouteDay) -> datetime:
    """The route's start time on the service date, Swedish time, as aware UTC."""
    return datetime.combine(route_day.service_date, route_day.route.start_time,
                            tzinfo=STOCKHOLM).astimezone(UTC)


# The statements of every event, built once: building one costs more than running it.
STOPS_SIGNATURE = (select(func.count(), func.max(RouteStop.id),
                          func.sum(RouteStop.id * RouteStop.position),
                          func.sum(RouteStop.id * RouteStop.planned_offset_minutes))
                   .where(RouteStop.route_id == bindparam("route_id")))
STOPS = (select(RouteStop.id, RouteStop.position, RouteStop.planned_offset_minutes)
         .where(RouteStop.route_id == bindparam("route_id")).order_by(RouteStop.position))
VISITS = (select(StopVisit.stop_id, StopVisit.status, StopVisit.occurred_at)
          .where(StopVisit.route_day_id == bindparam("route_day_id")))
_HISTORY_DAYS = (select(RouteDay.id).where(RouteDay.route_id == bindparam("route_id"),
                                           RouteDay.service_date < bindparam("before"),
                                           RouteDay.status != "cancelled")
                 .order_by(RouteDay.service_date.desc()).limit(HISTORY_DAYS).scalar_subquery())
HISTORY_SIGNATURE = (select(StopVisit.route_day_id, func.count(), func.max(StopVisit.id))
                     .where(StopVisit.route_day_id.in_(_HISTORY_DAYS))
                     .group_by(StopVisit.route_day_id).order_by(StopVisit.route_day_id))
HISTORY = (select(StopVisit.route_day_id, StopVisit.stop_id, StopVisit.occurred_at)
           .where(StopVisit.route_day_id.in_(_HISTORY_DAYS), StopVisit.status == "completed"))


def _run(statement: Any, **params: Any) -> Any:
    """A read on the session's connection (and transaction), without the ORM's work."""
    return db.session.connection().execute(statement, params)


def _cache(name: str) -> dict[Any, tuple[Any, Any]]:
    """A per-app cache of (signature, value) entries, started over when it grows large."""
    cache: dict[Any, tuple[Any, Any]] = current_app.extensions.setdefault(name, {})
    if len(cache) >= CACHE_ENTRIES:
        cache.clear()
    return cache


def load_stops(route_id: int) -> Stops:
    """The route's stops; re-read only when the checksum says the plan changed.

    The checksum - count, highest id, and sums of id × position and id × offset -
    changes with any stop added, removed, moved or re-timed.
    """
    signature = tuple(_run(STOPS_SIGNATURE, route_id=route_id).one())
    cache = _cache(STOPS_CACHE)
    cached = cache.get(route_id)
    if cached is not None and cached[0] == signature:
        return cached[1]  # type: ignore[no-any-return]
    rows = _run(STOPS, route_id=route_id).all()
    stops = Stops(tuple(r[0] for r in rows), tuple(r[1] for r in rows),
                  tuple(r[2] or 0 for r in rows))
    cache[route_id] = (signature, stops)
    return stops


def load_visits(route_day: RouteDay) -> dict[int, tuple[str, datetime]]:
    """Today's visits: from the session when the request has them loaded."""
    loaded = route_day.__dict__.get("visits")  # the API's recording loads them
    if loaded is not None:
        return {v.stop_id: (v.status, v.occurred_at) for v in loaded}
    rows = _run(VISITS, route_day_id=route_day.id)
    return {stop_id: (status, at) for stop_id, status, at in rows}


class _HistoryChecked(NamedTuple):
    """What the cached legs were worked out from, and when that was last checked."""

    visits: tuple[tuple[int, int, int], ...]  # per earlier day: id, visits, highest visit id
    stops: Stops
    checked_at: float  # time.monotonic()

    def same_as(self, other: _HistoryChecked) -> bool:
        return (self.visits, self.stops) == (other.visits, other.stops)


def expected_legs(route_id: int, before: date, stops: Stops) -> tuple[float, ...]:
    """Minutes expected from stop i-1 to stop i (0 for the first), at a pace of 1.

    The median of the same leg on the last route days before ``before`` where
    there is one, else the plan's minutes; never negative.  Earlier days hardly
    change while a day is driven, yet reading them costs more than everything else
    an event does, so the legs are kept per app, route and date, and worked out
    again only when a cheap count of those days' visits (or the stops) changes -
    a count taken at most every ``HISTORY_RECHECK_SECONDS``.
    """
    cache = _cache(HISTORY_CACHE)
    cached = cache.get((route_id, before))
    if (cached is not None and cached[0].stops == stops
            and time.monotonic() < cached[0].checked_at + HISTORY_RECHECK_SECONDS):
        return cached[1]  # type: ignore[no-any-return]
    signature = _HistoryChecked(
        tuple(tuple(row) for row in _run(HISTORY_SIGNATURE, route_id=route_id,
                                         before=before)), stops, time.monotonic())
    if cached is not None and cached[0].same_as(signature):
        cache[(route_id, before)] = (signature, cached[1])  # checked again: good for longer
        return cached[1]  # type: ignore[no-any-return]
    rows = _run(HISTORY, route_id=route_id, before=before)
    by_day: dict[int, dict[int, datetime]] = {}
    for route_day_id, stop_id, at in rows:
        by_day.setdefault(route_day_id, {})[stop_id] = at
    ids, offsets = stops.ids, stops.offsets
    expected = [0.0]
    for i in range(1, len(ids)):
        a, b = ids[i - 1], ids[i]
        minutes = [(times[b] - times[a]).total_seconds() / 60 for times in by_day.values()
                   if a in times and b in times]
        minutes = [m for m in minutes if 0 <= m <= LEG_LIMIT_MINUTES]
        expected.append(max(statistics.median(minutes) if minutes
                            else offsets[i] - offsets[i - 1], 0))
    cache[(route_id, before)] = (signature, tuple(expected))
    return tuple(expected)


@dataclass(frozen=True)
class Plan:
    """What a route day's estimates start from besides the day itself: stops and legs."""

    stops: Stops
    legs: tuple[float, ...]


def route_plan(route_id: int, service_date: date) -> Plan:
    """The route's stops and expected legs; the API reads them before it locks the day."""
    stops = load_stops(route_id)
    return Plan(stops, expected_legs(route_id, service_date, stops))


def progress(route_day: RouteDay, now: datetime, plan: Plan | None = None) -> Progress:
    """Estimates for every stop still ahead of the truck, with what they were based on.

    Stops behind the furthest completed one that were never reported are left out:
    the truck has passed them, and an estimate would only invite a false alert.
    Finished and cancelled route days have nothing ahead.
    """
    stops = plan.stops if plan else load_stops(route_day.route_id)
    result = Progress(stops=stops, visits={})
    if route_day.status in ("finished", "cancelled") or not stops:
        return result
    start = planned_start(route_day)
    ids, offsets = stops.ids, stops.offsets
    if route_day.status != "started":
        at, previous = start + timedelta(minutes=route_day.delay_minutes or 0), 0
        for stop_id, offset in zip(ids, offsets, strict=True):
            at = max(at + timedelta(minutes=max(offset - previous, 0)), now)
            previous = offset
            result.etas[stop_id] = at
        return result

    visits = result.visits = load_visits(route_day)
    legs = plan.legs if plan else expected_legs(route_day.route_id, route_day.service_date,
                                                stops)
    completed = [(i, visits[stop_id][1]) for i, stop_id in enumerate(ids)
                 if visits.get(stop_id, ("",))[0] == "completed"]
    if completed:
        first_index, first_at = completed[0]
        last_index = completed[-1][0]
        anchor_at = max(at for _, at in completed)
        span = sum(legs[first_index + 1:last_index + 1])
        if span >= 1:
            actual = (anchor_at - first_at).total_seconds() / 60
            result.pace = min(max(actual / span, PACE_LIMITS[0]), PACE_LIMITS[1])
        result.reached = stops.positions[last_index]
        base, begin = anchor_at, last_index + 1
    else:
        # From the depot to the first stop: the plan's offset, as nothing else is known.
        base, begin = (route_day.started_at or start) + timedelta(minutes=offsets[0]), 0
    # Seconds after ``base``, in floats: 900 stops of datetime arithmetic cost milliseconds.
    seconds, floor, step = 0.0, (now - base).total_seconds(), 60 * result.pace
    for i in range(begin, len(ids)):
        if i > 0:
            seconds += legs[i] * step
        seconds = max(seconds, floor)
        if ids[i] not in visits:
            result.etas[ids[i]] = base + timedelta(seconds=seconds)
    return result


def estimate(route_day: RouteDay, now: datetime) -> dict[int, datetime]:
    """Stop id -> estimated arrival (aware UTC) for the stops not yet completed or skipped."""
    return progress(route_day, now).etas
