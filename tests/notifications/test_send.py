"""The send API with the embedded defaults: persisted first, dispatched after commit."""

import json
import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from eservices.clock import ControlledClock
from eservices.db import db
from notifications import MessageTooLong, MissingPersonalisation, send_email, send_sms
from notifications.delivery import sweep
from notifications.models import Notification, OptOut
from notifications.optout import record_opt_out

PHONE = "070-123 45 67"
E164 = "+46701234567"
NOON = datetime(2026, 11, 27, 11, 0, tzinfo=UTC)  # 12:00 in Stockholm


@pytest.fixture
def app(make_app):
    app = make_app(QUIET_HOURS="21:00-07:00", SWEEP_INTERVAL_SECONDS=0)
    app.extensions["eservices.clock"] = ControlledClock(NOON)
    return app


def all_notifications(app):
    with app.app_context():
        db.session.expire_all()
        return db.session.scalars(select(Notification).order_by(Notification.created_at)).all()


def wait(app):
    assert app.extensions["notifications.dispatcher"].wait_idle(timeout=20)


def test_rollback_sends_nothing(app):
    with app.app_context():
        send_sms(PHONE, body="Hej", category="receipt", module_id="platform")
        db.session.rollback()
    wait(app)
    assert all_notifications(app) == []


def test_commit_then_delivered_to_the_outbox(app):
    with app.app_context():
        send_sms(PHONE, body="Hej från kommunen", category="receipt", module_id="platform",
                 reference="TR-1")
        db.session.commit()
    wait(app)
    [n] = all_notifications(app)
    assert (n.status, n.provider, n.recipient, n.reference) == ("delivered", "outbox", E164,
                                                                "TR-1")


def test_a_crash_right_after_commit_loses_nothing(app, database_url, tmp_path):
    # A separate process commits a message and dies before handing it over.
    script = textwrap.dedent(f"""
        import os
        from eservices import create_app
        from eservices.db import db
        from notifications import send_sms
        app = create_app({{"DATABASE_URL": {database_url!r}, "SECRET_KEY": "k" * 32,
                           "QUIET_HOURS": "", "SWEEP_INTERVAL_SECONDS": 0}}, environ={{}},
                         instance_path={str(tmp_path)!r})
        class Dying:
            def enqueue(self, ids, delay=0):
                os._exit(3)
        app.extensions["notifications.dispatcher"] = Dying()
        with app.app_context():
            send_sms("070-123 45 67", body="Viktigt", category="receipt", module_id="platform")
            db.session.commit()
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=60)
    assert result.returncode == 3, result.stderr.decode()
    [n] = all_notifications(app)
    assert n.status == "created"
    app.extensions["eservices.clock"].set(datetime.now(UTC) + timedelta(seconds=10))
    with app.app_context():
        assert sweep() == 1
    wait(app)
    [n] = all_notifications(app)
    assert n.status == "delivered"


def test_a_task_delivered_twice_sends_once(app):
    from notifications.delivery import deliver

    with app.app_context():
        notification = send_sms(PHONE, body="Hej", category="receipt", module_id="platform")
        notification_id = notification.id
        db.session.info.pop("notifications_pending")  # hand it over ourselves, twice
        db.session.commit()
        assert deliver(notification_id) == "delivered"
        assert deliver(notification_id) is None


def test_idempotency_key_gives_one_message(app):
    with app.app_context():
        first = send_sms(PHONE, body="Hej", category="receipt", module_id="platform",
                         idempotency_key="case-1")
        second = send_sms(PHONE, body="Hej", category="receipt", module_id="platform",
                          idempotency_key="case-1")
        assert first.id == second.id
        db.session.commit()
    wait(app)
    assert len(all_notifications(app)) == 1


def test_templates_by_language_and_missing_placeholders(app):
    with app.app_context():
        sv = send_sms(PHONE, template="platform/opt_in_confirmation",
                      personalisation={"municipality": "Piteå kommun"}, category="receipt")
        en = send_sms(PHONE, template="platform/opt_in_confirmation", language="en",
                      personalisation={"municipality": "Piteå kommun"}, category="receipt")
        assert sv.body.startswith("Du får sms från Piteå kommun igen")
        assert en.body.startswith("You will get texts from Piteå kommun again")
        assert "{" not in sv.body
        with pytest.raises(MissingPersonalisation, match="municipality"):
            send_sms(PHONE, template="platform/opt_in_confirmation", personalisation={},
                     category="receipt")
        db.session.rollback()


def test_too_long_messages_are_refused(app):
    with app.app_context(), pytest.raises(MessageTooLong):
        send_sms(PHONE, body="a" * (153 * 3 + 1), category="receipt", module_id="platform")


def test_quiet_hours_hold_and_release(app):
    clock = app.extensions["eservices.clock"]
    clock.set(datetime(2026, 11, 27, 21, 30, tzinfo=UTC))  # 22:30 in Stockholm
    with app.app_context():
        send_sms(PHONE, body="Påminnelse", category="reminder", module_id="platform")
        send_sms(PHONE, body="Din kod är 123456", category="verification", module_id="platform")
        db.session.commit()
    wait(app)
    reminder, code = all_notifications(app)
    assert (reminder.status, code.status) == ("created", "delivered")
    assert reminder.next_attempt_at == datetime(2026, 11, 28, 6, 0, tzinfo=UTC)  # 07:00 local
    clock.set(datetime(2026, 11, 28, 5, 59, tzinfo=UTC))
    with app.app_context():
        assert sweep() == 0
    clock.set(datetime(2026, 11, 28, 6, 0, tzinfo=UTC))
    with app.app_context():
        assert sweep() == 1
    wait(app)
    assert all_notifications(app)[0].status == "delivered"


def test_opted_out_numbers_get_nothing(app):
    with app.app_context():
        record_opt_out(E164, "test")
        db.session.commit()
        send_sms(PHONE, body="Hej", category="receipt", module_id="platform")
        db.session.commit()
    wait(app)
    [n] = all_notifications(app)
    assert n.status == "opted-out" and n.provider == ""


def test_per_recipient_limit_holds_the_rest(make_app):
    app = make_app(SMS_PER_RECIPIENT_PER_HOUR=2, QUIET_HOURS="", SWEEP_INTERVAL_SECONDS=0)
    with app.app_context():
        for i in range(3):
            send_sms(PHONE, body=f"Meddelande {i}", category="alert", module_id="platform")
            db.session.commit()
            app.extensions["notifications.dispatcher"].wait_idle()
    statuses = sorted(n.status for n in all_notifications(app))
    assert statuses == ["created", "delivered", "delivered"]


def test_email_to_the_outbox(app):
    with app.app_context():
        with pytest.raises(ValueError, match="e-mail"):
            send_email("not-an-address", template="platform/opt_in_confirmation",
                       category="receipt")
        db.session.rollback()


def test_outbox_command_prints_json(app):
    with app.app_context():
        send_sms(PHONE, body="Din kod är 482913", category="verification", module_id="platform")
        db.session.commit()
    wait(app)
    result = app.test_cli_runner().invoke(args=["notifications", "outbox", "--json"])
    [message] = json.loads(result.output)
    assert message["to"] == E164 and message["body"] == "Din kod är 482913"
    assert message["status"] == "delivered"


def test_send_sms_command_reports_the_outcome(app):
    result = app.test_cli_runner().invoke(
        args=["notifications", "send-sms", "--to", PHONE, "--body", "Test från driften"])
    assert result.exit_code == 0, result.output
    assert "delivered via outbox" in result.output
    bad = app.test_cli_runner().invoke(args=["notifications", "send-sms", "--to", "12",
                                             "--body", "x"])
    assert bad.exit_code != 0 and "not a mobile number" in bad.output


def test_purge_removes_old_content_only(app):
    clock = app.extensions["eservices.clock"]
    with app.app_context():
        send_sms(PHONE, body="Gammalt", category="receipt", module_id="platform")
        db.session.commit()
    wait(app)
    clock.advance(days=91)
    with app.app_context():
        send_sms(PHONE, body="Nytt", category="receipt", module_id="platform")
        db.session.commit()
    wait(app)
    result = app.test_cli_runner().invoke(args=["notifications", "purge"])
    assert "Purged 1 messages" in result.output
    old, new = all_notifications(app)
    assert (old.body, old.recipient, new.body) == ("", "", "Nytt")
    assert old.purged_at is not None


def test_opt_out_rows_are_per_number(app):
    with app.app_context():
        record_opt_out(E164, "test")
        db.session.commit()
        assert db.session.scalar(select(func.count()).select_from(OptOut)) == 1


def test_residents_who_opted_out_are_told_how_to_opt_back_in(make_app):
    from notifications.optout import opt_in_instructions

    app = make_app(TWILIO_FROM="+46766860000")
    with app.test_request_context():
        assert opt_in_instructions(E164) is None
        record_opt_out(E164, "test")
        db.session.commit()
        assert opt_in_instructions(E164) == (
            "Det här numret har bett oss att inte skicka sms. Skicka START till +46766860000 "
            "för att få sms från oss igen, och försök sedan på nytt.")
