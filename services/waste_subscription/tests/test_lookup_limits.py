"""Guessing customer numbers: the share page and identification spend one budget.

The security review found that 40 guesses in a row on "share a bin" were never
throttled and found a real customer; these tests make the same guesses.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from eservices.db import db
from services.waste_subscription.models import ChangeRequest

from .test_journey import BASE, begin, cases, finish, post

SHARE = f"{BASE}/change/share"


def on_share_page(client, customer="100001", place="Exempelby 3:14"):
    assert begin(client, customer, place).location.endswith("/subscription")
    post(client, f"{BASE}/subscription", {"changes": ["share"]})


def guess(client, number, address="Storgatan 3"):
    return post(client, SHARE, {"neighbour_customer_number": number,
                                "neighbour_address": address})


def test_guessing_neighbours_is_throttled_per_client(client, register):
    on_share_page(client)
    answers = [guess(client, f"2000{n:02d}") for n in range(10)]
    assert all(a.status_code == 200 for a in answers)
    throttled = guess(client, "100002")  # the real neighbour, right address: not looked up
    html = throttled.get_data(as_text=True)
    assert throttled.status_code == 429
    assert "Try again in" in html and "minutes" in html
    assert "Storgatan 3" in html  # the resident's own typing is kept
    assert "every 2 weeks" not in html.lower()  # nothing about the neighbour is shown


def test_failures_on_one_number_count_from_every_client(app, register):
    for n in range(5):
        client = app.test_client()
        on_share_page(client)
        post(client, SHARE, {"neighbour_customer_number": "100002",
                             "neighbour_address": f"Fel {n}"})
    someone = app.test_client()
    on_share_page(someone)
    assert guess(someone, "100002").status_code == 429


def test_the_share_page_and_identification_share_the_budget(app, register):
    guesser = app.test_client()
    on_share_page(guesser)
    for n in range(5):
        guess(guesser, "100002", f"Fel {n}")
    bertil = app.test_client()  # the real customer 100002 is now paused too, for a while
    limited = begin(bertil, "100002", "Storgatan 3")
    assert limited.status_code == 429
    assert "Try again in" in limited.get_data(as_text=True)


def test_identification_says_how_long_to_wait(client, register):
    for n in range(5):
        begin(client, "100001", f"Fel {n}")
    limited = begin(client, "100001", "Exempelby 3:14")
    assert limited.status_code == 429
    assert "Try again in 60 minutes" in limited.get_data(as_text=True) or (
        "Try again in 1 hour" in limited.get_data(as_text=True))


def test_a_neighbour_gets_one_share_request_at_a_time(app, register, add_subscription):
    first = app.test_client()
    on_share_page(first)
    assert guess(first, "100002").location.endswith("/when")
    finish(first)
    post(first, f"{BASE}/check", {})
    assert [c.neighbour_status for c in cases(app)] == ["pending"]

    add_subscription("100005", "Exempelby 3:17", "Storgatan 7")
    second = app.test_client()
    on_share_page(second, "100005", "Storgatan 7")
    refused = guess(second, "100002")
    assert "already has a request to share a bin" in refused.get_data(as_text=True)
    assert len(cases(app)) == 1


def test_the_database_refuses_a_second_waiting_request(app, register):
    with app.app_context():
        first = _case("AV-1", register["anna"], register["bertil"])
        db.session.add(first)
        db.session.commit()
        db.session.add(_case("AV-2", register["cecilia"], register["bertil"]))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()
        first = db.session.scalar(select(ChangeRequest))
        first.status = "rejected"  # a closed request no longer holds the neighbour
        db.session.commit()
        db.session.add(_case("AV-3", register["cecilia"], register["bertil"]))
        db.session.commit()


def _case(reference: str, customer_number: str, neighbour: str) -> ChangeRequest:
    from datetime import date

    return ChangeRequest(reference=reference, journey_id=reference, change_types=["share"],
                         customer_number=customer_number, details={}, current_plan={},
                         proposed_plan={}, quote={}, effective_date=date(2026, 12, 11),
                         neighbour_customer_number=neighbour, neighbour_status="pending")
