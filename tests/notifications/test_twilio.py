"""SMS through the real twilio SDK to a local server that checks Twilio's OpenAPI spec."""

import time

import pytest
from sqlalchemy import select
from twilio.request_validator import RequestValidator

from eservices.db import db
from eservices.testing import LiveServer
from notifications import send_sms
from notifications.models import InboundMessage, Notification, NotificationEvent, OptOut
from tests.fakes import elks46_server, twilio_server

fake_twilio = twilio_server.fake_twilio
fake_elks46 = elks46_server.fake_elks46
PHONE, E164, OUR_NUMBER = "070-123 45 67", "+46701234567", "+46766860000"


@pytest.fixture
def app(make_app, fake_twilio):
    return make_app(SMS_PROVIDER=["twilio"], TWILIO_ACCOUNT_SID=fake_twilio.account_sid,
                    TWILIO_AUTH_TOKEN=fake_twilio.auth_token, TWILIO_FROM=OUR_NUMBER,
                    TWILIO_BASE_URL=fake_twilio.base_url, NOTIFICATION_RETRY_SECONDS=0.2)


@pytest.fixture
def server(app):
    live = LiveServer(app).start()
    app.config["PUBLIC_BASE_URL"] = live.url
    yield live
    live.stop()


def send(app, body="Hej från kommunen", **kwargs):
    with app.app_context():
        notification_id = send_sms(PHONE, body=body, category="receipt", module_id="platform",
                                   **kwargs).id
        db.session.commit()
    return notification_id


def settle(app, notification_id, until=("sent", "delivered"), timeout=15.0):
    deadline = time.monotonic() + timeout
    while True:
        app.extensions["notifications.dispatcher"].wait_idle(timeout)
        with app.app_context():
            notification = db.session.get(Notification, notification_id)
            if notification.status in until or time.monotonic() > deadline:
                db.session.expunge(notification)
                return notification
        time.sleep(0.05)


def test_message_matches_twilios_spec_and_receipts_arrive(app, server, fake_twilio):
    notification_id = send(app)
    notification = settle(app, notification_id, until=("sent",))
    assert fake_twilio.violations == []
    [request] = [r for r in fake_twilio.requests if r.method == "POST"]
    assert request.form["To"] == [E164] and request.form["From"] == [OUR_NUMBER]
    assert request.form["StatusCallback"] == [
        f"{server.url}/notifications/webhooks/twilio/status/{notification_id}"]
    assert notification.provider_id == fake_twilio.messages[0]["sid"]
    assert fake_twilio.send_status(notification.provider_id, "delivered") == 204
    assert fake_twilio.send_status(notification.provider_id, "sent") == 204  # late, ignored
    notification = settle(app, notification_id, until=("delivered",))
    assert notification.status == "delivered"


def test_a_500_then_201_gives_exactly_one_delivered_message(app, server, fake_twilio):
    fake_twilio.respond_with(status=500)
    notification = settle(app, send(app), until=("sent",))
    assert notification.status == "sent" and notification.attempts == 2
    assert len(fake_twilio.messages) == 1
    fake_twilio.send_status(notification.provider_id, "delivered")
    assert settle(app, notification.id, until=("delivered",)).status == "delivered"
    assert len(fake_twilio.messages) == 1 and fake_twilio.violations == []


def test_429_backs_off_exponentially_before_trying_again(app, server, fake_twilio):
    fake_twilio.respond_with(status=429, times=2)
    started = time.monotonic()
    notification_id = send(app)
    app.extensions["notifications.dispatcher"].wait_idle()
    with app.app_context():
        waiting = db.session.get(Notification, notification_id)
        assert waiting.status == "created" and waiting.error_code == "20429"
        assert (waiting.next_attempt_at - waiting.updated_at).total_seconds() >= 0.19
    notification = settle(app, notification_id, until=("sent",))
    assert notification.status == "sent" and notification.attempts == 3
    assert time.monotonic() - started >= 0.2 + 0.4  # waited 0.2 s, then 0.4 s
    assert len(fake_twilio.messages) == 1


@pytest.mark.parametrize(("code", "status"), [(21211, "permanent-failure"),
                                              (21614, "permanent-failure"),
                                              (21610, "opted-out")])
def test_permanent_errors_are_final_and_not_retried(app, server, fake_twilio, code, status):
    fake_twilio.respond_with(code=code)
    notification = settle(app, send(app), until=(status,))
    assert (notification.status, notification.error_code, notification.attempts) == (
        status, str(code), 1)
    time.sleep(0.5)
    assert len([r for r in fake_twilio.requests if r.method == "POST"]) == 1
    if status == "opted-out":
        with app.app_context():
            assert db.session.get(OptOut, E164).active


def test_one_thread_keeps_dispatch_concurrency_messages_in_flight(make_app, fake_twilio):
    app = make_app(SMS_PROVIDER=["twilio"], TWILIO_ACCOUNT_SID=fake_twilio.account_sid,
                   TWILIO_AUTH_TOKEN=fake_twilio.auth_token, TWILIO_FROM=OUR_NUMBER,
                   TWILIO_BASE_URL=fake_twilio.base_url, DISPATCH_THREADS=1,
                   DISPATCH_CONCURRENCY=3)
    fake_twilio.respond_with(delay=0.6, times=6)  # succeed, slowly
    with app.app_context():
        ids = [send_sms(f"070-123 45 6{i}", body="Hej", category="receipt",
                        module_id="platform").id for i in range(6)]
        db.session.commit()
    assert app.extensions["notifications.dispatcher"].wait_idle(30)
    arrived = sorted(r.received_at for r in fake_twilio.requests if r.method == "POST")
    assert len(arrived) == 6 and fake_twilio.violations == []
    # Three at once, then the next three only once the first answers came back.
    assert arrived[2] - arrived[0] < 0.5
    assert arrived[3] - arrived[0] >= 0.5
    with app.app_context():
        assert {n.status for n in db.session.scalars(
            select(Notification).where(Notification.id.in_(ids)))} == {"sent"}


def test_an_answer_slower_than_the_time_out_is_retried(make_app, fake_twilio):
    app = make_app(SMS_PROVIDER=["twilio"], TWILIO_ACCOUNT_SID=fake_twilio.account_sid,
                   TWILIO_AUTH_TOKEN=fake_twilio.auth_token, TWILIO_FROM=OUR_NUMBER,
                   TWILIO_BASE_URL=fake_twilio.base_url, PROVIDER_TIMEOUT_SECONDS=0.3,
                   NOTIFICATION_RETRY_SECONDS=0.2)
    fake_twilio.respond_with(delay=1.5)
    notification = settle(app, send(app), until=("sent",))
    assert (notification.status, notification.attempts) == ("sent", 2)
    with app.app_context():
        details = [e.detail for e in db.session.scalars(select(NotificationEvent).where(
            NotificationEvent.notification_id == notification.id))]
    assert "twilio: timeout; retrying" in details


def test_the_blocking_send_speaks_the_same_contract(app, fake_twilio):
    from notifications.providers import Outgoing, PermanentError, build_provider

    with app.app_context():
        provider = build_provider("twilio")
    accepted = provider.send(Outgoing("n-1", "sms", E164, "Hej"))
    assert accepted.provider_id == fake_twilio.messages[0]["sid"]
    fake_twilio.respond_with(code=21211)
    with pytest.raises(PermanentError) as refused:
        provider.send(Outgoing("n-2", "sms", E164, "Hej"))
    assert refused.value.code == "21211" and fake_twilio.violations == []


def test_forged_and_unsigned_callbacks_get_403(app, server, fake_twilio):
    notification = settle(app, send(app), until=("sent",))
    assert fake_twilio.send_status(notification.provider_id, "delivered", forge=True) == 403
    assert fake_twilio.send_status(notification.provider_id, "delivered", signed=False) == 403
    inbound_url = f"{server.url}/notifications/webhooks/twilio/inbound"
    assert fake_twilio.send_inbound(inbound_url, E164, OUR_NUMBER, "STOPP", forge=True) == 403
    with app.app_context():
        assert db.session.get(Notification, notification.id).status == "sent"
        assert db.session.scalars(select(InboundMessage)).all() == []
        assert db.session.get(OptOut, E164) is None


def test_stopp_suppresses_and_start_resumes(app, server, fake_twilio):
    inbound_url = f"{server.url}/notifications/webhooks/twilio/inbound"
    assert fake_twilio.send_inbound(inbound_url, E164, OUR_NUMBER, " stopp ") == 200
    reply = fake_twilio.callbacks[-1].body
    assert "<Message>Du får inte längre sms från Exempelkommun." in reply
    suppressed = settle(app, send(app), until=("opted-out",))
    assert suppressed.status == "opted-out" and fake_twilio.messages == []

    assert fake_twilio.send_inbound(inbound_url, E164, OUR_NUMBER, "START") == 200
    assert "Du får sms från Exempelkommun igen" in fake_twilio.callbacks[-1].body
    assert settle(app, send(app), until=("sent",)).status == "sent"
    assert len(fake_twilio.messages) == 1
    with app.app_context():
        actions = db.session.scalars(select(InboundMessage.action)
                                     .order_by(InboundMessage.id)).all()
    assert actions == ["stop", "start"]


def test_signatures_are_checked_against_the_public_url_behind_a_proxy(make_app, fake_twilio):
    app = make_app(TWILIO_AUTH_TOKEN=fake_twilio.auth_token, TRUSTED_PROXIES=1,
                   TRUSTED_HOSTS=["e.exempelkommun.se"])
    public_url = "https://e.exempelkommun.se/notifications/webhooks/twilio/inbound"
    params = {"From": E164, "To": OUR_NUMBER, "Body": "Hej", "MessageSid": "SM" + "0" * 32}
    signature = RequestValidator(fake_twilio.auth_token).compute_signature(public_url, params)
    client = app.test_client()
    proxied = {"X-Twilio-Signature": signature, "X-Forwarded-Proto": "https",
               "X-Forwarded-Host": "e.exempelkommun.se", "X-Forwarded-For": "203.0.113.9"}
    response = client.post("/notifications/webhooks/twilio/inbound", data=params,
                           headers=proxied)
    assert response.status_code == 200
    direct = client.post("/notifications/webhooks/twilio/inbound", data=params,
                         headers={"X-Twilio-Signature": signature})
    assert direct.status_code == 403  # the URL Twilio signed is not the one it reached


def test_failover_to_46elks_and_back(make_app, fake_twilio, fake_elks46):
    app = make_app(SMS_PROVIDER=["twilio", "46elks"],
                   TWILIO_ACCOUNT_SID=fake_twilio.account_sid,
                   TWILIO_AUTH_TOKEN=fake_twilio.auth_token, TWILIO_FROM=OUR_NUMBER,
                   TWILIO_BASE_URL=fake_twilio.base_url, ELKS46_USERNAME=fake_elks46.username,
                   ELKS46_PASSWORD=fake_elks46.password, ELKS46_FROM="Exempelkn",
                   ELKS46_BASE_URL=fake_elks46.base_url, NOTIFICATION_RETRY_SECONDS=0.05)
    from notifications.delivery import sweep

    fake_twilio.fail_all(status=503)
    first = [settle(app, send(app, body=f"Meddelande {i}"), until=("sent",)) for i in range(4)]
    assert all(n.status == "sent" for n in first)
    assert [n.provider for n in first] == ["46elks"] * 4
    assert len(fake_elks46.messages) == 4 and fake_twilio.messages == []
    twilio_tries = len([r for r in fake_twilio.requests if r.method == "POST"])
    assert twilio_tries == 2  # two failures were enough to shift the traffic

    fake_twilio.recover()
    for _ in range(2):  # time passes: the sweeper gives Twilio its weight back
        with app.app_context():
            sweep()
    back = settle(app, send(app, body="Tillbaka"), until=("sent",))
    assert back.provider == "twilio" and len(fake_twilio.messages) == 1
    assert fake_twilio.violations == []
