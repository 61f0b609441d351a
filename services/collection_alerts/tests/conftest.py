"""Fixtures for the collection-alert tests: a fixed clock and a small route network.

The clock stands at Monday 30 November 2026, 06:00 in Sweden (05:00 UTC).
Route R1 runs every Monday from 07:00 with 20 stops on Storgatan (restavfall and
matavfall, 3 planned minutes apart); route R2 runs Thursdays in odd ISO weeks
with 10 stops on Sjövägen, only from 1 May to 30 September.  Collections of
Friday 25 December 2026 move to Monday 28 December.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from importlib import import_module

import pytest
from flask import current_app

from eservices import toolkit as tk
from eservices.clock import ControlledClock
from eservices.db import db
from services.collection_alerts.addressing import search_text
from services.collection_alerts.keys import create_api_key
from services.collection_alerts.models import (
    Address,
    AlertSubscription,
    Route,
    RouteStop,
    Subscriber,
    Truck,
)

NOW = datetime(2026, 11, 30, 5, 0, tzinfo=UTC)


@dataclass
class Network:
    r1: int
    r2: int
    r1_stops: list[int]  # stop ids in driving order
    r1_addresses: list[int]  # address ids in the same order
    r2_addresses: list[int]


def add_shift(original: date, new: date, note: str = "") -> None:
    """A confirmed holiday shift in the waste register (where every service reads them)."""
    tk.waste_register().save_holiday_shift(tk.register.HolidayShift(original, new, note))


def load_register_demo() -> None:
    """The waste register's demo households and shifts, as load-demo loads them."""
    module = current_app.extensions["eservices.modules"].installed["waste_register"]
    path, _, name = module.demo_data.partition(":")
    getattr(import_module(path), name)()


@pytest.fixture
def clock() -> ControlledClock:
    return ControlledClock(NOW)


@pytest.fixture
def app(make_app, clock):
    # Staff sessions end after STAFF_IDLE_MINUTES on the app's clock, and these tests
    # jump it by hours while a handläggare stays signed in.
    app = make_app(STAFF_IDLE_MINUTES=8 * 60)
    app.extensions["eservices.clock"] = clock
    return app


def _address(n: int, street: str, postal_code: str, city: str, lat: float) -> Address:
    number = str(n)
    return Address(external_id=f"{street[:3].upper()}-{n}", street=street, number=number,
                   postal_code=postal_code, city=city, latitude=lat + n * 0.0003,
                   longitude=20.95 + n * 0.0002,
                   search_text=search_text(street, number, postal_code, city))


@pytest.fixture
def network(app) -> Network:
    with app.app_context():
        truck = Truck(code="T1", name="Bil 1")
        r1 = Route(code="R1", name="Exempelby måndag", weekday=0, week_cycle=1,
                   week_offset=0, start_time=time(7, 0), truck=truck)
        r2 = Route(code="R2", name="Sjöviken sommar", weekday=3, week_cycle=2, week_offset=1,
                   season_start="05-01", season_end="09-30", start_time=time(8, 0),
                   truck=truck)
        r1_addresses = [_address(n, "Storgatan", "93131", "Exempelby", 64.75)
                        for n in range(1, 21)]
        r2_addresses = [_address(n, "Sjövägen", "93291", "Sjöviken", 64.80)
                        for n in range(1, 11)]
        db.session.add_all([r1, r2, *r1_addresses, *r2_addresses])
        db.session.flush()
        r1_stops = [RouteStop(route=r1, position=i + 1, address_id=a.id,
                              fractions=["restavfall", "matavfall"],
                              planned_offset_minutes=3 * i)
                    for i, a in enumerate(r1_addresses)]
        r2_stops = [RouteStop(route=r2, position=i + 1, address_id=a.id,
                              fractions=["restavfall"], planned_offset_minutes=5 * i)
                    for i, a in enumerate(r2_addresses)]
        db.session.add_all([*r1_stops, *r2_stops])
        add_shift(date(2026, 12, 25), date(2026, 12, 28), "Juldagen")
        db.session.commit()
        return Network(r1=r1.id, r2=r2.id, r1_stops=[s.id for s in r1_stops],
                       r1_addresses=[a.id for a in r1_addresses],
                       r2_addresses=[a.id for a in r2_addresses])


@pytest.fixture
def subscribe(app) -> Callable[..., int]:
    """A verified subscription straight into the register; returns its id."""

    def factory(phone: str, address_id: int, *, evening: bool = True,
                approach: int | None = 15, reminder_time: time = time(18, 0),
                language: str = "sv") -> int:
        with app.app_context():
            subscriber = db.session.query(Subscriber).filter_by(phone=phone).one_or_none()
            if subscriber is None:
                subscriber = Subscriber(phone=phone, language=language)
                db.session.add(subscriber)
            row = AlertSubscription(subscriber=subscriber, address_id=address_id,
                                    evening_reminder=evening, approach_minutes=approach,
                                    reminder_time=reminder_time)
            db.session.add(row)
            db.session.commit()
            return row.id

    return factory


@pytest.fixture
def api_key(app) -> str:
    """A working API key for the route-management integration."""
    with app.app_context():
        _row, key = create_api_key("Ruttsystemet", "test")
        db.session.commit()
        return key
