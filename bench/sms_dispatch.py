"""SMS dispatch throughput: the notification layer versus the bare twilio SDK.

    python -m bench.sms_dispatch [--messages 10000] [--concurrency 8] [--database URL]
                                 [--backend inprocess|celery] [--write]

Both sides send to the same local Twilio-compatible server (in its own process,
validating every request against Twilio's OpenAPI spec) at the same
concurrency.  The baseline is a bare loop of ``client.messages.create``; the
layer does everything it does in production: a row per message, dispatch after
commit, an idempotent claim, the SDK call, the status written back - in the
app's threads, or with ``--backend celery`` in a Celery worker (Redis).  Prints
messages per second for both and their ratio, and the time from creation to
hand-off (p50/p95/p99); ``--write`` records the result in docs/performance.md.

The layer hands messages over through the SDK's asyncio client, so the run also
times a bare loop of ``create_async`` at the same concurrency: the ratio against
it says how much the layer's own bookkeeping costs.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import redis
from flask import Flask
from sqlalchemy import func, select
from twilio.http.async_http_client import AsyncTwilioHttpClient
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from bench._fake_twilio_process import ACCOUNT_SID, AUTH_TOKEN
from bench.results import record
from eservices import create_app
from eservices.db import db
from eservices.migrations import upgrade
from eservices.testing import reset_postgres
from notifications import send_sms, statuses
from notifications.models import Notification

ROOT = Path(__file__).resolve().parent.parent
SENDER = "+46766860000"
# Who hands messages over, at the baseline's concurrency in all:
# threads (or worker processes) x DISPATCH_CONCURRENCY.
SENDERS = {"inprocess": 4,  # the default DISPATCH_THREADS
           "celery": os.cpu_count() or 2}  # worker processes, one per core


def numbers(count: int) -> list[str]:
    # Distinct recipients, so the per-recipient hourly limit does not hold any back.
    return [f"+4670{1000000 + i:07d}" for i in range(count)]


def start_fake() -> tuple[subprocess.Popen, str]:
    process = subprocess.Popen([sys.executable, "-m", "bench._fake_twilio_process"],
                               cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               text=True)
    assert process.stdout is not None
    return process, process.stdout.readline().strip()


def baseline(base_url: str, recipients: list[str], concurrency: int) -> float:
    client = Client(ACCOUNT_SID, AUTH_TOKEN,
                    http_client=TwilioHttpClient(timeout=10, pool_connections=True))
    client.api.base_url = base_url
    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(lambda to: client.messages.create(to=to, from_=SENDER, body="Hej!"),
                      recipients))
    return len(recipients) / (time.perf_counter() - started)


def baseline_async(base_url: str, recipients: list[str], concurrency: int) -> float:
    async def send_all() -> float:
        http_client = AsyncTwilioHttpClient()
        client = Client(ACCOUNT_SID, AUTH_TOKEN, http_client=http_client)
        client.api.base_url = base_url
        slots = asyncio.Semaphore(concurrency)

        async def send(to: str) -> None:
            async with slots:
                await client.messages.create_async(to=to, from_=SENDER, body="Hej!")

        started = time.perf_counter()
        await asyncio.gather(*(send(to) for to in recipients))
        elapsed = time.perf_counter() - started
        await http_client.close()
        return len(recipients) / elapsed

    return asyncio.run(send_all())


def in_flight(backend: str, concurrency: int) -> tuple[int, int]:
    """(threads or processes, DISPATCH_CONCURRENCY) for ``concurrency`` messages in flight."""
    senders = min(SENDERS[backend], concurrency)
    return senders, max(1, concurrency // senders)


def layer_settings(base_url: str, backend: str, concurrency: int,
                   database_url: str) -> dict[str, str]:
    senders, each = in_flight(backend, concurrency)
    return {
        "DATABASE_URL": database_url, "SECRET_KEY": "bench-" + "x" * 32, "LOG_LEVEL": "WARNING",
        "SMS_PROVIDER": "twilio", "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
        "TWILIO_AUTH_TOKEN": AUTH_TOKEN, "TWILIO_FROM": SENDER, "TWILIO_BASE_URL": base_url,
        # As many messages in flight as the baseline has threads.
        "DISPATCH_THREADS": str(senders), "DISPATCH_CONCURRENCY": str(each),
        "QUIET_HOURS": "", "SWEEP_INTERVAL_SECONDS": "0", "SMS_PER_RECIPIENT_PER_HOUR": "1000"}


def start_worker(settings: dict[str, str], processes: int) -> subprocess.Popen:
    """A Celery worker of prefork processes, as production would run one per core."""
    return subprocess.Popen(  # noqa: S603 - this interpreter, fixed arguments
        [sys.executable, "-m", "celery", "-A", "notifications.worker", "worker", "--pool",
         "prefork", "--concurrency", str(processes), "--loglevel", "WARNING",
         "--without-heartbeat", "--without-gossip", "--without-mingle"],
        cwd=ROOT, env={**os.environ, **settings})


def produce(recipients: list[str]) -> None:
    for first in range(0, len(recipients), 100):  # services commit case by case
        for to in recipients[first:first + 100]:
            send_sms(to, body="Hej!", category="alert", module_id="platform")
        db.session.commit()


def handed_over(app: Flask) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).where(
            Notification.status != statuses.CREATED, Notification.status != statuses.SENDING))


def through_layer(base_url: str, recipients: list[str], concurrency: int,
                  database_url: str, instance: str, backend: str,
                  broker: str) -> tuple[float, list[float]]:
    settings = layer_settings(base_url, backend, concurrency, database_url)
    if backend == "celery":
        redis.Redis.from_url(broker).flushdb()
        settings.update(TASK_BACKEND="celery", CELERY_BROKER_URL=broker)
    app = create_app(environ=settings, instance_path=instance)
    upgrade(app)
    worker = (start_worker(settings, in_flight(backend, concurrency)[0])
              if backend == "celery" else None)
    try:
        with app.app_context():  # warm up: the worker is ready and connected
            send_sms(SENDER, body="Hej!", category="alert", module_id="platform")
            db.session.commit()
        while handed_over(app) < 1:
            time.sleep(0.1)
        started = time.perf_counter()
        with app.app_context():
            produce(recipients)
        app.extensions["notifications.dispatcher"].wait_idle(timeout=600)
        while handed_over(app) < len(recipients) + 1:
            time.sleep(0.02)
        elapsed = time.perf_counter() - started
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait(timeout=60)
    with app.app_context():
        rows = db.session.execute(select(
            Notification.created_at, Notification.handed_over_at, Notification.status)
            .where(Notification.recipient != SENDER)).all()
    not_sent = [r for r in rows if r.status != "sent"]
    assert not not_sent, f"{len(not_sent)} messages not handed over"
    latencies = [(r.handed_over_at - r.created_at).total_seconds() for r in rows]
    app.extensions["notifications.dispatcher"].shutdown()
    return len(recipients) / elapsed, latencies


def percentile(values: list[float], p: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(p) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--database", default=os.environ.get("BENCH_DATABASE_URL", ""),
                        help="SQLAlchemy URL; default a fresh SQLite file")
    parser.add_argument("--backend", choices=("inprocess", "celery"), default="inprocess",
                        help="where delivery runs (celery: a worker with a process per core)")
    parser.add_argument("--broker", default="redis://127.0.0.1:6379/14",
                        help="Celery broker for --backend celery (flushed)")
    parser.add_argument("--write", action="store_true", help="record in docs/performance.md")
    args = parser.parse_args()

    recipients = numbers(args.messages)
    fake, base_url = start_fake()
    try:
        with tempfile.TemporaryDirectory() as instance:
            database = args.database or f"sqlite:///{instance}/bench.sqlite3"
            if database.startswith("postgresql"):
                reset_postgres(database)
            bare = baseline(base_url, recipients, args.concurrency)
            bare_async = baseline_async(base_url, recipients, args.concurrency)
            layer, latencies = through_layer(base_url, recipients, args.concurrency,
                                             database, instance, args.backend, args.broker)
    finally:
        fake.stdin.close()  # type: ignore[union-attr]
        fake.wait(timeout=30)
    within_10s = sum(1 for v in latencies if v <= 10) / len(latencies)
    result = {
        "messages": args.messages, "concurrency": args.concurrency,
        "database": database.split(":", 1)[0].split("+", 1)[0], "backend": args.backend,
        "bare_per_s": bare, "layer_per_s": layer, "ratio": layer / bare,
        "bare_async_per_s": bare_async,
        "p50": percentile(latencies, 50), "p95": percentile(latencies, 95),
        "p99": percentile(latencies, 99), "within_10s": within_10s,
    }
    senders, each = in_flight(args.backend, args.concurrency)
    print(f"delivery        : {args.backend}, {senders} x {each} in flight")
    print(f"bare twilio SDK : {bare:8.1f} messages/s   (asyncio client: {bare_async:.1f})")
    print(f"through layer   : {layer:8.1f} messages/s")
    print(f"ratio           : {result['ratio']:8.2f}   (target >= 0.90; "
          f"{layer / bare_async:.2f} against the asyncio client)")
    print(f"creation -> hand-off  p50 {result['p50']:.2f} s  p95 {result['p95']:.2f} s  "
          f"p99 {result['p99']:.2f} s;  {within_10s:.1%} within 10 s (target 99 %)")
    if args.write:
        record_result(result)


def record_result(result: dict) -> None:
    record("sms_dispatch results", [
        f"{datetime.now(UTC):%Y-%m-%d}", result["messages"], result["concurrency"],
        f"{result['database']}, {result['backend']}", f"{result['bare_per_s']:.0f}",
        f"{result['layer_per_s']:.0f}",
        f"{result['ratio']:.2f}", f"{result['p50']:.2f}", f"{result['p95']:.2f}",
        f"{result['p99']:.2f}", f"{result['within_10s']:.1%}",
        f"{result['bare_async_per_s']:.0f}"])


if __name__ == "__main__":
    main()
