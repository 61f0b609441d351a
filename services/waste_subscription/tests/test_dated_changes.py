"""An approved change takes effect on its date, and not before (issue 17).

Customer 100001 (Storgatan 1, the demo register) asks on 1 December 2026 for a
240-litre bin emptied every week from 15 December. Once approved, "Your subscription
today" still says 190 litres every other week and shows the coming change; a new
request starts from the plan in force on 15 December; the collection calendar shows
every other Monday until then and every Monday after; on 15 December the change is
simply in force.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from importlib import import_module

import pytest
from icalendar import Calendar
from sqlalchemy import select

from eservices.clock import ControlledClock
from eservices.db import db
from eservices.testing import csrf_token_from, sign_in
from services.waste_subscription.models import ChangeRequest

BASE = "/waste-subscription"
DECEMBER_1 = datetime(2026, 12, 1, 9, tzinfo=UTC)


@pytest.fixture
def app(make_app):
    app = make_app()
    app.extensions["eservices.clock"] = ControlledClock(DECEMBER_1)
    installed = app.extensions["eservices.modules"].installed
    with app.app_context():  # the demo municipality: register and route network
        for module_id in ("collection_alerts", "waste_register"):
            path, _, name = installed[module_id].demo_data.partition(":")
            getattr(import_module(path), name)()
    return app


def post(client, url, data):
    token = csrf_token_from(client.get(url).get_data(as_text=True))
    return client.post(url, data={**data, "csrf_token": token})


def today_page(client) -> str:
    client.get(f"{BASE}/begin")
    post(client, f"{BASE}/identify", {"customer_number": "100001", "place": "Storgatan 1"})
    return client.get(f"{BASE}/subscription").get_data(as_text=True)


def today_part(page: str) -> str:
    return page.split("Your subscription today", 2)[2].split("Annual fee", 1)[0]


def restavfall_mondays(client, first: date, last: date) -> list[date]:
    found = client.get("/collection-alerts/search", query_string={"address": "Storgatan 1"})
    ics = client.get(f"{found.location}/calendar.ics", query_string={"lang": "en"})
    return [event.decoded("dtstart") for event in Calendar.from_ical(ics.data).walk("VEVENT")
            if "Residual waste" in str(event["summary"])
            and first <= event.decoded("dtstart") <= last]


def test_an_approved_change_takes_effect_on_its_date_and_not_before(app, client, create_staff):
    client.get("/language/en")
    page = today_page(client)
    assert "190 litres" in today_part(page) and "Every 2 weeks" in today_part(page)
    post(client, f"{BASE}/subscription", {"changes": ["size", "frequency"]})
    assert post(client, f"{BASE}/change/size", {"size": "240"}).status_code == 302
    assert post(client, f"{BASE}/change/frequency", {"frequency": "weekly"}).status_code == 302
    assert post(client, f"{BASE}/when", {"effective_date-day": "15", "effective_date-month": "12",
                                         "effective_date-year": "2026"}).status_code == 302
    post(client, f"{BASE}/contact", {"email": "anna@example.se", "phone": ""})
    check = client.get(f"{BASE}/check").get_data(as_text=True)
    assert client.post(f"{BASE}/check", data={"csrf_token": csrf_token_from(check)}
                       ).status_code == 303
    with app.app_context():
        case = db.session.scalar(select(ChangeRequest))
        reference = case.reference

    staff = app.test_client()
    create_staff("anna", "handlaggare")
    staff.get("/language/en")
    sign_in(staff, "anna")
    detail = staff.get(f"/staff/waste-subscription/{reference}").get_data(as_text=True)
    staff.post(f"/staff/waste-subscription/{reference}/approve",
               data={"approve_reason": "", "csrf_token": csrf_token_from(detail)})
    with app.app_context():
        assert db.session.scalar(select(ChangeRequest)).status == "approved"

    page = today_page(client)
    today = today_part(page)
    assert "190 litres" in today and "Every 2 weeks" in today and "240 litres" not in today
    coming = page.split("Your subscription from 15 December 2026", 1)[1]
    assert "240 litres" in coming and "Every week" in coming
    assert "A new change can take effect on 15 December 2026 at the earliest" in page
    # A new request is priced from the plan in force on its date: the 240-litre bin.
    post(client, f"{BASE}/subscription", {"changes": ["size"]})
    same = post(client, f"{BASE}/change/size", {"size": "240"})
    assert "Select a size other than the one you have today" in same.get_data(as_text=True)
    assert post(client, f"{BASE}/change/size", {"size": "370"}).status_code == 302
    early = post(client, f"{BASE}/when", {"effective_date-day": "14",
                                          "effective_date-month": "12",
                                          "effective_date-year": "2026"})
    assert "The earliest date we can make the change is 15 December 2026" in early.get_data(
        as_text=True)  # the day before the coming change would be overtaken by it

    assert restavfall_mondays(client, date(2026, 12, 1), date(2027, 1, 10)) == [
        date(2026, 12, 14), date(2026, 12, 21), date(2026, 12, 28), date(2027, 1, 4)]

    app.extensions["eservices.clock"] = ControlledClock(datetime(2026, 12, 15, 9, tzinfo=UTC))
    later = app.test_client()
    later.get("/language/en")
    page = today_page(later)
    assert "240 litres" in today_part(page) and "Every week" in today_part(page)
    assert "Your subscription from" not in page
