"""Bookings are stored once, and are the prototype's personal data: found, erased, expired.

The clock stands at Friday 27 November 2026, 10:00 in Sweden.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from eservices import toolkit as tk
from eservices.clock import ControlledClock
from eservices.db import db
from eservices.testing import csrf_token_from
from prototypes.textile_reuse import module
from prototypes.textile_reuse.models import Booking
from prototypes.textile_reuse.personal_data import drop_old_bookings, erase, find

NOW = datetime(2026, 11, 27, 9, tzinfo=UTC)
PHONE = "+46701234567"
SUBJECT = tk.DataSubject(personal_number="191212121212", phone_numbers=(PHONE,))


@pytest.fixture
def app(make_app):
    app = make_app()
    app.extensions["eservices.clock"] = ControlledClock(NOW)
    return app


@contextmanager
def reading(app):
    """A request in English, as Mina sidor's reader might make."""
    with app.test_request_context("/textile-reuse/", headers={"Accept-Language": "en"}):
        app.preprocess_request()
        yield


def post(client, url, data):
    token = csrf_token_from(client.get(url).get_data(as_text=True))
    return client.post(url, data={**data, "csrf_token": token})


def _booking(reference: str, phone: str, day: date) -> None:
    db.session.add(Booking(reference=reference, journey_id=reference, street="Storgatan 12",
                           postal_code="931 31", kinds=["clothes"], amount="small",
                           pickup_day=day, pickup_time="09–12", phone=phone, language="sv",
                           booked_at=NOW))


def _references() -> list[str]:
    return sorted(db.session.scalars(select(Booking.reference)))


def test_the_manifest_declares_it():
    assert module.models == "prototypes.textile_reuse.models"
    assert [(r.key, r.days) for r in module.personal_data.retention] == [("bookings", 30)]


def test_a_sent_journey_stores_one_booking(app, client):
    client.get("/textile-reuse/begin")
    post(client, "/textile-reuse/address", {"street": " Storgatan 12 ", "postal_code": "93131"})
    post(client, "/textile-reuse/textiles", {"kinds": ["clothes", "shoes"], "amount": "medium"})
    post(client, "/textile-reuse/slot", {"slot": "2026-11-30_13–16"})
    post(client, "/textile-reuse/contact", {"phone": "070-123 45 67"})
    token = csrf_token_from(client.get("/textile-reuse/check").get_data(as_text=True))
    for _ in range(2):  # a double click books once
        response = client.post("/textile-reuse/check", data={"csrf_token": token})
        assert response.location.endswith("/textile-reuse/confirmation")
    with app.app_context():
        [booking] = db.session.scalars(select(Booking)).all()
    assert (booking.street, booking.postal_code, booking.kinds, booking.amount) == (
        "Storgatan 12", "931 31", ["clothes", "shoes"], "medium")
    assert (booking.pickup_day, booking.pickup_time, booking.phone) == (
        date(2026, 11, 30), "13–16", PHONE)


def test_find_returns_the_residents_bookings_only(app):
    with reading(app):
        _booking("TX-1", PHONE, date(2026, 11, 30))
        _booking("TX-2", PHONE, date(2026, 11, 2))
        _booking("TX-3", "+46709999999", date(2026, 11, 30))
        db.session.commit()
        [section] = find(SUBJECT)
        coming, past = section.items
        assert coming.title == "Textile pick-up TX-1" and coming.status == "Booked"
        assert past.status == "The day has passed"
        assert ("When", "Monday 30 November 2026, 09–12") in coming.details
        assert ("What", "Clothes") in coming.details
        assert coming.record["street"] == "Storgatan 12" and coming.record["phone"] == PHONE
        assert find(tk.DataSubject(phone_numbers=("+46708888888",)))[0].items == []


def test_erase_removes_past_pick_ups_and_keeps_one_to_come(app):
    with reading(app):
        _booking("TX-1", PHONE, date(2026, 11, 30))
        _booking("TX-2", PHONE, date(2026, 11, 2))
        _booking("TX-3", "+46709999999", date(2026, 11, 2))
        db.session.commit()
        outcome = erase(SUBJECT)
        db.session.commit()
        assert outcome.removed == 1
        [kept] = outcome.kept
        assert kept.what == "Textile pick-ups still to come"
        assert kept.until == date(2026, 12, 30)
        assert _references() == ["TX-1", "TX-3"]


def test_retention_drops_bookings_a_set_time_after_the_day(app):
    with app.app_context():
        _booking("TX-1", PHONE, date(2026, 10, 28))
        _booking("TX-2", PHONE, date(2026, 10, 29))
        db.session.commit()
        cutoff = NOW - timedelta(days=30)  # 28 October, Swedish date
        assert drop_old_bookings(cutoff) == 0  # the pick-up day is the cutoff's day: not yet
        assert drop_old_bookings(cutoff + timedelta(days=1)) == 1
        db.session.commit()
        assert drop_old_bookings(cutoff + timedelta(days=1)) == 0
        assert _references() == ["TX-2"]
