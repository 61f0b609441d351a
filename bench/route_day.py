"""A whole collection day at scale: 35,000 households, 40 routes, the evening before.

    python -m bench.route_day [--database-url URL] [--speed 50] [--processes 2] [--write]

Builds (bulk inserts) 40 Monday routes of 875 stops with a subscribed household at
every stop and four earlier Mondays of history, in a fresh SQLite file or on
PostgreSQL (never in the shared ``test`` database: a URL naming ``test`` or
``postgres`` runs in a database ``bench`` on the same server, created if need be).
Then, as the day goes:

1. Sunday 18:00: the evening-reminder job for all 35,000 households (target ≤ 60 s),
   against a bare ``executemany`` of as many rows;
2. Monday: every truck's events (stops, skips, duplicates, late ones, GPS pings)
   replayed at ``--speed`` × real time through the real app (``--processes``
   worker processes as gunicorn would run, each with the Flask test client and
   the app's clock following the replay), against a bare Flask endpoint doing
   one INSERT per event in as many processes.  Latency is from the moment an
   event is due (received) to its request's commit, where the alerts are queued
   (target p99 < 200 ms).

Delivery is not measured here (bench/sms_dispatch.py does): the dispatcher only
counts what would be handed over.  ``--write`` records the result in
docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time

from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url

from bench.results import record
from bench.route_day_baseline import bare_reminders
from bench.route_day_data import MONDAY, build, day_events
from bench.route_day_workers import CountingDispatcher, Pool, ReplayClock, Target, bare_events
from eservices import create_app
from eservices.clock import STOCKHOLM, ControlledClock
from eservices.db import db
from eservices.migrations import upgrade
from eservices.testing import reset_postgres


def database(url: str, instance: str) -> str:
    if not url:
        return f"sqlite:///{instance}/bench.sqlite3"
    parsed = make_url(url)
    if parsed.get_backend_name() == "postgresql":
        if parsed.database in (None, "test", "postgres"):
            import psycopg

            print("(running in database 'bench': 'test' belongs to the test suite)")
            with psycopg.connect(host=parsed.host or "127.0.0.1", port=parsed.port or 5432,
                                 dbname="postgres", user=parsed.username,
                                 autocommit=True) as connection:
                if not connection.execute("SELECT 1 FROM pg_database WHERE datname = 'bench'"
                                          ).fetchone():
                    connection.execute("CREATE DATABASE bench")
            parsed = parsed.set(database="bench")
        url = parsed.render_as_string(hide_password=False)
        reset_postgres(url)
    return url


def percentile(values: list[float], p: float) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[int(p) - 1]


def replay(target: Target, events: list[tuple[datetime, str, bytes]], key: str,
           processes: int) -> tuple[list[tuple[float, float, int]], float, int]:
    """Hand every event to the workers at its due time: (answers, wall seconds, handed over).

    The events travel as ready JSON bytes: 46,000 dicts in the workers would only
    make their garbage collector slower than it is in a server.
    """
    assert target.clock is not None
    pool = Pool(target, processes)
    clock = target.clock
    clock.wall = time.perf_counter() + 1  # the first event a second from now
    headers = {"Authorization": f"Bearer {key}"}
    for number, (arrival, code, body) in enumerate(events, start=1):
        due = clock.wall_at(arrival)
        pause = due - time.perf_counter()
        if pause > 0:
            time.sleep(pause)
        pool.submit(due, f"/api/v1/collection-alerts/route-days/{code}/{MONDAY}/events",
                    body, headers)
        if number % 5000 == 0:
            pool.drain()
            behind = pool.results[-1][0] if pool.results else 0.0
            print(f"  {arrival.astimezone(STOCKHOLM):%H:%M} {number} due, "
                  f"{len(pool.results)} done, last due->commit {behind:.2f} s", flush=True)
    results = pool.close()
    return results, time.perf_counter() - clock.wall, pool.handed_over


def events_until(hours: float) -> datetime:
    start = datetime.combine(MONDAY, clock_time(6, 0), tzinfo=STOCKHOLM)
    return start.astimezone(UTC) + timedelta(hours=hours)


def run(args: argparse.Namespace) -> dict:
    from notifications.models import Notification
    from services.collection_alerts.models import AlertSent
    from services.collection_alerts.reminders import send_due_reminders

    with tempfile.TemporaryDirectory() as instance:
        url = database(args.database_url, instance)
        config = {
            "DATABASE_URL": url, "SECRET_KEY": "bench-" + "x" * 32, "LOG_LEVEL": "WARNING",
            "QUIET_HOURS": "", "SWEEP_INTERVAL_SECONDS": 0, "PERIODIC_JOBS": "off",
            # The limit counts wall-clock minutes: at 50x one integration would look 50x
            # as busy as it is.  Measured apart from it, with a single API key.
            "RATELIMIT_ENABLED": False,
            "PUBLIC_BASE_URL": "https://e.exempelkommun.se"}
        app = create_app(config, environ={}, instance_path=instance)
        upgrade(app)
        dispatcher = CountingDispatcher()
        app.extensions["notifications.dispatcher"] = dispatcher
        started = time.perf_counter()
        with app.app_context():
            network = build(args.routes, args.stops, args.history_days)
            if db.engine.dialect.name == "postgresql":
                # Fresh statistics, as autovacuum gathers within a minute of a bulk load.
                db.session.execute(text("ANALYZE"))
                db.session.commit()
        print(f"built {network.households} households on {len(network.routes)} routes "
              f"in {time.perf_counter() - started:.1f} s ({url.split(':', 1)[0]})")

        sunday = datetime.combine(MONDAY - timedelta(days=1), clock_time(18, 0),
                                  tzinfo=STOCKHOLM).astimezone(UTC)
        app.extensions["eservices.clock"] = ControlledClock(sunday)
        with app.app_context():
            started = time.perf_counter()
            reminded = send_due_reminders()
            reminder_seconds = time.perf_counter() - started
            assert send_due_reminders() == 0
        bare_reminder_seconds = bare_reminders(url, reminded)
        print(f"reminders: {reminded} queued in {reminder_seconds:.1f} s "
              f"(bare executemany {bare_reminder_seconds:.1f} s)")

        events = [(arrival, code, json.dumps(event).encode())
                  for arrival, code, event in day_events(network.routes, network.stops)
                  if arrival < events_until(args.hours)]
        bare_per_s, bare_service = bare_events(url, instance, events, args.processes)
        print(f"baseline: {len(events)} events at {bare_per_s:.0f}/s", flush=True)
        target = Target(url, instance, config,
                        ReplayClock(events[0][0] - timedelta(seconds=1), args.speed),
                        args.gc_freeze)
        results, wall, handed_over = replay(target, events, network.key, args.processes)
        with app.app_context():
            approaching = db.session.scalar(select(func.count()).select_from(AlertSent)
                                            .where(AlertSent.kind == "approaching"))
            sms = db.session.scalar(select(func.count()).select_from(Notification))
        latencies = [r[0] for r in results]
        service = [r[1] for r in results]
        with_sms = [r[0] for r in results if r[2]]
        span = (events[-1][0] - events[0][0]).total_seconds() / args.speed
    return {
        "database": url.split(":", 1)[0].split("+", 1)[0], "speed": args.speed,
        "gc_freeze": args.gc_freeze,
        "processes": args.processes, "households": network.households, "events": len(events),
        "offered_per_s": len(events) / span, "events_per_s": len(events) / wall,
        "p50": percentile(latencies, 50), "p99": percentile(latencies, 99),
        "sms_p50": percentile(with_sms, 50), "sms_p99": percentile(with_sms, 99),
        "service_p50": percentile(service, 50), "service_p99": percentile(service, 99),
        "bare_per_s": bare_per_s, "bare_p50": percentile(bare_service, 50),
        "bare_p99": percentile(bare_service, 99),
        "capacity_per_s": args.processes * len(service) / sum(service),
        "bare_capacity_per_s": args.processes * len(bare_service) / sum(bare_service),
        "approaching": approaching, "sms": sms, "handed_over": dispatcher.handed_over + handed_over,
        "reminded": reminded, "reminder_s": reminder_seconds,
        "bare_reminder_s": bare_reminder_seconds,
    }


def report(r: dict) -> None:
    ms = 1000
    print(f"\nroute day ({r['database']}, {r['speed']:g}x, {r['processes']} processes, "
          f"{r['households']} households{', gc.freeze()' if r['gc_freeze'] else ''})")
    print(f"events           : {r['events']}, offered {r['offered_per_s']:.0f}/s, "
          f"achieved {r['events_per_s']:.0f}/s")
    print(f"due -> commit    : p50 {r['p50'] * ms:.0f} ms  p99 {r['p99'] * ms:.0f} ms  "
          f"(target p99 < 200 ms)")
    print(f"  events with SMS: p50 {r['sms_p50'] * ms:.0f} ms  p99 {r['sms_p99'] * ms:.0f} ms")
    print(f"service time     : p50 {r['service_p50'] * ms:.1f} ms  p99 "
          f"{r['service_p99'] * ms:.1f} ms;  bare INSERT endpoint p50 {r['bare_p50'] * ms:.1f}"
          f" ms  p99 {r['bare_p99'] * ms:.1f} ms  -> ratio p50 "
          f"{r['service_p50'] / r['bare_p50']:.1f}x")
    print(f"capacity (processes/mean service): {r['capacity_per_s']:.0f}/s vs bare "
          f"{r['bare_capacity_per_s']:.0f}/s -> ratio "
          f"{r['capacity_per_s'] / r['bare_capacity_per_s']:.2f}; headroom at this speed "
          f"{r['capacity_per_s'] / r['offered_per_s']:.1f}x")
    print(f"alerts           : {r['approaching']} approaching for {r['households']} "
          f"households; {r['sms']} SMS rows in all, {r['handed_over']} handed over")
    print(f"reminders        : {r['reminded']} in {r['reminder_s']:.1f} s (target <= 60 s); "
          f"bare executemany {r['bare_reminder_s']:.1f} s -> ratio "
          f"{r['reminder_s'] / r['bare_reminder_s']:.1f}x")


def record_result(r: dict) -> None:
    record("route_day results", [
        f"{date.today():%Y-%m-%d}", r["database"], r["households"], r["events"],
        f"{r['speed']:g}x / {r['processes']}{' / gc.freeze' if r['gc_freeze'] else ''}",
        f"{r['offered_per_s']:.0f}", f"{r['events_per_s']:.0f}", f"{r['p50'] * 1000:.0f}",
        f"{r['p99'] * 1000:.0f}", f"{r['sms_p99'] * 1000:.0f}",
        f"{r['service_p50'] * 1000:.1f}", f"{r['bare_p50'] * 1000:.1f}",
        f"{r['capacity_per_s'] / r['bare_capacity_per_s']:.2f}", r["reminded"],
        f"{r['reminder_s']:.1f}", f"{r['bare_reminder_s']:.1f}"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", ""),
                        help="SQLAlchemy URL; default a fresh SQLite file")
    parser.add_argument("--routes", type=int, default=40)
    parser.add_argument("--stops", type=int, default=875)
    parser.add_argument("--history-days", type=int, default=4)
    parser.add_argument("--speed", type=float, default=50)
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 2,
                        help="worker processes, as gunicorn -w (default: one per core)")
    parser.add_argument("--hours", type=float, default=24,
                        help="replay only the events before 06:00 + this many hours")
    parser.add_argument("--gc-freeze", action="store_true",
                        help="gc.freeze() after start-up, as a pre-loading server would")
    parser.add_argument("--write", action="store_true", help="record in docs/performance.md")
    args = parser.parse_args()
    result = run(args)
    report(result)
    if args.write:
        record_result(result)


if __name__ == "__main__":
    main()
