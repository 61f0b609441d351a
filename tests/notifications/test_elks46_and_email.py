"""46elks receipts and replies, and e-mail to a real SMTP server (aiosmtpd) on localhost."""

import socket
import time
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from eservices.db import db
from eservices.testing import LiveServer
from notifications import send_email, send_sms
from notifications.models import Notification, OptOut
from notifications.providers import webhook_token
from tests.fakes import elks46_server

fake_elks46 = elks46_server.fake_elks46
E164 = "+46701234567"


def wait_for(app, notification_id, statuses, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        app.extensions["notifications.dispatcher"].wait_idle(timeout)
        with app.app_context():
            notification = db.session.get(Notification, notification_id)
            if notification.status in statuses:
                return notification.status
        time.sleep(0.05)
    return notification.status


@pytest.fixture
def elks_app(make_app, fake_elks46):
    app = make_app(SMS_PROVIDER=["46elks"], ELKS46_USERNAME=fake_elks46.username,
                   ELKS46_PASSWORD=fake_elks46.password, ELKS46_FROM="Exempelkn",
                   ELKS46_BASE_URL=fake_elks46.base_url)
    live = LiveServer(app).start()
    app.config["PUBLIC_BASE_URL"] = live.url
    yield app
    live.stop()


def test_46elks_delivery_report_with_its_token(elks_app, fake_elks46):
    with elks_app.app_context():
        notification_id = send_sms(E164, body="Hej", category="receipt", module_id="platform").id
        db.session.commit()
    assert wait_for(elks_app, notification_id, ("sent",)) == "sent"
    [message] = fake_elks46.messages
    assert message["from"] == "Exempelkn" and message["to"] == E164
    with elks_app.app_context():
        token = webhook_token(f"46elks-status:{notification_id}")
    assert message["whendelivered"] == (f"{elks_app.config['PUBLIC_BASE_URL']}/notifications"
                                        f"/webhooks/46elks/status/{notification_id}/{token}")
    assert fake_elks46.send_delivery_report(message["id"], "delivered") == 204
    assert wait_for(elks_app, notification_id, ("delivered",)) == "delivered"


def test_46elks_webhooks_need_the_token(elks_app, fake_elks46):
    base = elks_app.config["PUBLIC_BASE_URL"] + "/notifications/webhooks/46elks"
    status, _ = fake_elks46.send_inbound(f"{base}/inbound/not-the-token", E164, "+46766860000",
                                         "STOPP")
    assert status == 403
    with elks_app.app_context():
        assert db.session.get(OptOut, E164) is None
        token = webhook_token("46elks-inbound")
    status, reply = fake_elks46.send_inbound(f"{base}/inbound/{token}", E164, "+46766860000",
                                             "Stopp")
    assert status == 200 and reply.startswith("Du får inte längre sms")
    with elks_app.app_context():
        assert db.session.get(OptOut, E164).active


@pytest.fixture
def smtp_server():
    class Collect:
        def __init__(self):
            self.messages = []

        async def handle_DATA(self, server, session, envelope):  # the name aiosmtpd calls
            self.messages.append(envelope)
            return "250 OK"

    with socket.socket() as probe:  # aiosmtpd needs a concrete port to check it is up
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    handler = Collect()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    yield controller, handler
    controller.stop()


def test_email_over_smtp_in_the_residents_language(make_app, smtp_server):
    controller, handler = smtp_server
    app = make_app(EMAIL_PROVIDER="smtp", SMTP_HOST="127.0.0.1", SMTP_PORT=controller.port,
                   SMTP_SECURITY="none", EMAIL_FROM="E-tjänster <noreply@exempelkommun.se>")
    with app.app_context():
        notification_id = send_email(
            "Eva.Ek@Exempel.se", template="accessibility_report/receipt", language="sv",
            personalisation={"reference": "TR-AB23-CD45", "municipality": "Exempelkommun",
                             "greeting_name": " Eva"}, category="receipt").id
        db.session.commit()
    assert wait_for(app, notification_id, ("sent",)) == "sent"
    [envelope] = handler.messages
    assert envelope.rcpt_tos == ["Eva.Ek@exempel.se"]
    email = message_from_bytes(envelope.content, policy=policy.default)
    assert email["Subject"] == "Vi har tagit emot din rapport TR-AB23-CD45"
    assert email.get_content().startswith("Hej Eva!")
    assert "E-tjänster" in email["From"]


def test_smtp_server_that_cannot_be_reached_is_retried(make_app):
    app = make_app(EMAIL_PROVIDER="smtp", SMTP_HOST="127.0.0.1", SMTP_PORT=9,
                   SMTP_SECURITY="none", NOTIFICATION_RETRY_SECONDS=60)
    with app.app_context():
        notification_id = send_email(
            "eva@exempel.se", template="accessibility_report/receipt", language="en",
            personalisation={"reference": "TR-1", "municipality": "X", "greeting_name": ""},
            category="receipt").id
        db.session.commit()
    app.extensions["notifications.dispatcher"].wait_idle()
    with app.app_context():
        notification = db.session.scalar(select(Notification))
        assert notification.id == notification_id
        assert (notification.status, notification.error_code) == ("created", "smtp-connection")
        assert notification.next_attempt_at is not None
