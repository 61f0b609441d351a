"""SMS dispatch throughput: the notification layer versus the bare twilio SDK.

    python -m bench.sms_dispatch [--messages 10000] [--concurrency 8] [--database URL]

Both sides send to the same local Twilio-compatible server (in its own process,
validating every request against Twilio's OpenAPI spec) at the same
concurrency.  The baseline is a bare loop of ``client.messages.create``; the
layer does everything it does in production: a row per message, dispatch after
commit, an idempotent claim, the SDK call, the status written back.  Prints
messages per second for both and their ratio, and the time from creation to
hand-off (p50/p95/p99); ``--write`` records the result in docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from bench._fake_twilio_process import ACCOUNT_SID, AUTH_TOKEN
from bench.results import record
from eservices import create_app
from eservices.db import db
from eservices.migrations import upgrade
from eservices.testing import reset_postgres
from notifications import send_sms
from notifications.models import Notification

ROOT = Path(__file__).resolve().parent.parent
SENDER = "+46766860000"


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


def through_layer(base_url: str, recipients: list[str], concurrency: int,
                  database_url: str, instance: str) -> tuple[float, list[float]]:
    app = create_app({
        "DATABASE_URL": database_url, "SECRET_KEY": "bench-" + "x" * 32, "LOG_LEVEL": "WARNING",
        "SMS_PROVIDER": ["twilio"], "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
        "TWILIO_AUTH_TOKEN": AUTH_TOKEN, "TWILIO_FROM": SENDER, "TWILIO_BASE_URL": base_url,
        "DISPATCH_THREADS": concurrency, "QUIET_HOURS": "", "SWEEP_INTERVAL_SECONDS": 0,
        "SMS_PER_RECIPIENT_PER_HOUR": 1000}, environ={}, instance_path=instance)
    upgrade(app)
    dispatcher = app.extensions["notifications.dispatcher"]
    started = time.perf_counter()
    with app.app_context():
        for first in range(0, len(recipients), 100):  # services commit case by case
            for to in recipients[first:first + 100]:
                send_sms(to, body="Hej!", category="alert", module_id="platform")
            db.session.commit()
    dispatcher.wait_idle(timeout=600)
    elapsed = time.perf_counter() - started
    with app.app_context():
        rows = db.session.execute(select(Notification.created_at, Notification.handed_over_at,
                                         Notification.status)).all()
    not_sent = [r for r in rows if r.status != "sent"]
    assert not not_sent, f"{len(not_sent)} messages not handed over"
    latencies = [(r.handed_over_at - r.created_at).total_seconds() for r in rows]
    dispatcher.shutdown()
    return len(recipients) / elapsed, latencies


def percentile(values: list[float], p: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(p) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--database", default=os.environ.get("BENCH_DATABASE_URL", ""),
                        help="SQLAlchemy URL; default a fresh SQLite file")
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
            layer, latencies = through_layer(base_url, recipients, args.concurrency,
                                             database, instance)
    finally:
        fake.stdin.close()  # type: ignore[union-attr]
        fake.wait(timeout=30)
    within_10s = sum(1 for v in latencies if v <= 10) / len(latencies)
    result = {
        "messages": args.messages, "concurrency": args.concurrency,
        "database": database.split(":", 1)[0].split("+", 1)[0],
        "bare_per_s": bare, "layer_per_s": layer, "ratio": layer / bare,
        "p50": percentile(latencies, 50), "p95": percentile(latencies, 95),
        "p99": percentile(latencies, 99), "within_10s": within_10s,
    }
    print(f"bare twilio SDK : {bare:8.1f} messages/s")
    print(f"through layer   : {layer:8.1f} messages/s")
    print(f"ratio           : {result['ratio']:8.2f}   (target >= 0.90)")
    print(f"creation -> hand-off  p50 {result['p50']:.2f} s  p95 {result['p95']:.2f} s  "
          f"p99 {result['p99']:.2f} s;  {within_10s:.1%} within 10 s (target 99 %)")
    if args.write:
        record_result(result)


def record_result(result: dict) -> None:
    record("sms_dispatch results", [
        f"{datetime.now(UTC):%Y-%m-%d}", result["messages"], result["concurrency"],
        result["database"], f"{result['bare_per_s']:.0f}", f"{result['layer_per_s']:.0f}",
        f"{result['ratio']:.2f}", f"{result['p50']:.2f}", f"{result['p95']:.2f}",
        f"{result['p99']:.2f}", f"{result['within_10s']:.1%}"])


if __name__ == "__main__":
    main()
