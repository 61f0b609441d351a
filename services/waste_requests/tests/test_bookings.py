"""Booking a pick-up: the days on offer, the daily cap, the price, the receipt, cancelling."""

from __future__ import annotations

import re
import threading
import time
from datetime import date, datetime

import pytest
from sqlalchemy import select

from eservices import toolkit as tk
from eservices.db import db
from eservices.testing import csrf_token_from
from notifications.models import Notification
from services.waste_requests.booking_filing import book_pick_up
from services.waste_requests.bookings import (
    DayFull,
    cancel_deadline,
    cancel_token,
    candidate_days,
)
from services.waste_requests.filing import Contact
from services.waste_requests.models import Booking, DayCapacity
from services.waste_requests.prices import prices
from services.waste_requests.settings import Settings

from .conftest import STORGATAN_1, build_app

BASE = "/waste-requests/booking"
RULES = Settings(bookings_per_day=1, booking_window_days=28, booking_lead_days=2,
                 cancel_cutoff_hours=24)


def post(client, path: str, **data):
    page = client.get(f"{BASE}/{path}")
    assert page.status_code == 200, (path, page.status_code)
    return client.post(f"{BASE}/{path}", data={"csrf_token": csrf_token_from(
        page.get_data(as_text=True)), **data})


def to_check(client, day: str, kind: str = "bulky"):
    client.get(f"{BASE}/begin")
    for path, data in (("kind", {"kind": kind}), ("address", {"street": "Storgatan 1"}),
                       ("property", {"designation": STORGATAN_1}),
                       (("items", {"items": ["sofa", "chair"]}) if kind == "bulky" else
                        ("container", {"container": "100001-restavfall"})),
                       ("day", {"day": day}), ("contact", {"phone": "070-123 45 67"})):
        answer = post(client, path, **data)
        assert answer.status_code in (302, 303), (path, answer.get_data(as_text=True)[:300])
    return client.get(f"{BASE}/check")


def test_days_are_working_days_from_two_working_days_ahead_for_four_weeks():
    days = candidate_days(date(2026, 12, 1), RULES)  # a Tuesday
    assert days[0] == date(2026, 12, 3) and days[-1] == date(2026, 12, 29)
    assert all(day.weekday() < 5 for day in days)
    assert date(2026, 12, 24) not in days and date(2026, 12, 25) not in days


def test_the_cancellation_deadline_is_before_the_day_in_swedish_time():
    deadline = cancel_deadline(date(2026, 12, 8), RULES)
    assert deadline.isoformat() == "2026-12-07T00:00:00+01:00"


def test_prices_come_from_the_registers_tariff(app):
    with app.app_context():
        tariff = prices()
    assert tariff.bulky_price(["sofa", "chair"]) == 250 + 100 + 30
    assert tariff.extra_emptying_price(190) == 215 and tariff.extra_emptying_price(660) is None
    assert tariff.item("sofa").name("en") == "Sofa" and tariff.bulky_max_items == 10


def test_a_bulky_waste_booking_with_its_price_receipt_and_cancel_link(app, client, clock):
    check = to_check(client, "2026-12-08").get_data(as_text=True)
    assert "Pris: 380,00" in check and "Soffa" in check and "7 december 2026 00:00" in check
    token = csrf_token_from(check)
    assert client.post(f"{BASE}/check", data={"csrf_token": token}).status_code == 303
    client.post(f"{BASE}/check", data={"csrf_token": token})  # a double click books once
    confirmation = client.get(f"{BASE}/confirmation").get_data(as_text=True)
    with app.app_context():
        [booking] = db.session.scalars(select(Booking)).all()
        [sms] = db.session.scalars(select(Notification)).all()
    assert booking.reference in confirmation and booking.price == 380
    assert booking.day == date(2026, 12, 8) and booking.items == ["sofa", "chair"]
    assert sms.recipient == "+46701234567" and "380,00" in sms.body
    link = re.search(r"https?://\S+/waste-requests/cancel/\S+", sms.body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    page = client.get(f"/{path}").get_data(as_text=True)
    assert "Avboka din bokning" in page
    assert client.post(f"/{path}", data={"csrf_token": csrf_token_from(page)}
                       ).status_code == 303
    with app.app_context():
        assert db.session.scalar(select(Booking.status)) == "cancelled"
    assert "är avbokad" in client.get(f"/{path}").get_data(as_text=True)


def test_after_the_cut_off_the_link_no_longer_cancels(app, client, clock):
    to_check(client, "2026-12-03", kind="extra_emptying")
    check = client.get(f"{BASE}/check").get_data(as_text=True)
    assert "Pris: 215,00" in check  # a 190-litre bin
    token = csrf_token_from(check)
    client.post(f"{BASE}/check", data={"csrf_token": token})
    with app.app_context():
        body = db.session.scalar(select(Notification.body))
    path = "/" + re.search(r"https?://\S+?/(waste-requests/cancel/\S+)", body).group(1)
    clock.set(datetime(2026, 12, 2, 23, 30, tzinfo=clock.now().tzinfo))  # 00:30 on the 3rd
    page = client.get(path).get_data(as_text=True)
    assert "kan inte längre avbokas" in page and "Avboka</button>" not in page
    assert client.post(path, data={"csrf_token": token}).status_code == 200
    with app.app_context():
        assert db.session.scalar(select(Booking.status)) == "booked"


def test_a_forged_cancel_link_is_404(client):
    assert client.get("/waste-requests/cancel/not-a-token").status_code == 404


@pytest.fixture
def capped(make_app, clock):
    return build_app(make_app, clock, {"WASTE_REQUESTS_BOOKINGS_PER_DAY": "1"})


def test_a_full_day_is_not_offered_and_the_last_place_goes_once(capped, clock):
    first, second = capped.test_client(), capped.test_client()
    # Both are on the check page with the 8th, the day's last place, still free.
    tokens = [csrf_token_from(to_check(c, "2026-12-08").get_data(as_text=True))
              for c in (first, second)]
    assert first.post(f"{BASE}/check", data={"csrf_token": tokens[0]}).status_code == 303
    late = second.post(f"{BASE}/check", data={"csrf_token": tokens[1]})
    assert late.status_code == 303 and late.location.endswith("/booking/day")
    with capped.app_context():
        assert len(db.session.scalars(select(Booking)).all()) == 1
    refused = second.get(f"{BASE}/day").get_data(as_text=True)
    assert "precis blivit fullbokad" in refused
    assert 'value="2026-12-08"' not in refused and 'value="2026-12-09"' in refused


def _book(app, reference: str, day: date = date(2026, 12, 8)):
    """Book a sofa pick-up on ``day`` in the caller's app context (not committed)."""
    place = tk.waste_register().property(STORGATAN_1)
    return book_pick_up("bulky", place, day, Contact(phone="+46701234567"), items=("sofa",),
                        reference=reference)


def test_the_cap_is_a_place_taken_from_the_days_row(capped):
    """Two bookings past the offered-days check: the day's row has no place for the second."""
    with capped.test_request_context():
        _book(capped, "HB-AAAA-AAAA")
        with pytest.raises(DayFull):
            _book(capped, "HB-BBBB-BBBB")
        db.session.rollback()
        assert db.session.scalars(select(DayCapacity.taken)).all() == []


def test_a_cancellation_gives_the_place_back(capped, clock):
    client = capped.test_client()
    to_check(client, "2026-12-08")
    token = csrf_token_from(client.get(f"{BASE}/check").get_data(as_text=True))
    assert client.post(f"{BASE}/check", data={"csrf_token": token}).status_code == 303
    with capped.test_request_context():
        assert db.session.scalar(select(DayCapacity.taken)) == 1
        path = f"/waste-requests/cancel/{cancel_token(db.session.scalar(select(Booking)))}"
    page = client.get(path).get_data(as_text=True)
    client.post(path, data={"csrf_token": csrf_token_from(page)})
    client.post(path, data={"csrf_token": csrf_token_from(page)})  # twice gives back once
    with capped.test_request_context():
        assert db.session.scalar(select(DayCapacity.taken)) == 0
        _book(capped, "HB-CCCC-CCCC")  # the freed place can be booked again
        db.session.commit()
        assert db.session.scalar(select(DayCapacity.taken)) == 1


def test_two_connections_racing_for_the_last_place_get_it_once(capped):
    """The first booking holds the day's row uncommitted while the second books on its own
    connection: the second waits for the row and is refused when the first commits.
    (A count after the insert let both through here on PostgreSQL.)"""
    with capped.app_context():
        if db.engine.dialect.name == "sqlite":
            pytest.skip("SQLite serialises writers: a second connection cannot book meanwhile")
    first_holds, outcomes = threading.Event(), {}

    def first() -> None:
        with capped.test_request_context():
            _book(capped, "HB-AAAA-AAAA")
            first_holds.set()
            time.sleep(1.0)  # the second is now waiting for the day's row
            db.session.commit()
            outcomes["first"] = "booked"

    def second() -> None:
        first_holds.wait(10)
        with capped.test_request_context():
            started = time.monotonic()
            try:
                _book(capped, "HB-BBBB-BBBB")
                db.session.commit()
                outcomes["second"] = "booked"
            except DayFull:
                db.session.rollback()
                outcomes["second"] = "full"
            outcomes["waited"] = time.monotonic() - started

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert outcomes["first"] == "booked" and outcomes["second"] == "full"
    assert outcomes["waited"] > 0.5  # it really waited for the first's row lock
    with capped.app_context():
        assert db.session.scalars(select(Booking.reference)).all() == ["HB-AAAA-AAAA"]
        assert db.session.scalar(select(DayCapacity.taken)) == 1


def test_two_bookings_at_the_same_instant_take_one_place(capped):
    """Released together by a barrier, on two connections: exactly one is booked."""
    start, outcomes = threading.Barrier(2), []

    def attempt(reference: str) -> None:
        with capped.test_request_context():
            start.wait(10)
            try:
                _book(capped, reference)
                db.session.commit()
                outcomes.append("booked")
            except DayFull:
                db.session.rollback()
                outcomes.append("full")

    threads = [threading.Thread(target=attempt, args=(ref,))
               for ref in ("HB-AAAA-AAAA", "HB-BBBB-BBBB")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(outcomes) == ["booked", "full"]
    with capped.app_context():
        assert len(db.session.scalars(select(Booking)).all()) == 1
        assert db.session.scalar(select(DayCapacity.taken)) == 1
