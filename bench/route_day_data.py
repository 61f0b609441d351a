"""The benchmark's municipality: 40 Monday routes, 35,000 subscribed households, history.

Everything is written with bulk inserts (one ``executemany`` per table and chunk),
and every random choice comes from one seeded generator, so every run - SQLite or
PostgreSQL - drives the same day.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import insert, text

from eservices.clock import STOCKHOLM
from eservices.db import db
from services.collection_alerts.addressing import search_text
from services.collection_alerts.keys import create_api_key
from services.collection_alerts.models import (
    Address,
    AlertSubscription,
    Route,
    RouteDay,
    RouteStop,
    StopVisit,
    Subscriber,
    Truck,
)

MONDAY = date(2026, 11, 30)
FRACTIONS = (["restavfall", "matavfall"], ["restavfall"], ["fyrfack_1"], ["fyrfack_2"])
LEADS = (15, 30, 60)
STREETS = ("Storgatan", "Kyrkvägen", "Skolgatan", "Björkvägen", "Industrigatan",
           "Sjövägen", "Långgatan", "Norra vägen", "Åsvägen", "Älvgatan")
CHUNK = 2000


@dataclass
class Network:
    routes: list[tuple[int, str]]  # (id, code)
    key: str  # the route-management system's API key
    stops: int  # per route
    households: int


def _bulk(model: type[db.Model], rows: list[dict[str, Any]]) -> None:
    for first in range(0, len(rows), CHUNK):
        db.session.execute(insert(model), rows[first:first + CHUNK])


def _advance_sequences(models: tuple[type[db.Model], ...]) -> None:
    """PostgreSQL: explicit ids do not move the id sequences; move them past the rows."""
    if db.session.get_bind().dialect.name != "postgresql":
        return
    for model in models:
        table = model.__tablename__  # our own table names, not input
        sql = f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"  # noqa: E501, S608
        db.session.execute(text(sql))


def offsets(stops: int, minutes: float) -> list[int]:
    """Planned minutes after the start for each stop: spread evenly over the day."""
    return [round(i * minutes / stops) for i in range(stops)]


def build(routes: int, stops: int, history_days: int, seed: int = 1) -> Network:
    """Routes, stops, addresses, subscribers and earlier route days; committed."""
    rng = random.Random(seed)  # noqa: S311 - a reproducible day, not a secret
    now = datetime(2026, 11, 1, tzinfo=UTC)
    trucks = [{"id": r + 1, "code": f"T{r + 1:02d}", "name": f"Bil {r + 1}"}
              for r in range(routes)]
    _bulk(Truck, trucks)
    route_rows = [{"id": r + 1, "code": f"R{r + 1:02d}", "name": f"Måndag {r + 1}",
                   "weekday": 0, "week_cycle": 1, "week_offset": 0,
                   "start_time": time(7, 0), "truck_id": r + 1} for r in range(routes)]
    _bulk(Route, route_rows)
    addresses, route_stops, subscribers, subscriptions = [], [], [], []
    plan = offsets(stops, 7 * 60)
    for r in range(routes):
        street = STREETS[r % len(STREETS)]
        for i in range(stops):
            n = r * stops + i + 1
            number = str(i + 1 + (r // len(STREETS)) * stops)
            postal = f"93{r % 100:02d}{i % 10}"
            addresses.append({"id": n, "external_id": f"A{n:06d}", "street": street,
                              "number": number, "postal_code": postal, "city": "Exempelby",
                              "latitude": 64.7 + n * 1e-5, "longitude": 20.9 + n * 1e-5,
                              "search_text": search_text(street, number, postal, "Exempelby")})
            route_stops.append({"id": n, "route_id": r + 1, "position": i + 1,
                                "address_id": n, "fractions": FRACTIONS[n % len(FRACTIONS)],
                                "planned_offset_minutes": plan[i]})
            subscribers.append({"id": n, "phone": f"+4670{n:07d}", "language":
                                "en" if n % 10 == 0 else "sv", "verified_at": now})
            subscriptions.append({"id": n, "subscriber_id": n, "address_id": n,
                                  "evening_reminder": True, "reminder_time": time(18, 0),
                                  "approach_minutes": LEADS[rng.randrange(3)],
                                  "active": True, "created_at": now})
    for model, rows in ((Address, addresses), (RouteStop, route_stops),
                        (Subscriber, subscribers), (AlertSubscription, subscriptions)):
        _bulk(model, rows)
    _history(rng, routes, stops, plan, history_days)
    _advance_sequences((Truck, Route, Address, RouteStop, Subscriber, AlertSubscription,
                        RouteDay))
    _row, key = create_api_key("Ruttsystemet", "bench")
    db.session.commit()
    return Network([(r["id"], r["code"]) for r in route_rows], key, stops, routes * stops)


def stop_times(rng: random.Random, start: datetime, plan: list[int]) -> list[datetime]:
    """When a truck at its own pace (0.9-1.25 of the plan, noisy legs) reaches each stop."""
    pace = rng.uniform(0.9, 1.25)
    times, at = [], start
    for i, offset in enumerate(plan):
        if i:
            leg = max(plan[i] - plan[i - 1], 0.2) * pace * rng.lognormvariate(0, 0.25)
            at += timedelta(minutes=leg)
        else:
            at += timedelta(minutes=offset + rng.uniform(2, 6))
        times.append(at)
    return times


def _history(rng: random.Random, routes: int, stops: int, plan: list[int], days: int) -> None:
    route_days, visits = [], []
    for week in range(1, days + 1):
        day = MONDAY - timedelta(weeks=week)
        start = datetime.combine(day, time(7, 0), tzinfo=STOCKHOLM).astimezone(UTC)
        for r in range(routes):
            route_day_id = week * 1000 + r + 1
            times = stop_times(rng, start, plan)
            route_days.append({"id": route_day_id, "route_id": r + 1, "service_date": day,
                               "status": "finished", "started_at": start,
                               "finished_at": times[-1], "delay_minutes": 0,
                               "alerted_through": {}})
            visits += [{"route_day_id": route_day_id, "stop_id": r * stops + i + 1,
                        "status": "completed", "occurred_at": at}
                       for i, at in enumerate(times)]
    _bulk(RouteDay, route_days)
    _bulk(StopVisit, visits)


def day_events(routes: list[tuple[int, str]], stops: int, seed: int = 2,
               ping_minutes: float = 2.0) -> list[tuple[datetime, str, dict[str, Any]]]:
    """(arrival, route code, event) for one Monday of every route, in arrival order.

    Trucks start 06:50-07:10, report each stop 2-10 s after it (1 % skipped, 1 %
    sent twice, 0.5 % held up 2-5 minutes and so out of order), a GPS ping every
    ``ping_minutes`` and "finished" ten minutes after the last stop.
    """
    rng = random.Random(seed)  # noqa: S311 - a reproducible day, not a secret
    plan = offsets(stops, 7 * 60)
    out: list[tuple[datetime, str, dict[str, Any]]] = []

    def add(arrival: datetime, code: str, event: dict[str, Any]) -> None:
        out.append((arrival, code, event))

    for _id, code in routes:
        start = (datetime.combine(MONDAY, time(6, 50), tzinfo=STOCKHOLM).astimezone(UTC)
                 + timedelta(minutes=rng.uniform(0, 20)))
        times = stop_times(rng, start, plan)
        add(start + timedelta(seconds=2), code, {"id": f"{code}-start",
                                                 "type": "route_day_started",
                                                 "occurred_at": start.isoformat()})
        for i, at in enumerate(times):
            kind = "stop_skipped" if rng.random() < 0.01 else "stop_completed"
            event = {"id": f"{code}-{i + 1}", "type": kind, "occurred_at": at.isoformat(),
                     "stop": {"position": i + 1}}
            delay = timedelta(seconds=rng.uniform(2, 10))
            if rng.random() < 0.005:
                delay = timedelta(minutes=rng.uniform(2, 5))
            add(at + delay, code, event)
            if rng.random() < 0.01:
                add(at + delay + timedelta(seconds=5), code, event)
        ping = start
        while ping < times[-1]:
            ping += timedelta(minutes=ping_minutes)
            add(ping + timedelta(seconds=1), code, {
                "id": f"{code}-p{ping:%H%M%S}", "type": "position",
                "occurred_at": ping.isoformat(), "latitude": 64.7 + rng.random() / 10,
                "longitude": 20.9 + rng.random() / 10})
        finish = times[-1] + timedelta(minutes=10)
        add(finish, code, {"id": f"{code}-finish", "type": "route_day_finished",
                           "occurred_at": finish.isoformat()})
    out.sort(key=lambda item: item[0])
    return out
