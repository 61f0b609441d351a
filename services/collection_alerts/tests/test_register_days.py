"""The register decides what is collected at a demo household, for the texts too.

The truck drives EX-MAN every Monday, but Storgatan 1's bins are emptied in odd
weeks only: the evening reminder and "the truck is coming" follow the bins.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select

from eservices.clock import ControlledClock
from eservices.db import db
from services.collection_alerts.demo import load_demo
from services.collection_alerts.models import Address, RouteStop
from services.collection_alerts.reminders import due_recipients
from services.collection_alerts.schedule import register_fractions

from .conftest import load_register_demo


def storgatan(number: str) -> tuple[int, int]:
    address = db.session.scalars(select(Address).where(
        Address.street == "Storgatan", Address.number == number)).one()
    stop = db.session.scalars(select(RouteStop.id).where(
        RouteStop.address_id == address.id)).first()
    return address.id, stop


def test_the_register_says_which_mondays_and_unknown_addresses_keep_their_stop(app):
    with app.app_context():
        load_demo()
        load_register_demo()
        _address, stop = storgatan("1")  # customer 100001: odd weeks
        _other, unknown = storgatan("69")  # no customer in the register
        assert register_fractions([stop, unknown], date(2026, 12, 7)) == {stop: ()}
        assert register_fractions([stop, unknown], date(2026, 12, 14)) == {
            stop: ("restavfall", "matavfall")}


def test_the_evening_reminder_follows_the_bins(app, subscribe):
    app.extensions["eservices.clock"] = ControlledClock(datetime(2026, 12, 6, 17, tzinfo=UTC))
    with app.app_context():
        load_demo()
        load_register_demo()
        address, _stop = storgatan("1")
    subscribe("+46701740001", address)
    with app.app_context():
        sunday_evening = datetime(2026, 12, 6, 19, tzinfo=UTC)
        assert due_recipients(date(2026, 12, 7), sunday_evening) == []  # week 50: even
        [reminder] = due_recipients(date(2026, 12, 14), sunday_evening)  # week 51: odd
        assert reminder.fractions == ("restavfall", "matavfall")
