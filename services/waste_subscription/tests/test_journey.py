"""The resident's journey through the test client: rules, tampering, exactly one case.

The clock is fixed at Friday 27 November 2026 so the earliest effective date (10
working days later) is Friday 11 December 2026.  Pages are read in English.
"""

from __future__ import annotations

from sqlalchemy import select

from eservices import toolkit as tk
from eservices.db import db
from eservices.testing import csrf_token_from
from notifications.models import Notification
from services.waste_subscription.models import ChangeRequest

BASE = "/waste-subscription"


def post(client, url, data):
    token = csrf_token_from(client.get(url).get_data(as_text=True))
    return client.post(url, data={**data, "csrf_token": token})


def begin(client, customer="100001", place="Exempelby 3:14"):
    client.get("/language/en")
    client.get(f"{BASE}/begin")
    return post(client, f"{BASE}/identify", {"customer_number": customer, "place": place})


def cases(app):
    with app.app_context():
        return db.session.scalars(select(ChangeRequest)).all()


def outbox(app, reference):
    with app.app_context():
        return db.session.scalars(select(Notification).where(
            Notification.reference == reference)).all()


def finish(client, when="11 12 2026", contact=None):
    day, month, year = when.split()
    response = post(client, f"{BASE}/when", {"effective_date-day": day,
                                             "effective_date-month": month,
                                             "effective_date-year": year})
    assert response.status_code == 302, response.get_data(as_text=True)
    response = post(client, f"{BASE}/contact", contact or {"email": "anna@example.se",
                                                          "phone": "070-174 00 01"})
    assert response.location.endswith("/check")
    return client.get(f"{BASE}/check").get_data(as_text=True)


def test_bin_size_change_end_to_end(app, client, register):
    assert begin(client).location.endswith("/subscription")
    page = client.get(f"{BASE}/subscription").get_data(as_text=True)
    assert "190 litres" in page and "Every 2 weeks" in page
    assert post(client, f"{BASE}/subscription", {"changes": ["size"]}).location.endswith(
        "/change/size")
    same = post(client, f"{BASE}/change/size", {"size": "190"})
    assert "Select a size other than the one you have today" in same.get_data(as_text=True)
    assert post(client, f"{BASE}/change/size", {"size": "240"}).location.endswith("/when")
    check = finish(client)
    assert "What the change costs" in check and "Send request" in check
    token = csrf_token_from(check)
    response = client.post(f"{BASE}/check", data={"csrf_token": token})
    assert response.status_code == 303
    again = client.post(f"{BASE}/check", data={"csrf_token": token})  # a double click
    assert again.location.endswith("/confirmation")
    [case] = cases(app)
    assert case.change_types == ["size"]
    assert case.proposed_plan["bins"][0] == {"container": "restavfall", "litres": 240}
    assert str(case.effective_date) == "2026-12-11" and case.language == "en"
    confirmation = client.get(f"{BASE}/confirmation").get_data(as_text=True)
    assert case.reference in confirmation
    channels = sorted(n.channel for n in outbox(app, case.reference))
    assert channels == ["email", "sms"]


def test_identification_mismatch_reveals_nothing_and_is_rate_limited(app, client, register):
    wrong = begin(client, "100001", "Storgatan 3")  # Bertil's address
    html = wrong.get_data(as_text=True)
    assert "do not match any subscription" in html
    assert "Storgatan 1" not in html and "100002" not in html
    malformed = post(client, f"{BASE}/identify", {"customer_number": "12ab",
                                                  "place": "Storgatan 1"})
    assert "6 digits" in malformed.get_data(as_text=True)
    for _ in range(4):
        post(client, f"{BASE}/identify", {"customer_number": "100001", "place": "Fel 1"})
    limited = post(client, f"{BASE}/identify", {"customer_number": "100001",
                                                "place": "Exempelby 3:14"})
    assert limited.status_code == 429
    assert client.get(f"{BASE}/subscription").status_code == 302  # not identified


def test_forgiving_address_and_designation(client, register):
    assert begin(client, "100 001", "storg. 1").location.endswith("/subscription")
    assert begin(client, "100001", "exempelby 3 : 14").location.endswith("/subscription")


def test_every_4_weeks_needs_home_composting(app, client, register):
    begin(client)
    post(client, f"{BASE}/subscription", {"changes": ["frequency"]})
    refused = post(client, f"{BASE}/change/frequency", {"frequency": "every_4_weeks"})
    assert "compost" in refused.get_data(as_text=True)
    post(client, f"{BASE}/subscription", {"changes": ["home_composting", "frequency"]})
    missing = post(client, f"{BASE}/change/home-composting", {"compost_type": "varmkompost"})
    assert "Confirm that you will compost" in missing.get_data(as_text=True)
    assert post(client, f"{BASE}/change/home-composting",
                {"compost_type": "varmkompost", "declaration": "y"}
                ).location.endswith("/change/frequency")
    assert post(client, f"{BASE}/change/frequency",
                {"frequency": "every_4_weeks"}).location.endswith("/when")
    check = finish(client)
    assert "Send request" in check
    post(client, f"{BASE}/check", {})
    [case] = cases(app)
    assert case.proposed_plan["home_composting"] is True
    assert [b["container"] for b in case.proposed_plan["bins"]] == ["restavfall"]
    notices = [n for n in outbox(app, case.reference) if n.recipient.startswith("miljo@")]
    assert len(notices) == 1 and notices[0].language == "sv"


def test_share_with_neighbour_rules_and_confirmation_link(app, client, register):
    begin(client)
    post(client, f"{BASE}/subscription", {"changes": ["share"]})
    url = f"{BASE}/change/share"
    me = post(client, url, {"neighbour_customer_number": "100001",
                            "neighbour_address": "Storgatan 1"})
    assert "cannot share a bin with yourself" in me.get_data(as_text=True)
    other_frequency = post(client, url, {"neighbour_customer_number": "100003",
                                         "neighbour_address": "Storgatan 5"})
    assert "same frequency" in other_frequency.get_data(as_text=True)
    unknown = post(client, url, {"neighbour_customer_number": "100002",
                                 "neighbour_address": "Storgatan 99"})
    assert "could not find a subscription" in unknown.get_data(as_text=True)
    assert post(client, url, {"neighbour_customer_number": "100002",
                              "neighbour_address": "storgatan 3"}).location.endswith("/when")
    finish(client)
    post(client, f"{BASE}/check", {})
    [case] = cases(app)
    assert case.neighbour_status == "pending"
    [link_sms] = [n for n in outbox(app, case.reference) if n.recipient == "+46701740002"]
    token_url = link_sms.body.split("http://127.0.0.1:5000")[1].split()[0]  # PUBLIC_BASE_URL
    neighbour = app.test_client()
    page = neighbour.get(token_url).get_data(as_text=True)
    assert "Storgatan 1" in page
    token = csrf_token_from(page)
    neighbour.post(token_url, data={"answer": "confirm", "csrf_token": token})
    late = neighbour.post(token_url, data={"answer": "decline", "csrf_token": token})
    assert "Du har bekräftat" in late.get_data(as_text=True)  # the neighbour reads Swedish
    [case] = cases(app)
    assert case.neighbour_status == "confirmed"
    assert neighbour.get(f"{BASE}/share/not-a-token").status_code == 404


def test_pause_rules_for_holiday_homes(app, client, register):
    begin(client)
    page = client.get(f"{BASE}/subscription").get_data(as_text=True)
    assert 'value="pause"' not in page  # a permanent home cannot pause
    bad = post(client, f"{BASE}/subscription", {"changes": ["pause"]})
    assert "Select at least one" in bad.get_data(as_text=True) or bad.status_code == 200
    begin(client, "100004", "Sjöviken 1:8")
    post(client, f"{BASE}/subscription", {"changes": ["pause"]})
    url = f"{BASE}/change/pause"

    def dates(start, end):
        (sd, sm, sy), (ed, em, ey) = start.split(), end.split()
        return {"start-day": sd, "start-month": sm, "start-year": sy,
                "end-day": ed, "end-month": em, "end-year": ey}

    too_soon = post(client, url, dates("1 12 2026", "30 4 2027"))
    assert "at the earliest" in too_soon.get_data(as_text=True)
    backwards = post(client, url, dates("1 3 2027", "1 2 2027"))
    assert "must be after the first day" in backwards.get_data(as_text=True)
    assert post(client, url, dates("1 1 2027", "30 4 2027")).location.endswith("/contact")
    post(client, f"{BASE}/contact", {"phone": "0701740004"})
    post(client, f"{BASE}/check", {})
    [case] = cases(app)
    assert str(case.effective_date) == "2027-01-01"
    assert case.proposed_plan["pause"] == {"start": "2027-01-01", "end": "2027-04-30"}


def test_tampered_choices_and_dates_are_refused(app, client, register):
    begin(client)
    tampered = post(client, f"{BASE}/subscription", {"changes": ["size", "hacked"]})
    assert tampered.status_code == 200
    post(client, f"{BASE}/subscription", {"changes": ["size"]})
    assert post(client, f"{BASE}/change/size", {"size": "999"}).status_code == 200
    post(client, f"{BASE}/change/size", {"size": "370"})
    past = post(client, f"{BASE}/when", {"effective_date-day": "1", "effective_date-month": "1",
                                         "effective_date-year": "2026"})
    assert "cannot be in the past" in past.get_data(as_text=True)
    early = post(client, f"{BASE}/when", {"effective_date-day": "10",
                                          "effective_date-month": "12",
                                          "effective_date-year": "2026"})
    assert "earliest date we can make the change is 11 December 2026" in early.get_data(
        as_text=True)
    assert cases(app) == []
    with app.app_context():
        assert len(tk.waste_register().customer_numbers()) == 4


def test_urls_cannot_reach_other_pages_or_cases(app, client, register):
    assert client.get(f"{BASE}/change/size").location.endswith("/identify")  # not identified
    begin(client)
    post(client, f"{BASE}/subscription", {"changes": ["size"]})
    assert client.get(f"{BASE}/change/share").location.endswith("/subscription")  # not chosen
    assert client.get(f"{BASE}/change/anything").status_code == 404
    assert client.get(f"{BASE}/confirmation").location.endswith(f"{BASE}/")  # nothing sent
    assert client.get("/staff/waste-subscription/").status_code in (302, 303)  # sign in first
    post(client, f"{BASE}/change/size", {"size": "240"})
    finish(client)
    post(client, f"{BASE}/check", {})
    [case] = cases(app)
    stranger = app.test_client()  # another browser never sees this resident's confirmation
    assert case.reference not in stranger.get(f"{BASE}/confirmation").get_data(as_text=True)
    assert stranger.get(f"/staff/waste-subscription/{case.reference}").status_code in (302, 303)


def test_one_open_request_at_a_time(app, client, register):
    begin(client)
    post(client, f"{BASE}/subscription", {"changes": ["size"]})
    post(client, f"{BASE}/change/size", {"size": "240"})
    finish(client)
    post(client, f"{BASE}/check", {})
    [case] = cases(app)
    begin(client)  # a new journey for the same subscription
    page = client.get(f"{BASE}/subscription").get_data(as_text=True)
    assert "You already have a request that we are handling" in page
    assert case.reference in page and 'name="changes"' not in page
    assert client.get(f"{BASE}/check").location.endswith("/subscription")
    assert len(cases(app)) == 1
