"""A Finnish resident's messages go out in Finnish: the waste receipt and "the truck is coming".

The site offers ``sv,en,fi`` with Finnish declared incomplete, as a municipality in
the Finnish administrative area would run it today: the shipped Finnish catalogues
and ``[fi]`` templates are drafts (fuzzy), and offered so they are used. Both
journeys run on the demo municipality (its waste register and route network)
through the real routes: the subscription change in the test client read in
Finnish, the alert through the route-management API.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from importlib import import_module

import pytest
from sqlalchemy import select

from eservices.clock import STOCKHOLM, ControlledClock
from eservices.db import db
from eservices.testing import csrf_token_from
from notifications.models import Notification
from services.collection_alerts.keys import create_api_key
from services.collection_alerts.models import Address, AlertSubscription, Subscriber
from services.waste_subscription.models import ChangeRequest

SUBSCRIPTION = "/waste-subscription"
#: Swedish that a Finnish message must not carry (words of the [sv] templates and
#: the Swedish names of months, fractions and the receipt's parts).
SWEDISH = ("Vi har", "begäran", "Hej", "december", "Ärendenummer", "hälsningar",
           "Sopbilen", "Hämtas", "Restavfall", "Matavfall", "Sluta få sms")


@pytest.fixture
def app(make_app):
    """The shipped catalogues (not the package's small test ones), Finnish offered."""
    return make_app(LANGUAGES="sv,en,fi", LANGUAGES_INCOMPLETE="fi")


def load_demos(app, *module_ids: str) -> None:
    with app.app_context():
        installed = app.extensions["eservices.modules"].installed
        for module_id in module_ids:
            path, _, name = installed[module_id].demo_data.partition(":")
            getattr(import_module(path), name)()


def post(client, url, data):
    token = csrf_token_from(client.get(url).get_data(as_text=True))
    return client.post(url, data={**data, "csrf_token": token})


def assert_no_swedish(text: str) -> None:
    found = [word for word in SWEDISH if word in text]
    assert not found, f"Swedish in a Finnish message: {found}\n{text}"


def test_the_waste_subscription_receipt_reaches_a_finnish_resident_in_finnish(app):
    # Friday 27 November 2026: the earliest effective date is Friday 11 December.
    app.extensions["eservices.clock"] = ControlledClock(datetime(2026, 11, 27, 9, tzinfo=UTC))
    load_demos(app, "waste_register")
    client = app.test_client()
    client.get("/language/fi")
    client.get(f"{SUBSCRIPTION}/begin")
    assert '<html lang="fi"' in client.get(f"{SUBSCRIPTION}/identify").get_data(as_text=True)
    assert post(client, f"{SUBSCRIPTION}/identify", {
        "customer_number": "100001", "place": "Exempelby 3:14"}).location.endswith(
        "/subscription")
    assert post(client, f"{SUBSCRIPTION}/subscription", {"changes": ["size"]}
                ).location.endswith("/change/size")
    assert post(client, f"{SUBSCRIPTION}/change/size", {"size": "240"}
                ).location.endswith("/when")
    assert post(client, f"{SUBSCRIPTION}/when", {
        "effective_date-day": "11", "effective_date-month": "12",
        "effective_date-year": "2026"}).location.endswith("/contact")
    assert post(client, f"{SUBSCRIPTION}/contact", {
        "email": "anna@example.se", "phone": "070-174 00 01"}).location.endswith("/check")
    assert post(client, f"{SUBSCRIPTION}/check", {}).status_code == 303
    with app.app_context():
        case = db.session.scalars(select(ChangeRequest)).one()
        assert case.language == "fi"
        sent = {n.channel: n for n in db.session.scalars(select(Notification).where(
            Notification.reference == case.reference))}
        db.session.expunge_all()
    assert sorted(sent) == ["email", "sms"]
    assert all(n.language == "fi" for n in sent.values())
    sms, email = sent["sms"], sent["email"]
    assert sms.recipient == "+46701740001" and email.recipient == "anna@example.se"
    # The date in Finnish, with or without the ordinal point of the Finnish long date.
    when = r"11\.? joulukuuta 2026"
    assert re.match(f"Olemme vastaanottaneet pyyntösi {case.reference} "
                    f"jätehuoltosopimuksen muuttamisesta {when} alkaen\\.", sms.body), sms.body
    assert sms.encoding == "GSM-7"  # ä and ö are in the GSM alphabet: no dearer UCS-2
    assert email.subject == f"Olemme vastaanottaneet pyyntösi {case.reference}"
    assert email.body.startswith("Hei!")
    assert f"Asianumero: {case.reference}" in email.body
    assert re.search(f"Muutos on voimassa alkaen: {when}\n", email.body), email.body
    assert "Ystävällisin terveisin" in email.body
    for text in (sms.body, email.subject, email.body):
        assert_no_swedish(text)


def test_the_truck_is_coming_reaches_a_finnish_subscriber_in_finnish(app):
    # Monday 30 November 2026 (week 49, odd): route EX-MAN starts at Storgatan 1,
    # whose bins the register empties on Mondays of odd weeks.
    clock = ControlledClock(datetime(2026, 11, 30, 6, 50, tzinfo=STOCKHOLM).astimezone(UTC))
    app.extensions["eservices.clock"] = clock
    load_demos(app, "waste_register", "collection_alerts")
    with app.app_context():
        address = db.session.scalars(select(Address).where(
            Address.street == "Storgatan", Address.number == "1")).one()
        db.session.add(AlertSubscription(
            subscriber=Subscriber(phone="+46701740001", language="fi"), address=address,
            evening_reminder=False, approach_minutes=15))
        _row, key = create_api_key("Ruttsystemet", "test")
        db.session.commit()
    clock.set(datetime(2026, 11, 30, 6, 58, tzinfo=STOCKHOLM))
    response = app.test_client().post(
        "/api/v1/collection-alerts/route-days/EX-MAN/2026-11-30/events",
        json={"id": "start", "type": "route_day_started",
              "occurred_at": datetime(2026, 11, 30, 6, 58, tzinfo=STOCKHOLM).isoformat()},
        headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["alerts_queued"] == 1
    with app.app_context():
        [alert] = db.session.scalars(select(Notification).where(
            Notification.recipient == "+46701740001")).all()
        db.session.expunge(alert)
    assert alert.language == "fi" and alert.channel == "sms"
    assert alert.body.startswith("Jäteauto on pian osoitteessa Storgatan 1, noin klo 06:58.")
    assert "Tyhjennetään: Sekajäte, Biojäte." in alert.body
    assert "Lopeta tämän osoitteen viestit: http" in alert.body
    assert alert.encoding == "GSM-7"
    assert_no_swedish(alert.body)
