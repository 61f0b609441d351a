"""The export of approved changes: rows per container, the date range, the file formats."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from eservices.db import db
from eservices.staff.models import AuditEvent
from eservices.testing import csrf_token_from, sign_in
from services.waste_subscription import export
from services.waste_subscription.models import ChangeRequest

BASE = "/staff/waste-subscription"
IN_RANGE = datetime(2026, 11, 10, 9, 0, tzinfo=UTC)


@pytest.fixture
def staff(client, create_staff):
    create_staff("anna", "handlaggare")
    client.get("/language/en")
    sign_in(client, "anna")
    return client


@pytest.fixture
def approved(add_subscription, make_case) -> dict[str, str]:
    """Approved cases in and out of November 2026, and an open one."""
    home = add_subscription("100001", "Exempelby 3:14", "Storgatan 1")
    other = add_subscription("100002", "Exempelby 3:15", "Storgatan 3")
    third = add_subscription("100003", "Exempelby 3:16", "Storgatan 5")
    decided = {"status": "approved", "decided_by": "anna"}
    return {
        "size": make_case(home, ["size"], {"size": {"restavfall": 240}},
                          bins=(("restavfall", 240), ("matavfall", 140)),
                          decided_at=IN_RANGE, **decided),
        "composting": make_case(other, ["home_composting", "frequency"],
                                {"home_composting": {"compost_type": "bokashi"},
                                 "frequency": "every_4_weeks"},
                                bins=(("restavfall", 190),), home_composting=True,
                                frequency="every_4_weeks",
                                decided_at=datetime(2026, 11, 30, 23, 30, tzinfo=UTC),
                                **decided),  # 1 December in Sweden: outside November
        "october": make_case(third, ["frequency"], {"frequency": "weekly"},
                             frequency="weekly",
                             decided_at=datetime(2026, 10, 31, 23, 30, tzinfo=UTC),
                             **decided),  # 31 October 23:30 UTC is 1 November in Sweden
        "open": make_case(third, ["frequency"], {"frequency": "weekly"}, frequency="weekly"),
    }


def csv_rows(response) -> list[dict[str, str]]:
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf")  # the BOM that makes Excel read UTF-8
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


def test_rows_say_what_happens_to_each_container(app, approved):
    with app.app_context():
        cases = {key: db.session.scalar(select(ChangeRequest).where(
            ChangeRequest.reference == ref)) for key, ref in approved.items()}
        size = export.rows_for_case(cases["size"])
        assert [(r["container_type"], r["size_litres"], r["action"]) for r in size] == [
            ("restavfall", 240, "change"), ("matavfall", 140, "unchanged")]
        composting = export.rows_for_case(cases["composting"])
        assert [(r["container_type"], r["action"], r["frequency"], r["home_composting"])
                for r in composting] == [
            ("restavfall", "change", "every_4_weeks", True),
            ("matavfall", "remove", "every_4_weeks", True)]
        assert composting[1]["size_litres"] == 140  # the container taken away


def test_csv_has_the_approved_rows_of_the_period_only(app, staff, approved):
    response = staff.get(f"{BASE}/export.csv?from=2026-11-01&to=2026-11-30")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"  # charset once
    assert "attachment" in response.headers["Content-Disposition"]
    rows = csv_rows(response)
    assert list(rows[0]) == list(export.FIELDS)
    assert {r["case_reference"] for r in rows} == {approved["size"], approved["october"]}
    size = [r for r in rows if r["case_reference"] == approved["size"]]
    assert size[0] == {
        "customer_number": "100001", "property_designation": "Exempelby 3:14",
        "street_address": "Storgatan 1", "container_type": "restavfall", "size_litres": "240",
        "frequency": "every_2_weeks", "home_composting": "0",
        "shared_with_customer_number": "", "pause_start": "", "pause_end": "",
        "effective_date": "2026-12-01", "case_reference": approved["size"],
        "action": "change"}
    with app.app_context():
        [event] = db.session.scalars(select(AuditEvent).where(
            AuditEvent.action == "cases_exported")).all()
        assert event.actor_name == "anna" and event.details["rows"] == len(rows)
        assert event.details["format"] == "csv" and event.details["cases"] == 2


def test_json_has_the_same_rows_with_native_types(staff, approved):
    response = staff.get(f"{BASE}/export.json?from=2026-12-01&to=2026-12-01")
    assert response.mimetype == "application/json"
    data = json.loads(response.get_data(as_text=True))
    assert data["approved_from"] == data["approved_to"] == "2026-12-01"
    assert [(r["case_reference"], r["container_type"], r["size_litres"], r["action"])
            for r in data["rows"]] == [
        (approved["composting"], "restavfall", 190, "change"),
        (approved["composting"], "matavfall", 140, "remove")]
    assert data["rows"][0]["home_composting"] is True
    assert data["rows"][0]["shared_with_customer_number"] is None


@pytest.mark.parametrize(("query", "message"), [
    ("", "Enter the first and the last day of the period"),
    ("?from=2026-11-01", "Enter the first and the last day of the period"),
    ("?from=2026-02-30&to=2026-03-01", "The dates must be real dates"),
    ("?from=1%2F11&to=2026-11-30", "The dates must be real dates"),
    ("?from=2026-11-30&to=2026-11-01", "The last day must be the same as or after"),
    ("?from=2020-01-01&to=2026-11-30", "The period can be at most one year"),
])
def test_bad_dates_give_a_clear_error(staff, approved, query, message):
    for suffix in ("csv", "json"):
        response = staff.get(f"{BASE}/export.{suffix}{query}")
        html = response.get_data(as_text=True)
        assert response.status_code == 400 and message in html
        assert "There is a problem" in html and approved["size"] not in html


def test_the_export_page_sends_you_to_the_file(staff, approved):
    page = staff.get(f"{BASE}/export")
    assert page.status_code == 200 and "Export approved changes" in page.get_data(as_text=True)
    token = csrf_token_from(page.get_data(as_text=True))
    response = staff.post(f"{BASE}/export", data={
        "csrf_token": token, "date_from-day": "1", "date_from-month": "11",
        "date_from-year": "2026", "date_to-day": "30", "date_to-month": "11",
        "date_to-year": "2026", "file_format": "json"})
    assert response.status_code == 303
    assert response.location.endswith("/export.json?from=2026-11-01&to=2026-11-30")
    bad = staff.post(f"{BASE}/export", data={
        "csrf_token": token, "date_from-day": "30", "date_from-month": "11",
        "date_from-year": "2026", "date_to-day": "1", "date_to-month": "11",
        "date_to-year": "2026", "file_format": "csv"}).get_data(as_text=True)
    assert "The last day must be the same as or after the first day" in bad
    assert 'href="#date_to-day"' in bad


def test_a_shared_bin_gives_rows_for_both_households(app, add_subscription, make_case):
    home = add_subscription("100001", "Exempelby 3:14", "Storgatan 1")
    neighbour = add_subscription("100002", "Exempelby 3:15", "Storgatan 3",
                                 bins=(("restavfall", 370), ("matavfall", 140)))
    reference = make_case(home, ["share"], {"share": {"neighbour_customer_number": "100002"}},
                          bins=(("restavfall", 370), ("matavfall", 140)),
                          shared_with="100002", neighbour_customer_number=neighbour,
                          neighbour_status="confirmed", status="approved", decided_at=IN_RANGE)
    with app.app_context():
        case = db.session.scalar(select(ChangeRequest).where(
            ChangeRequest.reference == reference))
        rows = [(r["customer_number"], r["container_type"], r["size_litres"],
                 r["shared_with_customer_number"], r["action"])
                for r in export.rows_for_case(case)]
    assert rows == [("100001", "restavfall", 370, "100002", "change"),
                    ("100001", "matavfall", 140, "100002", "change"),
                    ("100002", "restavfall", 370, "100001", "change"),
                    ("100002", "matavfall", 140, "100001", "change")]
