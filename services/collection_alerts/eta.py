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

This runs on every API event, so it reads the stops as plain rows, today's visits
likewise (or from the session when the request has loaded them already),
keeps the medians of the bounded history (the last ``HISTORY_DAYS`` route days)
per route and date, and does the rest in memory: a few milliseconds for a route
of 900 stops.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from typing import Any, NamedTuple

from flask import current_app
from sqlalchemy import func, select

from eservices.clock import STOCKHOLM
from eservices.db import db

from .models import RouteDay, RouteStop, StopVisit

HISTORY_DAYS = 8  # earlier route days of the same route that inform a leg's minutes
PACE_LIMITS = (0.25, 4.0)  # a pace outside this says more about bad data than the truck
LEG_LIMIT_MINUTES = 240  # a historical leg longer than this was a lunch break, not a leg
# Per-app caches in app.extensions: route -> stops; (route, date) -> history medians.
STOPS_CACHE, HISTORY_CACHE = "collection_alerts.stops", "collection_alerts.leg_history"
CACHE_ENTRIES = 1000  # entries kept before a cache starts over


class Stop(NamedTuple):
    id: int
    position: int
    offset: int  # planned minutes after the route's start time


@dataclass
class Progress:
    """What the estimate saw and concluded; ``alerts`` reuses it instead of re-reading."""

    stops: list[Stop]
    visits: dict[int, tuple[str, datetime]]  # stop id -> (status, occurred_at)
    etas: dict[int, datetime] = field(default_factory=dict)
    reached: int = 0  # highest position completed so far (0 before the first stop)
    pace: float = 1.0


def planned_start(route_day: RouteDay) -> datetime:
    """The route's start time on the service date, Swedish time, as aware UTC."""
    return datetime.combine(route_day.service_date, route_day.route.start_time,
                            tzinfo=STOCKHOLM).astimezone(UTC)


def _cache(name: str) -> dict[Any, tuple[Any, Any]]:
    """A per-app cache of (signature, value) entries, started over when it grows large."""
    cache: dict[Any, tuple[Any, Any]] = current_app.extensions.setdefault(name, {})
    if len(cache) >= CACHE_ENTRIES:
        cache.clear()
    return cache


def load_stops(route_id: int) -> list[Stop]:
    """The route's stops in driving order.

    Kept per app and route: a one-row checksum (count, highest id, and sums of id
    times position and id times offset, which any re-planning changes) is much
    cheaper than reading 900 rows on every event.
    """
    signature = tuple(db.session.execute(
        select(func.count(), func.max(RouteStop.id),
               func.sum(RouteStop.id * RouteStop.position),
               func.sum(RouteStop.id * RouteStop.planned_offset_minutes))
        .where(RouteStop.route_id == route_id)).one())
    cache = _cache(STOPS_CACHE)
    cached = cache.get(route_id)
    if cached is not None and cached[0] == signature:
        return cached[1]  # type: ignore[no-any-return]
    rows = db.session.execute(
        select(RouteStop.id, RouteStop.position, RouteStop.planned_offset_minutes)
        .where(RouteStop.route_id == route_id).order_by(RouteStop.position))
    stops = [Stop(id, position, offset or 0) for id, position, offset in rows]
    cache[route_id] = (signature, stops)
    return stops


def load_visits(route_day: RouteDay) -> dict[int, tuple[str, datetime]]:
    """Today's visits: from the session when the request has them loaded."""
    loaded = route_day.__dict__.get("visits")  # the API's recording loads them
    if loaded is not None:
        return {v.stop_id: (v.status, v.occurred_at) for v in loaded}
    rows = db.session.execute(
        select(StopVisit.stop_id, StopVisit.status, StopVisit.occurred_at)
        .where(StopVisit.route_day_id == route_day.id))
    return {stop_id: (status, at) for stop_id, status, at in rows}


def expected_legs(route_id: int, before: date, stops: list[Stop]) -> list[float]:
    """Minutes expected from stop i-1 to stop i (0 for the first), at a pace of 1.

    The median of the same leg on the last route days before ``before`` where
    there is one, else the plan's minutes; never negative.  Earlier days hardly
    change while a day is driven, yet reading them costs more than everything else
    an event does, so the legs are kept per app, route and date, and worked out
    again only when a cheap count of those days' visits (or the stops) changes.
    """
    days = (select(RouteDay.id).where(RouteDay.route_id == route_id,
                                      RouteDay.service_date < before,
                                      RouteDay.status != "cancelled")
            .order_by(RouteDay.service_date.desc()).limit(HISTORY_DAYS).scalar_subquery())
    signature = (tuple(tuple(row) for row in db.session.execute(
        select(StopVisit.route_day_id, func.count(), func.max(StopVisit.id))
        .where(StopVisit.route_day_id.in_(days))
        .group_by(StopVisit.route_day_id).order_by(StopVisit.route_day_id))),
        hash(tuple(stop.id for stop in stops)))
    cache = _cache(HISTORY_CACHE)
    cached = cache.get((route_id, before))
    if cached is not None and cached[0] == signature:
        return cached[1]  # type: ignore[no-any-return]
    rows = db.session.execute(
        select(StopVisit.route_day_id, StopVisit.stop_id, StopVisit.occurred_at)
        .where(StopVisit.route_day_id.in_(days), StopVisit.status == "completed"))
    by_day: dict[int, dict[int, datetime]] = {}
    for route_day_id, stop_id, at in rows:
        by_day.setdefault(route_day_id, {})[stop_id] = at
    legs: dict[tuple[int, int], list[float]] = {}
    for times in by_day.values():
        for a, b in pairwise(stops):
            if a.id in times and b.id in times:
                minutes = (times[b.id] - times[a.id]).total_seconds() / 60
                if 0 <= minutes <= LEG_LIMIT_MINUTES:
                    legs.setdefault((a.id, b.id), []).append(minutes)
    expected = [0.0] + [
        max(statistics.median(legs[(a.id, b.id)]) if (a.id, b.id) in legs
            else b.offset - a.offset, 0) for a, b in pairwise(stops)]
    cache[(route_id, before)] = (signature, expected)
    return expected


def progress(route_day: RouteDay, now: datetime) -> Progress:
    """Estimates for every stop still ahead of the truck, with what they were based on.

    Stops behind the furthest completed one that were never reported are left out:
    the truck has passed them, and an estimate would only invite a false alert.
    Finished and cancelled route days have nothing ahead.
    """
    stops = load_stops(route_day.route_id)
    result = Progress(stops=stops, visits={})
    if route_day.status in ("finished", "cancelled") or not stops:
        return result
    start = planned_start(route_day)
    if route_day.status != "started":
        at, previous = start + timedelta(minutes=route_day.delay_minutes or 0), 0
        for stop in stops:
            at = max(at + timedelta(minutes=stop.offset - previous), now)
            previous = stop.offset
            result.etas[stop.id] = at
        return result

    visits = result.visits = load_visits(route_day)
    legs = expected_legs(route_day.route_id, route_day.service_date, stops)
    completed = [(i, visits[s.id][1]) for i, s in enumerate(stops)
                 if visits.get(s.id, ("",))[0] == "completed"]
    if completed:
        first_index, first_at = completed[0]
        last_index = completed[-1][0]
        anchor_at = max(at for _, at in completed)
        span = sum(legs[first_index + 1:last_index + 1])
        if span >= 1:
            actual = (anchor_at - first_at).total_seconds() / 60
            result.pace = min(max(actual / span, PACE_LIMITS[0]), PACE_LIMITS[1])
        result.reached = stops[last_index].position
        base, begin = anchor_at, last_index + 1
    else:
        # From the depot to the first stop: the plan's offset, as nothing else is known.
        base, begin = (route_day.started_at or start) + timedelta(minutes=stops[0].offset), 0
    # Seconds after ``base``, in floats: 900 stops of datetime arithmetic cost milliseconds.
    seconds, floor, step = 0.0, (now - base).total_seconds(), 60 * result.pace
    for i in range(begin, len(stops)):
        if i > 0:
            seconds += legs[i] * step
        seconds = max(seconds, floor)
        stop_id = stops[i].id
        if stop_id not in visits:
            result.etas[stop_id] = base + timedelta(seconds=seconds)
    return result


def estimate(route_day: RouteDay, now: datetime) -> dict[int, datetime]:
    """Stop id -> estimated arrival (aware UTC) for the stops not yet completed or skipped."""
    return progress(route_day, now).etas
