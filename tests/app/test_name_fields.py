"""A field meant for a name must look like one: no lines, links or addresses in e-mails."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from eservices.db import db
from eservices.forms import InvalidValue
from eservices.forms.validators import normalise_person_name
from notifications.models import Notification
from notifications.templates import render
from services.accessibility_report.models import Report
from services.accessibility_report.tests.test_journey import CONTACT, PROBLEM, post

BASE = "/accessibility-report"


@pytest.mark.parametrize(("typed", "kept"), [
    ("  Eva   Ek ", "Eva Ek"), ("Anna-Karin O'Neil", "Anna-Karin O'Neil"),
    ("J. R. R. Tolkien", "J. R. R. Tolkien"), ("Åsa Öberg", "Åsa Öberg"),
    ("Ngũgĩ wa Thiong’o", "Ngũgĩ wa Thiong’o"), ("محمد علي", "محمد علي"),
])
def test_names_in_any_script_are_kept(typed, kept):
    assert normalise_person_name(typed) == kept


@pytest.mark.parametrize("typed", [
    "Eva\nBesök https://evil.example", "Eva\r\nBcc: x@evil.example", "eva@example.se",
    "www.evil.example", "Eva <script>", "Eva\u2028Ek", "Eva\u202eEk", "Eva\x00", "12345",
    "a" * 101, "...",
])
def test_what_no_name_looks_like_is_refused(typed):
    with pytest.raises(InvalidValue):
        normalise_person_name(typed)


def test_the_report_refuses_a_name_with_a_link_and_sends_nothing(app, client):
    client.get(f"{BASE}/begin")
    post(client, f"{BASE}/problem", PROBLEM)
    injected = {**CONTACT, "name": "Eva\nVinn en iPhone: https://evil.example/x"}
    response = post(client, f"{BASE}/contact", injected)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Ange ditt namn med bara bokstäver, mellanslag, bindestreck och apostrofer" in html
    assert post(client, f"{BASE}/contact", {**CONTACT, "name": "Eva  Ek"}).status_code == 302
    post(client, f"{BASE}/check", {})
    with app.app_context():
        [report] = db.session.scalars(select(Report)).all()
        receipts = db.session.scalars(select(Notification)).all()
    assert report.name == "Eva Ek"
    assert receipts and all("evil" not in n.body for n in receipts)


def test_a_value_cannot_break_a_subject_into_lines(app):
    with app.app_context():
        rendered = render("waste_subscription/composting_notice", "email", "sv", {
            "designation": "Exempelby 3:14\r\nBcc: x@evil.example\u2028Mer", "reference": "AV-1",
            "customer_number": "1", "name": "Eva", "address": "Storgatan 1",
            "compost_type": "varmkompost", "effective_date": "1 december"})
    assert rendered.subject == ("Anmälan om kompostering av matavfall, Exempelby 3:14 "
                                "Bcc: x@evil.example Mer (AV-1)")
    assert "\n" not in rendered.subject
