"""The service's personal data: what a resident finds, what erasure takes, what retention drops.

The clock stands at Friday 27 November 2026, 10:00 in Sweden (conftest).
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from eservices import toolkit as tk
from eservices.db import db
from services.waste_subscription import module
from services.waste_subscription.models import CaseEvent, ChangeRequest
from services.waste_subscription.personal_data import (
    drop_approved_requests,
    drop_closed_requests,
    drop_contact_details,
    erase,
    find,
)

from .conftest import STANDARD, TODAY

TOLVAN = tk.DataSubject(personal_number="191212121212", phone_numbers=("+46701111111",),
                        email_addresses=("tolvan@example.se",))
SIZE = (["size"], {"size": {"restavfall": 240}})


@pytest.fixture
def households(app) -> None:
    """Tolvan's household (by identity number) and a neighbour's."""
    with app.app_context():
        register = tk.waste_register()
        register.add_household("100001", "Exempelby 3:14", "Storgatan 1", bins=STANDARD,
                               name="Tolvan Tolvansson", identity_number="191212121212",
                               phone="+46701234567")
        register.add_household("100002", "Exempelby 3:15", "Storgatan 3", bins=STANDARD,
                               name="Nils Granne", identity_number="198112189876")
        db.session.commit()


@contextmanager
def reading(app):
    """A request in English, as Mina sidor's reader might make."""
    with app.test_request_context("/waste-subscription/", headers={"Accept-Language": "en"}):
        app.preprocess_request()
        yield


def case(make_case, customer: str, **columns) -> str:
    return make_case(customer, *SIZE, bins=(("restavfall", 240), ("matavfall", 140)),
                     **columns)


def stored(app) -> dict[str, ChangeRequest]:
    with app.app_context():
        rows = {c.reference: c for c in db.session.scalars(select(ChangeRequest))}
        db.session.expunge_all()
        return rows


def test_the_manifest_declares_it():
    assert {r.key for r in module.personal_data.retention} == {
        "contact", "closed_requests", "approved_requests"}


def test_find_returns_the_subscription_and_requests_of_the_resident_only(app, households,
                                                                           make_case):
    mine = case(make_case, "100001")
    by_contact = case(make_case, "100002", email="Tolvan@Example.se")
    theirs = case(make_case, "100002", phone="+46709999999")
    with reading(app):
        subscription, requests = find(TOLVAN)
        [held] = subscription.items
        assert held.title == "Your waste subscription at Storgatan 1"
        assert held.link.endswith("/waste-subscription/")
        assert held.record["customer"]["identity_number"] == "191212121212"
        assert held.record["containers"][0] == {"fraction": "restavfall", "litres": 190,
                                                "frequency": "every_2_weeks"}
        assert {item.record["reference"] for item in requests.items} == {mine, by_contact}
        item = next(i for i in requests.items if i.record["reference"] == mine)
        assert item.title == f"Change request {mine}" and item.status == "New"
        assert ("Changes", "Bin size") in item.details
        assert item.record["history"][0]["kind"] == "submitted"
        assert theirs not in repr([i.record for i in requests.items])
        nobody = find(tk.DataSubject(personal_number="190101010101"))
        assert [len(s.items) for s in nobody] == [0, 0]


def test_erase_removes_what_may_go_and_keeps_open_and_approved(app, households, make_case):
    decided = TODAY - timedelta(days=3)
    open_ = case(make_case, "100001")
    approved = case(make_case, "100001", status="approved", decided_at=decided)
    rejected = case(make_case, "100001", status="rejected", decided_at=decided)
    withdrawn = case(make_case, "100002", status="withdrawn", decided_at=decided,
                     phone="+46701111111")
    other = case(make_case, "100002", status="rejected", decided_at=decided,
                 phone="+46709999999")
    with reading(app):
        outcome = erase(TOLVAN)
        db.session.commit()
        assert (outcome.removed, outcome.anonymised) == (2, 1)
        kept = {k.what: k for k in outcome.kept}
        assert set(kept) == {
            "Requests to change your waste subscription that we are handling",
            "Approved changes of your waste subscription", "Your waste subscription"}
        assert kept["Approved changes of your waste subscription"].until == date(2033, 12, 31)
        assert len(db.session.scalars(select(CaseEvent)).all()) == 3  # the removed cases' go
    cases = stored(app)
    assert set(cases) == {open_, approved, other}
    assert cases[open_].phone == "+46701234567"  # still being handled
    assert (cases[approved].phone, cases[approved].email) == ("", "")
    assert rejected not in cases and withdrawn not in cases


def test_retention_applies_at_each_cutoff_and_not_before(app, households, make_case):
    decided = TODAY - timedelta(days=10)
    approved = case(make_case, "100001", status="approved", decided_at=decided)
    rejected = case(make_case, "100001", status="rejected", decided_at=decided)
    open_ = case(make_case, "100001")
    with app.app_context():
        assert drop_contact_details(decided) == 0
        assert drop_contact_details(decided + timedelta(seconds=1)) == 2
        db.session.commit()
        assert drop_contact_details(decided + timedelta(seconds=1)) == 0
        assert drop_closed_requests(decided) == 0
        assert drop_closed_requests(TODAY) == 1
        db.session.commit()
        assert drop_closed_requests(TODAY) == 0
        assert drop_approved_requests(decided) == 0
        assert drop_approved_requests(TODAY) == 1
        db.session.commit()
        assert drop_approved_requests(TODAY) == 0
    cases = stored(app)
    assert set(cases) == {open_} and cases[open_].phone == "+46701234567"
    assert approved not in cases and rejected not in cases
