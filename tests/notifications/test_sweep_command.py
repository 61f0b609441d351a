"""``flask notifications sweep`` hands over what it queued before it exits, and says so."""

import os
import subprocess
import sys
from datetime import timedelta

from sqlalchemy import select, update

from eservices import clock
from eservices.db import db
from notifications import send_sms
from notifications.models import Notification
from tests.fakes import twilio_server
from tests.notifications.test_reconcile import OUR_NUMBER, app, interrupted  # noqa: F401

fake_twilio = twilio_server.fake_twilio
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def test_the_command_sends_before_it_exits_and_prints_true_counts(app, database_url,  # noqa: F811
                                                                   tmp_path, fake_twilio):
    with app.app_context():
        waiting = [send_sms(f"070-123 45 6{i}", body=f"Väntar {i}", category="receipt",
                            module_id="platform").id for i in range(5)]
        db.session.info.pop("notifications_pending")  # left behind: a retry now due
        db.session.execute(update(Notification).where(Notification.id.in_(waiting))
                           .values(next_attempt_at=clock.now() - timedelta(seconds=1)))
        db.session.commit()
    interrupted(app, "070-765 43 21", "Redan där", "twilio")
    fake_twilio.client().messages.create(to="+46707654321", from_=OUR_NUMBER, body="Redan där")
    fake_twilio.respond_with(status=503)  # one of the five fails first and waits for a retry
    env = {k: v for k, v in os.environ.items() if not k.startswith("FLASK_")}
    env.update(DATABASE_URL=database_url, SECRET_KEY="sweep-test-" + "x" * 32,
               ESERVICES_INSTANCE_PATH=str(tmp_path), SMS_PROVIDER="twilio",
               TWILIO_ACCOUNT_SID=fake_twilio.account_sid,
               TWILIO_AUTH_TOKEN=fake_twilio.auth_token, TWILIO_FROM=OUR_NUMBER,
               TWILIO_BASE_URL=fake_twilio.base_url, NOTIFICATION_RETRY_SECONDS="60",
               QUIET_HOURS="", PERIODIC_JOBS="off", LOG_LEVEL="WARNING")
    result = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "notifications",
                             "sweep"], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert ("Interrupted hand-overs: 1 found at the provider, 0 to send again, 0 not answered"
            in result.stdout), result.stdout
    assert "Queued 5 messages: 1 created, 4 sent." in result.stdout, result.stdout
    with app.app_context():
        statuses = sorted(db.session.scalars(select(Notification.status)))
    assert statuses == ["created"] + ["sent"] * 5
    assert len(fake_twilio.messages) == 5  # four of the five, and the one it already had
