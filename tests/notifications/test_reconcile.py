"""Interrupted hand-overs are settled by asking the provider, never by guessing.

Each test leaves messages the way a process killed mid-hand-over leaves them - "sending",
the provider named, the lease run out, and the provider holding some of them (handed to the
local fake through its real API) - then runs the real sweep. tests/notifications/test_crash.py
produces the same state with a real kill -9.
"""

import threading
import time
from datetime import timedelta

import pytest
import requests
from sqlalchemy import select, update

from eservices import clock
from eservices.db import db
from eservices.testing import LiveServer
from notifications import send_email, send_sms
from notifications.delivery import sweep, sweep_report
from notifications.models import Notification, NotificationEvent
from tests.fakes import elks46_server, twilio_server

fake_twilio = twilio_server.fake_twilio
fake_elks46 = elks46_server.fake_elks46
OUR_NUMBER = "+46766860000"


@pytest.fixture
def app(make_app, fake_twilio):
    return make_app(SMS_PROVIDER=["twilio"], TWILIO_ACCOUNT_SID=fake_twilio.account_sid,
                    TWILIO_AUTH_TOKEN=fake_twilio.auth_token, TWILIO_FROM=OUR_NUMBER,
                    TWILIO_BASE_URL=fake_twilio.base_url, NOTIFICATION_RETRY_SECONDS=0.2)


def interrupted(app, to, body, provider, *, lease_left=-1.0, email=False):
    """A message whose hand-over to ``provider`` was cut off (lease_left < 0: run out)."""
    with app.app_context():
        if email:
            notification = send_email(
                to, template="accessibility_report/receipt", category="receipt",
                personalisation={"reference": body, "municipality": "Exempelkommun",
                                 "greeting_name": " Eva"})
        else:
            notification = send_sms(to, body=body, category="receipt", module_id="platform")
        db.session.info.pop("notifications_pending")  # the dead process had taken it
        now = clock.now()
        db.session.execute(update(Notification).where(Notification.id == notification.id)
                           .values(status="sending", attempts=1, provider=provider,
                                   claimed_at=now - timedelta(seconds=30),
                                   lease_until=now + timedelta(seconds=lease_left)))
        db.session.commit()
        return notification.id


def rows(app, *ids):
    app.extensions["notifications.dispatcher"].wait_idle(20)
    with app.app_context():
        db.session.expire_all()
        found = {n.id: n for n in db.session.scalars(select(Notification)
                                                      .where(Notification.id.in_(ids)))}
        for n in found.values():
            db.session.expunge(n)
        return [found[i] for i in ids]


def events(app, notification_id):
    with app.app_context():
        return [(e.status, e.detail) for e in db.session.scalars(
            select(NotificationEvent).where(NotificationEvent.notification_id == notification_id)
            .order_by(NotificationEvent.id))]


def test_what_twilio_has_is_recorded_and_only_the_rest_is_sent_again(app, fake_twilio):
    had = interrupted(app, "070-123 45 67", "Din tid är 10:00", "twilio")
    fake_twilio.client().messages.create(to="+46701234567", from_=OUR_NUMBER,
                                         body="Din tid är 10:00")
    twin = interrupted(app, "070-123 45 67", "Din tid är 10:00", "twilio")  # same text, lost
    lost = interrupted(app, "070-765 43 21", "Hämtning i morgon", "twilio")
    unheld = interrupted(app, "070-111 22 33", "Ej lämnad", "")  # died before the call
    live = interrupted(app, "070-222 33 44", "Pågår", "twilio", lease_left=60)
    with app.app_context():
        report = sweep_report()
    assert (report.reconciled.found, report.reconciled.resent) == (1, 3)
    assert sorted(report.queued) == sorted([twin, lost, unheld])
    had_row, twin_row, lost_row, unheld_row, live_row = rows(app, had, twin, lost, unheld, live)
    [original] = [m for m in fake_twilio.messages if m["body"] == "Din tid är 10:00"
                  and m["sid"] != twin_row.provider_id]
    assert had_row.status == "sent" and had_row.provider_id == original["sid"]
    assert events(app, had)[-1] == ("sent", "twilio has it (hand-over interrupted)")
    assert [r.status for r in (twin_row, lost_row, unheld_row)] == ["sent"] * 3
    bodies = sorted(m["body"] for m in fake_twilio.messages)
    assert bodies == sorted(["Din tid är 10:00"] * 2 + ["Hämtning i morgon", "Ej lämnad"])
    assert live_row.status == "sending"  # its process still owns it
    assert fake_twilio.violations == []


def test_an_unreachable_provider_is_asked_again_not_guessed_about(app, fake_twilio):
    notification_id = interrupted(app, "070-123 45 67", "Påminnelse", "twilio")
    fake_twilio.client().messages.create(to="+46701234567", from_=OUR_NUMBER, body="Påminnelse")
    fake_twilio.fail_all(status=503)
    with app.app_context():
        report = sweep_report()
    assert report.reconciled.unanswered == 1 and report.queued == []
    assert rows(app, notification_id)[0].status == "sending"
    fake_twilio.recover()
    with app.app_context():
        assert sweep() == 0
    [row] = rows(app, notification_id)
    assert row.status == "sent" and len(fake_twilio.messages) == 1


def test_46elks_history_settles_its_hand_overs(make_app, fake_elks46):
    app = make_app(SMS_PROVIDER=["46elks"], ELKS46_USERNAME=fake_elks46.username,
                   ELKS46_PASSWORD=fake_elks46.password, ELKS46_FROM="Exempelkn",
                   ELKS46_BASE_URL=fake_elks46.base_url)
    had = interrupted(app, "070-123 45 67", "Välkommen", "46elks")
    sms = requests.post(f"{fake_elks46.base_url}/sms", timeout=5,
                        auth=(fake_elks46.username, fake_elks46.password),
                        data={"from": "Exempelkn", "to": "+46701234567",
                              "message": "Välkommen"}).json()
    lost = interrupted(app, "070-123 45 67", "Hej igen", "46elks")
    with app.app_context():
        assert sweep() == 1
    had_row, lost_row = rows(app, had, lost)
    assert (had_row.status, had_row.provider_id) == ("sent", sms["id"])
    assert lost_row.status == "sent"
    assert sorted(m["message"] for m in fake_elks46.messages) == ["Hej igen", "Välkommen"]


def test_email_cannot_be_looked_up_so_it_is_sent_again(app):
    notification_id = interrupted(app, "anna@example.se", "TR-AB23-CD45", "outbox", email=True)
    with app.app_context():
        assert sweep() == 1
    assert rows(app, notification_id)[0].status == "delivered"
    assert events(app, notification_id)[0][1].startswith("hand-over interrupted; outbox")


def test_a_live_slow_batch_is_never_reconciled_under_its_feet(make_app, fake_twilio):
    app = make_app(SMS_PROVIDER=["twilio"], TWILIO_ACCOUNT_SID=fake_twilio.account_sid,
                   TWILIO_AUTH_TOKEN=fake_twilio.auth_token, TWILIO_FROM=OUR_NUMBER,
                   TWILIO_BASE_URL=fake_twilio.base_url, PROVIDER_TIMEOUT_SECONDS=2.0,
                   DISPATCH_LEASE_MARGIN_SECONDS=0.2)
    fake_twilio.respond_with(delay=1.5, times=3)
    with app.app_context():
        ids = [send_sms(f"070-123 45 6{i}", body="Långsamt", category="receipt",
                        module_id="platform").id for i in range(3)]
        db.session.commit()
    stop = threading.Event()

    def sweep_all_the_time():
        while not stop.wait(0.1):
            with app.app_context():
                sweep(grace=timedelta(0))

    sweeper = threading.Thread(target=sweep_all_the_time)
    sweeper.start()
    try:
        found = rows(app, *ids)
    finally:
        stop.set()
        sweeper.join()
    assert [n.status for n in found] == ["sent"] * 3
    assert len(fake_twilio.messages) == 3
    assert all(events(app, i)[-1] == ("sent", "handed to twilio") for i in ids)


def test_a_receipt_that_beats_reconciliation_names_the_message(app, fake_twilio):
    notification_id = interrupted(app, "070-123 45 67", "Kvitto", "twilio")
    live = LiveServer(app).start()
    try:
        sid = fake_twilio.client().messages.create(
            to="+46701234567", from_=OUR_NUMBER, body="Kvitto",
            status_callback=f"{live.url}/notifications/webhooks/twilio/status/{notification_id}"
        ).sid
        app.config["PUBLIC_BASE_URL"] = live.url
        assert fake_twilio.send_status(sid, "delivered") == 204
    finally:
        live.stop()
    with app.app_context():
        assert sweep() == 0
    [row] = rows(app, notification_id)
    assert (row.status, row.provider_id) == ("delivered", sid)
    assert len(fake_twilio.messages) == 1


def test_a_retry_after_a_lost_answer_asks_first_and_sends_nothing_twice(make_app, fake_twilio):
    app = make_app(SMS_PROVIDER=["twilio"], TWILIO_ACCOUNT_SID=fake_twilio.account_sid,
                   TWILIO_AUTH_TOKEN=fake_twilio.auth_token, TWILIO_FROM=OUR_NUMBER,
                   TWILIO_BASE_URL=fake_twilio.base_url, PROVIDER_TIMEOUT_SECONDS=0.3,
                   NOTIFICATION_RETRY_SECONDS=1.5)
    fake_twilio.respond_with(delay=0.8)  # Twilio takes it, but answers after our time-out
    with app.app_context():
        notification_id = send_sms("070-123 45 67", body="En gång", category="receipt",
                                   module_id="platform").id
        db.session.commit()
    deadline = time.monotonic() + 15
    while (row := rows(app, notification_id)[0]).status != "sent":
        assert time.monotonic() < deadline, row.status
        time.sleep(0.1)
    [message] = fake_twilio.messages
    assert (row.provider_id, row.attempts) == (message["sid"], 2)
    assert events(app, notification_id)[-2:] == [
        ("created", "twilio: timeout; retrying"), ("sent", "twilio has it (its answer was lost)")]
