"""Arrival estimates: the plan before the start, today's pace after, history where known.

Route R1 starts 07:00 with 20 stops three planned minutes apart.  Route days are
driven through the real API, with the clock at each event's time.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import event, select

from eservices.clock import STOCKHOLM
from eservices.db import db
from services.collection_alerts import eta
from services.collection_alerts.eta import HISTORY_CACHE, STOPS_CACHE, estimate
from services.collection_alerts.models import Route, RouteDay

MONDAY = date(2026, 11, 30)


def at(hh: int, mm: int, day: date = MONDAY) -> datetime:
    return datetime(day.year, day.month, day.day, hh, mm, tzinfo=STOCKHOLM)


def post(app, clock, api_key, events, day: date = MONDAY, route: str = "R1") -> dict:
    """Post events one request each, the clock at each event's time."""
    client = app.test_client()
    body = {}
    for number, (kind, moment, position) in enumerate(events):
        clock.set(moment)
        raw = {"id": f"{day}-{kind}-{position}-{number}", "type": kind,
               "occurred_at": moment.isoformat()}
        if position:
            raw["stop"] = {"position": position}
        if kind == "position":
            raw.update(latitude=64.75, longitude=20.95)
        response = client.post(f"/api/v1/collection-alerts/route-days/{route}/{day}/events",
                               json=raw, headers={"Authorization": f"Bearer {api_key}"})
        assert response.status_code == 200, response.get_json()
        body = response.get_json()
    return body


def drive(day: date, minutes: list[float], start: tuple[int, int] = (7, 0)):
    """Events for a day that starts at ``start`` and reaches stop n+1 after minutes[n]."""
    begin = at(*start, day=day)
    events = [("route_day_started", begin, None)]
    events += [("stop_completed", begin + timedelta(minutes=m), i + 1)
               for i, m in enumerate(minutes)]
    return events


def etas(app, now: datetime, day: date = MONDAY) -> dict[int, datetime]:
    """Estimates by stop position, in Swedish time."""
    with app.app_context():
        route_day = db.session.scalars(select(RouteDay).join(Route).where(
            Route.code == "R1", RouteDay.service_date == day)).one()
        positions = {stop.id: stop.position for stop in route_day.route.stops}
        return {positions[stop_id]: moment.astimezone(STOCKHOLM)
                for stop_id, moment in estimate(route_day, now).items()}


def test_before_the_start_the_plan_and_the_announced_delay(app, network, clock, api_key):
    post(app, clock, api_key, [("position", at(6, 0), None)])  # the route day exists, planned
    planned = etas(app, at(6, 0))
    assert len(planned) == 20
    assert planned[1] == at(7, 0) and planned[2] == at(7, 3) and planned[20] == at(7, 57)
    with app.app_context():
        route_day = db.session.scalars(select(RouteDay)).one()
        route_day.delay_minutes = 25
        db.session.commit()
    assert etas(app, at(6, 0))[1] == at(7, 25)
    # Not started at 08:00 (25 minutes late per plan): nothing is estimated before now,
    # and the stops after the first still keep their planned spacing.
    late = etas(app, at(8, 0))
    assert (late[1], late[2], late[20]) == (at(8, 0), at(8, 3), at(8, 57))


def test_after_some_stops_the_day_s_pace_scales_the_rest(app, network, clock, api_key):
    # Six minutes per three planned: the truck is running at half speed today.
    post(app, clock, api_key, drive(MONDAY, [3, 9, 15, 21, 27], start=(7, 2)))
    estimates = etas(app, at(7, 29))
    assert set(estimates) == set(range(6, 21))
    assert estimates[6] == at(7, 35) and estimates[7] == at(7, 41)
    assert estimates[20] == at(7, 29) + timedelta(minutes=15 * 6)


def test_started_without_a_stop_counts_from_the_actual_start(app, network, clock, api_key):
    post(app, clock, api_key, drive(MONDAY, [], start=(7, 10)))
    estimates = etas(app, at(7, 10))
    assert estimates[1] == at(7, 10) and estimates[20] == at(8, 7)


def test_history_of_the_same_two_stops_is_used_scaled_by_today(app, network, clock, api_key):
    # On the three previous Mondays the leg from stop 5 to 6 took 10, 12 and 30 minutes
    # (a school crossing); every other leg took the planned three.
    for weeks, slow in ((3, 10), (2, 12), (1, 30)):
        day = MONDAY - timedelta(weeks=weeks)
        legs = [3 * i + (slow - 3 if i >= 5 else 0) for i in range(20)]
        post(app, clock, api_key, drive(day, legs), day=day)
    post(app, clock, api_key, drive(MONDAY, [0, 3, 6, 9, 12]))
    estimates = etas(app, at(7, 12))
    assert estimates[6] == at(7, 24)  # the median leg, 12 minutes, at today's pace (1.0)
    assert estimates[7] == at(7, 27)
    # Today twice as slow as those days on the legs driven so far: twice the median.
    clock.set(at(7, 0, MONDAY + timedelta(weeks=1)))
    post(app, clock, api_key, drive(MONDAY + timedelta(weeks=1), [0, 6, 12, 18, 24]),
         day=MONDAY + timedelta(weeks=1))
    later = etas(app, at(7, 24, MONDAY + timedelta(weeks=1)), day=MONDAY + timedelta(weeks=1))
    # The history is now four days with 5->6 legs of 10, 12, 30 and nothing (today is
    # unfinished), so the median is still 12 minutes: 24 at pace 2.
    assert later[6] == at(7, 48, MONDAY + timedelta(weeks=1))


def test_never_earlier_than_now(app, network, clock, api_key):
    post(app, clock, api_key, drive(MONDAY, [0, 3, 6, 9, 12]))
    estimates = etas(app, at(8, 0))  # the truck has said nothing since 07:12
    assert estimates[6] == at(8, 0) and estimates[7] == at(8, 3)
    assert min(estimates.values()) >= at(8, 0)


def test_skipped_and_passed_stops_have_no_estimate_and_done_days_none(app, network, clock,
                                                                      api_key):
    post(app, clock, api_key, [*drive(MONDAY, [0, 3]), ("stop_skipped", at(7, 5), 3),
                               ("stop_completed", at(7, 9), 5)])
    estimates = etas(app, at(7, 9))
    assert 3 not in estimates and 4 not in estimates  # skipped; passed without a word
    assert min(estimates) == 6
    post(app, clock, api_key, [("route_day_finished", at(8, 30), None)])
    assert etas(app, at(8, 30)) == {}


@pytest.fixture
def long_route(app, network):
    """R1 stretched to 900 stops (planned a minute apart) for the query-count check."""
    from services.collection_alerts.models import Address, RouteStop

    with app.app_context():
        addresses = [Address(external_id=f"L-{i}", street="Långvägen", number=str(i),
                             postal_code="93131", city="Exempelby", latitude=64.7,
                             longitude=20.9, search_text=f"långvägen {i}")
                     for i in range(900)]
        db.session.add_all(addresses)
        db.session.flush()
        db.session.add_all([RouteStop(route_id=network.r1, position=100 + i,
                                      address_id=a.id, fractions=["restavfall"],
                                      planned_offset_minutes=60 + i)
                            for i, a in enumerate(addresses)])
        db.session.commit()


def test_few_queries_and_the_history_read_once(app, long_route, clock, api_key, monkeypatch):
    week_before = MONDAY - timedelta(weeks=1)
    post(app, clock, api_key, drive(week_before, [3 * i for i in range(20)]), day=week_before)
    post(app, clock, api_key, drive(MONDAY, [0, 3, 6]))
    with app.app_context():
        route_day = db.session.scalars(select(RouteDay).where(
            RouteDay.service_date == MONDAY)).one()
        route_day.route  # noqa: B018 - loaded by the caller in the API request too
        statements: list[str] = []
        listener = lambda *args: statements.append(args[2])  # noqa: E731

        def count() -> tuple[int, int]:
            statements.clear()
            event.listen(db.engine, "before_cursor_execute", listener)
            try:
                result = estimate(route_day, at(7, 6))
            finally:
                event.remove(db.engine, "before_cursor_execute", listener)
            return len(result), len(statements)

        # The API requests have cached the stops and the history: a checksum of the
        # stops, and the visits; the history was checked within the last minute.  With
        # the visits loaded in the session (as the API has them) only the checksum.
        assert count() == (917, 2)
        route_day.visits  # noqa: B018
        assert count() == (917, 1)
        monkeypatch.setattr(eta, "HISTORY_RECHECK_SECONDS", 0)  # a minute later
        assert count() == (917, 2)  # the history's checksum too
        monkeypatch.setattr(eta, "HISTORY_RECHECK_SECONDS", 60)
        # Nothing cached: the stops and the history themselves too.
        for cache in (STOPS_CACHE, HISTORY_CACHE):
            app.extensions[cache].clear()
        assert count() == (917, 4)
        assert count() == (917, 1)
