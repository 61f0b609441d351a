"""The demo network: loads once, holds together, and has what the README promises."""

from __future__ import annotations

import re
from datetime import date
from itertools import pairwise

from sqlalchemy import func, select

from eservices.db import db
from services.collection_alerts.demo import demo_network, load_demo
from services.collection_alerts.importing import SWEDEN
from services.collection_alerts.models import Address, Route, RouteStop, Truck
from services.collection_alerts.schedule import (
    FRACTION_NAMES,
    collection_dates,
    holiday_shifts,
    upcoming_for_address,
)

from .conftest import load_register_demo

MODELS = (Address, Truck, Route, RouteStop)


def counts() -> list[int]:
    return [db.session.scalar(select(func.count()).select_from(m)) for m in MODELS]


def test_loads_only_once(app):
    # How fast it loads is for a benchmark on a quiet machine, not for a test: a timed
    # assertion fails whenever CI shares its cores.
    with app.app_context():
        load_demo()
        db.session.remove()  # what load_demo made is committed, not only in its session
        loaded = counts()
        assert 2_500 <= loaded[0] <= 3_200
        assert loaded[1] == 3 and 6 <= loaded[2] <= 8 and loaded[3] > loaded[0]
        load_demo()
        db.session.expire_all()
        assert counts() == loaded


def test_the_network_holds_together(app):
    with app.app_context():
        load_demo()
        addresses = {a.id: a for a in db.session.scalars(select(Address))}
        (lat_min, lat_max), (lon_min, lon_max) = SWEDEN
        for address in addresses.values():
            assert 64.6 <= address.latitude <= 64.9 and 20.8 <= address.longitude <= 21.4
            assert lat_min <= address.latitude <= lat_max
            assert lon_min <= address.longitude <= lon_max
            assert re.fullmatch(r"HP\d{6}", address.external_id)
            assert re.fullmatch(r"9[23]\d{3}", address.postal_code)
            assert address.search_text.startswith(address.street.lower())
        stopped = set()
        for route in db.session.scalars(select(Route)):
            assert route.truck is not None and route.stops
            assert [s.position for s in route.stops] == list(range(1, len(route.stops) + 1))
            offsets = [s.planned_offset_minutes for s in route.stops]
            assert offsets[0] == 0 and offsets == sorted(offsets)
            steps = [b - a for a, b in pairwise(offsets)]
            assert sum(1 <= s <= 3 for s in steps) / len(steps) > 0.9
            for stop in route.stops:
                assert stop.address_id in addresses
                assert stop.fractions and set(stop.fractions) <= set(FRACTION_NAMES)
                stopped.add(stop.address_id)
        assert stopped == set(addresses)  # no address without a collection


def test_the_patterns_the_readme_describes(app):
    with app.app_context():
        load_demo()
        load_register_demo()  # the households' bins and the holiday shifts
        routes = {r.code: r for r in db.session.scalars(select(Route))}
        assert {r.weekday for r in routes.values()} >= {0, 1, 2, 3, 4}
        patterns = {(r.week_cycle, r.week_offset) for r in routes.values()}
        assert {(1, 0), (2, 0), (2, 1)} <= patterns and any(c == 4 for c, _o in patterns)
        seasonal = [r for r in routes.values() if r.season_start]
        assert ("05-01", "09-30") in {(r.season_start, r.season_end) for r in seasonal}

        storgatan = db.session.scalars(select(Address).where(
            Address.street == "Storgatan", Address.number == "1",
            Address.city == "Exempelby")).one()
        [stop] = db.session.scalars(select(RouteStop).where(
            RouteStop.address_id == storgatan.id)).all()
        assert stop.route.weekday == 0 and stop.position == 1
        upcoming = upcoming_for_address(storgatan.id, date(2026, 11, 30), days=7)
        assert [c.date for c in upcoming] == [date(2026, 11, 30)]
        assert upcoming[0].fractions == ("restavfall", "matavfall")
        # The truck passes every Monday; Storgatan 1's bins are emptied every other week.
        assert upcoming_for_address(storgatan.id, date(2026, 12, 7), days=7) == []

        shifts = holiday_shifts()
        assert shifts[date(2026, 12, 25)] == date(2026, 12, 28)
        assert shifts[date(2027, 1, 1)] == date(2027, 1, 4)
        assert not set(shifts.values()) & set(shifts)  # no date moved twice
        christmas = [r.code for r in routes.values() if date(2026, 12, 28) in collection_dates(
            r, date(2026, 12, 28), date(2026, 12, 28), shifts) and r.weekday == 4]
        assert christmas  # some Friday route really is moved


def test_some_addresses_are_on_two_routes(app):
    with app.app_context():
        load_demo()
        twice = db.session.scalars(select(RouteStop.address_id).group_by(RouteStop.address_id)
                                   .having(func.count() > 1)).all()
        assert len(twice) > 100
        upcoming = upcoming_for_address(twice[0], date(2027, 5, 1), days=28)
        assert len({c.route_code for c in upcoming}) == 2


def test_the_demo_is_the_same_every_time():
    assert demo_network() == demo_network()
    assert demo_network(seed=1) != demo_network()
