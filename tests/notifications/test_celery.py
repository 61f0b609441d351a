"""The production path: a real Celery worker process, Redis as broker, the same task code."""

import os
import subprocess
import sys
import time

import pytest
import redis
from sqlalchemy import select

from eservices.db import db
from notifications import send_sms
from notifications.celery_app import deliver_task
from notifications.models import Notification
from tests.fakes import twilio_server

fake_twilio = twilio_server.fake_twilio
BROKER = os.environ.get("TEST_CELERY_BROKER_URL", "redis://127.0.0.1:6379/13")
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@pytest.fixture
def worker_settings(database_url, fake_twilio, tmp_path):
    redis.Redis.from_url(BROKER).flushdb()  # an unreachable Redis fails the test, never skips
    return {"DATABASE_URL": database_url, "SECRET_KEY": "celery-test-" + "x" * 32,
            "TASK_BACKEND": "celery", "CELERY_BROKER_URL": BROKER, "SMS_PROVIDER": "twilio",
            "TWILIO_ACCOUNT_SID": fake_twilio.account_sid,
            "TWILIO_AUTH_TOKEN": fake_twilio.auth_token, "TWILIO_FROM": "+46766860000",
            "TWILIO_BASE_URL": fake_twilio.base_url, "QUIET_HOURS": "",
            "NOTIFICATION_RETRY_SECONDS": "0.2", "SWEEP_INTERVAL_SECONDS": "0",
            "DISPATCH_CONCURRENCY": "2",
            "ESERVICES_INSTANCE_PATH": str(tmp_path), "LOG_LEVEL": "WARNING"}


@pytest.fixture
def worker(worker_settings, tmp_path):
    env = {**os.environ, **worker_settings}
    log = (tmp_path / "worker.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "notifications.worker", "worker",
         "--pool", "threads", "--concurrency", "4", "--loglevel", "WARNING",
         "--without-heartbeat", "--without-gossip", "--without-mingle"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    yield process
    process.terminate()
    process.wait(timeout=20)
    log.close()


@pytest.fixture
def app(make_app, worker_settings):
    settings = {k: v for k, v in worker_settings.items() if k != "ESERVICES_INSTANCE_PATH"}
    settings.update(SMS_PROVIDER=["twilio"], NOTIFICATION_RETRY_SECONDS=0.2,
                    SWEEP_INTERVAL_SECONDS=0.0, QUIET_HOURS="")
    return make_app(**settings)


def wait_until(predicate, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def statuses(app):
    with app.app_context():
        db.session.expire_all()
        return [n.status for n in db.session.scalars(select(Notification))]


def test_worker_delivers_after_commit_retries_and_never_twice(app, worker, fake_twilio):
    fake_twilio.respond_with(status=500)
    with app.app_context():
        ids = [send_sms("070-123 45 67", body=f"Meddelande {i}", category="alert",
                        module_id="platform").id for i in range(3)]
        db.session.commit()
    assert wait_until(lambda: statuses(app) == ["sent"] * 3), (statuses(app), worker.poll())
    assert len(fake_twilio.messages) == 3

    # The queue delivering a task twice must not send twice: a batch, or a single id
    # as queued before tasks took batches.
    with app.app_context():
        for _ in range(2):
            deliver_task.apply_async(args=[ids])
            deliver_task.apply_async(args=[ids[0]])
    time.sleep(2)
    assert len(fake_twilio.messages) == 3
    assert fake_twilio.violations == []
    assert worker.poll() is None  # the worker is still running


def test_one_commit_is_one_task_handing_its_messages_over_together(app, worker, fake_twilio):
    fake_twilio.respond_with(delay=0.6, times=4)  # succeed, slowly
    with app.app_context():
        for i in range(4):
            send_sms(f"070-123 45 6{i}", body="Hej", category="alert", module_id="platform")
        db.session.commit()
    assert wait_until(lambda: statuses(app) == ["sent"] * 4), (statuses(app), worker.poll())
    arrived = sorted(r.received_at for r in fake_twilio.requests if r.method == "POST")
    # One task with DISPATCH_CONCURRENCY=2 in flight: two at once, the next two after the
    # first answers (four tasks on the worker's four threads would send all four at once).
    assert arrived[1] - arrived[0] < 0.5 <= arrived[2] - arrived[0]
    assert fake_twilio.violations == []
