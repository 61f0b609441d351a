"""An inbound SMS delivered twice (a provider's retry, a replayed signed request) counts once."""

import pytest
import requests
from sqlalchemy import select

from eservices.db import db
from eservices.testing import LiveServer
from notifications.models import InboundMessage, OptOut
from notifications.providers import webhook_token
from tests.fakes import twilio_server

fake_twilio = twilio_server.fake_twilio
E164, OUR_NUMBER = "+46701234567", "+46766860000"


@pytest.fixture
def server(make_app, fake_twilio):
    app = make_app(SMS_PROVIDER=["twilio"], TWILIO_ACCOUNT_SID=fake_twilio.account_sid,
                   TWILIO_AUTH_TOKEN=fake_twilio.auth_token, TWILIO_FROM=OUR_NUMBER,
                   TWILIO_BASE_URL=fake_twilio.base_url)
    live = LiveServer(app).start()
    app.config["PUBLIC_BASE_URL"] = live.url
    yield live
    live.stop()


def stored(app):
    with app.app_context():
        rows = db.session.scalars(select(InboundMessage).order_by(InboundMessage.id)).all()
        opt_out = db.session.get(OptOut, E164)
        return [(r.provider, r.action) for r in rows], opt_out is not None and opt_out.active


def test_a_replayed_signed_twilio_stopp_is_stored_and_acted_on_once(server, fake_twilio):
    url = f"{server.url}/notifications/webhooks/twilio/inbound"
    assert fake_twilio.send_inbound(url, E164, OUR_NUMBER, "STOPP") == 200
    stopp = fake_twilio.callbacks[-1]
    assert fake_twilio.send_inbound(url, E164, OUR_NUMBER, "START") == 200
    assert fake_twilio.replay(stopp) == 200  # the signature is valid: only its id repeats
    again = requests.post(url, data=stopp.params, timeout=5,
                          headers={"X-Twilio-Signature": stopp.signature})
    assert again.status_code == 200
    assert "<Message>" not in again.text  # no second confirmation SMS to the resident
    assert stored(server.app) == ([("twilio", "stop"), ("twilio", "start")], False)


def test_46elks_inbound_sent_twice_is_stored_once(server):
    with server.app.app_context():
        token = webhook_token("46elks-inbound")
    url = f"{server.url}/notifications/webhooks/46elks/inbound/{token}"
    form = {"direction": "incoming", "id": "s" + "a" * 32, "from": E164, "to": OUR_NUMBER,
            "message": "Tack!", "created": "2026-12-01T10:00:00.000000"}
    for _ in range(2):
        assert requests.post(url, data=form, timeout=5).status_code == 200
    assert stored(server.app) == ([("46elks", "")], False)


def test_malformed_46elks_webhooks_are_refused_not_errors(server):
    with server.app.app_context():
        inbound = webhook_token("46elks-inbound")
        status = webhook_token("46elks-status:n-1")
    base = f"{server.url}/notifications/webhooks/46elks"
    assert requests.post(f"{base}/inbound/{inbound}", data={"from": E164},
                         timeout=5).status_code == 400
    for form in ({}, {"id": "s1", "status": "lost"}):
        assert requests.post(f"{base}/status/n-1/{status}", data=form,
                             timeout=5).status_code == 400
    assert stored(server.app) == ([], False)
