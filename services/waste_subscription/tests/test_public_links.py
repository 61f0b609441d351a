"""The neighbour's confirmation link is on PUBLIC_BASE_URL, whichever host was asked."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from eservices.clock import ControlledClock
from eservices.db import db
from eservices.testing import client_at
from notifications.models import Notification

from .conftest import TODAY
from .test_journey import BASE, begin, cases, finish, post

PUBLIC = "https://e.exempelkommun.se"
INTERNAL = "intern.exempelkommun.se"


@pytest.fixture
def app(make_app):
    app = make_app(PUBLIC_BASE_URL=PUBLIC, TRUSTED_HOSTS=[INTERNAL])
    app.extensions["eservices.clock"] = ControlledClock(TODAY)
    return app


def share_request(client) -> None:
    begin(client)
    post(client, f"{BASE}/subscription", {"changes": ["share"]})
    post(client, f"{BASE}/change/share",
         {"neighbour_customer_number": "100002", "neighbour_address": "Storgatan 3"})
    finish(client)
    post(client, f"{BASE}/check", {})


def test_the_neighbours_link_never_carries_the_requests_host(app, register):
    share_request(client_at(app, f"http://{INTERNAL}"))  # reached through an internal name
    [case] = cases(app)
    with app.app_context():
        [sms] = db.session.scalars(select(Notification).where(
            Notification.reference == case.reference,
            Notification.recipient == "+46701740002")).all()
    assert f"{PUBLIC}{BASE}/share/" in sms.body and INTERNAL not in sms.body


def test_a_request_for_a_foreign_host_sends_nothing(app, register):
    client = client_at(app, "http://evil.example")
    assert client.get(f"{BASE}/begin").status_code == 400
    assert client.post(f"{BASE}/check", data={}).status_code == 400
    with app.app_context():
        assert db.session.scalars(select(Notification)).all() == []
