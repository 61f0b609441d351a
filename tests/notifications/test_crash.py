"""kill -9 mid-hand-over, restart, no new traffic: every message reaches the provider once.

The app (or the Celery worker) runs as a real process handing 36 SMS to a slow local provider
(4 s per message, DISPATCH_CONCURRENCY in flight per thread); it is killed with SIGKILL while
they are in flight, so some reached the provider (their answer lost) and some never left. A
new process starts - ``flask run`` on wsgi.py, or a new worker - and nothing else happens: no
message is sent, no page is asked for. It must find the interrupted hand-overs itself, ask the
provider which it has, and send only the rest: 0 lost, 0 duplicates, every row "sent" with
the provider's own id.
"""

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest
import redis
from sqlalchemy import func, select

from eservices.db import db
from notifications import send_sms
from notifications.models import Notification
from tests.fakes import elks46_server, twilio_server
from tests.notifications.test_celery import wait_until

fake_twilio = twilio_server.fake_twilio
fake_elks46 = elks46_server.fake_elks46
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BROKER = os.environ.get("TEST_CELERY_CRASH_BROKER_URL", "redis://127.0.0.1:6379/11")
MESSAGES = 36
SLOW = 4.0  # seconds the provider takes per message


def settings(database_url, tmp_path, provider, fake):
    values = {"DATABASE_URL": database_url, "SECRET_KEY": "crash-test-" + "x" * 32,
              "ESERVICES_INSTANCE_PATH": str(tmp_path), "LOG_LEVEL": "WARNING",
              "QUIET_HOURS": "", "PERIODIC_JOBS": "off", "SMS_PROVIDER": provider,
              # A batch of 25 at 10 in flight: 3 rounds of at most 5 s, plus 1 s of margin.
              # In-process, one thread: 25 are "sending" at the crash, 11 still "created".
              "PROVIDER_TIMEOUT_SECONDS": "5", "DISPATCH_CONCURRENCY": "10",
              "DISPATCH_THREADS": "1", "DISPATCH_LEASE_MARGIN_SECONDS": "1",
              # Far away: recovery must not wait for the periodic sweep.
              "SWEEP_INTERVAL_SECONDS": "300", "TASK_BACKEND": "inprocess"}
    if provider == "twilio":
        values.update(TWILIO_ACCOUNT_SID=fake.account_sid, TWILIO_AUTH_TOKEN=fake.auth_token,
                      TWILIO_FROM="+46766860000", TWILIO_BASE_URL=fake.base_url)
    else:
        values.update(ELKS46_USERNAME=fake.username, ELKS46_PASSWORD=fake.password,
                      ELKS46_FROM="Exempelkn", ELKS46_BASE_URL=fake.base_url)
    return values


def slow_down(fake):
    for _ in range(MESSAGES):  # both fakes: a scripted answer per message sent
        fake.respond_with(delay=SLOW)


def received(provider, fake):
    """(body, provider id) of every message the fake provider has."""
    if provider == "twilio":
        return [(m["body"], m["sid"]) for m in fake.messages]
    return [(m["message"], m["id"]) for m in fake.messages]


def start(args, env, log):
    environ = {k: v for k, v in os.environ.items() if not k.startswith("FLASK_")}
    return subprocess.Popen(args, cwd=ROOT, env={**environ, **env}, stdout=log,
                            stderr=subprocess.STDOUT)


def counts(app):
    with app.app_context():
        return dict(db.session.execute(select(Notification.status, func.count())
                                       .group_by(Notification.status)).all())


def kill_mid_handover(process, app, provider, fake, sending):
    """SIGKILL once ``sending`` messages are being handed over (the rest still wait)."""
    state = {"sending": sending, "created": MESSAGES - sending} if sending < MESSAGES \
        else {"sending": MESSAGES}
    assert wait_until(lambda: counts(app) == state, 30), counts(app)
    time.sleep(1.0)  # the first DISPATCH_CONCURRENCY per batch are at the provider now
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=10)
    assert received(provider, fake) == []  # nothing had answered yet


def assert_each_sent_once(app, provider, fake, restarted):
    def settled():
        return counts(app) == {"sent": MESSAGES}
    assert wait_until(settled, 40), (counts(app), restarted.poll())
    arrived = received(provider, fake)
    assert sorted(body for body, _ in arrived) == sorted(f"Meddelande {i}"
                                                        for i in range(MESSAGES))
    with app.app_context():
        stored = {n.body: n.provider_id for n in db.session.scalars(select(Notification))}
    assert stored == dict(arrived)  # every row names the provider's own message


@pytest.fixture
def monitor(make_app):
    return make_app()  # reads the rows; its own dispatcher never gets a message


@pytest.mark.parametrize("provider", ["twilio", "46elks"])
def test_in_process_crash_loses_nothing_and_sends_nothing_twice(
        provider, database_url, tmp_path, monitor, fake_twilio, fake_elks46):
    fake = fake_twilio if provider == "twilio" else fake_elks46
    env = settings(database_url, tmp_path, provider, fake)
    slow_down(fake)
    script = textwrap.dedent(f"""
        import time
        from wsgi import app  # a serving process: delivery starts with it
        from eservices.db import db
        from notifications import send_sms
        with app.app_context():
            for i in range({MESSAGES}):
                send_sms(f"+467012345{{i:02d}}", body=f"Meddelande {{i}}", category="alert",
                         module_id="platform")
            db.session.commit()
        time.sleep(600)
    """)
    with (tmp_path / "first.log").open("w") as log:
        first = start([sys.executable, "-c", script], env, log)
        try:
            kill_mid_handover(first, monitor, provider, fake, sending=25)
        finally:
            first.kill()
    with (tmp_path / "second.log").open("w") as log:
        second = start([sys.executable, "-m", "flask", "--app", "wsgi", "run", "--port", "0"],
                       env, log)
        try:
            assert_each_sent_once(monitor, provider, fake, second)
        finally:
            second.terminate()
            second.wait(timeout=20)
    if provider == "twilio":
        assert fake.violations == []


def test_celery_worker_crash_loses_nothing_and_sends_nothing_twice(
        database_url, tmp_path, make_app, fake_twilio):
    redis.Redis.from_url(BROKER).flushdb()  # an unreachable Redis fails the test
    env = {**settings(database_url, tmp_path, "twilio", fake_twilio),
           "TASK_BACKEND": "celery", "CELERY_BROKER_URL": BROKER}
    app = make_app(TASK_BACKEND="celery", CELERY_BROKER_URL=BROKER, SMS_PROVIDER=["twilio"],
                   TWILIO_ACCOUNT_SID=fake_twilio.account_sid,
                   TWILIO_AUTH_TOKEN=fake_twilio.auth_token, TWILIO_FROM="+46766860000",
                   TWILIO_BASE_URL=fake_twilio.base_url)
    slow_down(fake_twilio)
    worker = [sys.executable, "-m", "celery", "-A", "notifications.worker", "worker",
              "--pool", "threads", "--concurrency", "4", "--loglevel", "WARNING",
              "--without-heartbeat", "--without-gossip", "--without-mingle"]
    with (tmp_path / "first.log").open("w") as log:
        first = start(worker, env, log)
        try:
            with app.app_context():
                for i in range(MESSAGES):
                    send_sms(f"+467012345{i:02d}", body=f"Meddelande {i}", category="alert",
                             module_id="platform")
                db.session.commit()
            kill_mid_handover(first, app, "twilio", fake_twilio, sending=MESSAGES)
        finally:
            first.kill()
    with (tmp_path / "second.log").open("w") as log:
        second = start(worker, env, log)
        try:
            assert_each_sent_once(app, "twilio", fake_twilio, second)
        finally:
            second.terminate()
            second.wait(timeout=20)
    assert fake_twilio.violations == []
