"""Resident pages: what one page of the platform costs against a bare Flask hello.

    python -m bench.pages [--seconds 3] [--rounds 5] [--clients 32] [--workers 2]
                          [--database URL] [--write]

Two gunicorn servers with the same settings (``-w 2``, sync workers) run side by
side: a bare Flask app answering "Hello, World!" and the platform (``wsgi:app``,
production settings, the demo municipality loaded into a fresh SQLite file or
the PostgreSQL database given).  ``--clients`` concurrent clients (asyncio
streams in this process, one connection per request, as gunicorn's sync workers
close each) then load the hello and each page in turn for ``--seconds``, in
``--rounds`` interleaved rounds (the order rotates each round), so the machine's
noise hits every page alike.  Prints per page requests per second, p50 and p95
latency and the ratio to the hello; ``--write`` records the result in
docs/performance.md.  Targets: ratio >= 0.5 and p95 < 100 ms on every page.

Every answer must be the page (200); anything else stops the run, so a page that
is fast because it fails cannot count.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.cookies import SimpleCookie
from importlib import import_module
from pathlib import Path

from flask import Flask
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bench.results import record

ROOT = Path(__file__).resolve().parent.parent
HOST = "e.bench.invalid"  # the public host the platform answers to (never resolved)

#: The bare baseline, served by gunicorn as ``bench.pages:hello``.
hello = Flask("hello")


@hello.route("/")
def _hello() -> str:
    return "Hello, World!"


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    # A GET whose session cookie the page needs (a journey begun), or None.
    cookie_from: str | None = None


PAGES = (
    Page("catalogue /", "/"),
    Page("waste subscription start", "/waste-subscription/"),
    Page("collection alerts start", "/collection-alerts/"),
    # Two addresses match (Tallvägen 3, Tallstigen 3): the results page.  One
    # address found would redirect to it.
    Page("address search", "/collection-alerts/search?address=Tall+3"),
    Page("textile prototype start", "/textile-reuse/"),
    Page("textile question page", "/textile-reuse/address",
         cookie_from="/textile-reuse/begin"),
    # Not a target: a street without a number lists all its 70 addresses, and the
    # module's own search and the 70-row list cost far more than the platform.
    Page("street listing (70)", "/collection-alerts/search?address=Storgatan"),
)


@dataclass
class Sample:
    requests: int = 0
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, p: int) -> float:
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[p - 1] * 1000


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ensure_database(url: str) -> None:
    """Create the PostgreSQL database if the server lacks it, then empty its schema."""
    from eservices.testing import reset_postgres

    parsed = make_url(url)
    engine = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        if not connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"),
                                 {"name": parsed.database}):
            connection.execute(text(f'CREATE DATABASE "{parsed.database}"'))
    engine.dispose()
    reset_postgres(url)


def platform_settings(database: str, protect: str) -> dict[str, str]:
    """Production, as the README's "Deploying at scale" describes it, on one machine."""
    return {
        "ESERVICES_ENV": "production", "DATABASE_URL": database,
        "SECRET_KEY": "bench-" + "x" * 32, "PUBLIC_BASE_URL": f"https://{HOST}",
        "LOG_LEVEL": "WARNING", "PROTECT_PROTOTYPES": protect,
        # Background work is not what is measured: the modules' jobs would run in
        # the web processes at their hour; at scale celery beat runs them.
        "PERIODIC_JOBS": "off"}


def load_demo(database: str, instance: str) -> None:
    """The demo municipality, as ``flask eservices load-demo`` loads it (development:
    production refuses demo data)."""
    from eservices import create_app
    from eservices.db import db
    from eservices.migrations import upgrade

    app = create_app(environ={"DATABASE_URL": database, "SECRET_KEY": "bench-" + "x" * 32,
                              "LOG_LEVEL": "WARNING", "PERIODIC_JOBS": "off"},
                     instance_path=instance)
    upgrade(app)
    with app.app_context():
        for _id, module in sorted(app.extensions["eservices.modules"].enabled.items()):
            if module.demo_data:
                path, _, name = module.demo_data.partition(":")
                getattr(import_module(path), name)()
        db.session.commit()
        db.engine.dispose()


def gunicorn(target: str, port: int, workers: int, env: dict[str, str]) -> subprocess.Popen:
    """The same server settings for both apps."""
    return subprocess.Popen(  # noqa: S603 - this interpreter, fixed arguments
        [sys.executable, "-m", "gunicorn", "-w", str(workers), "-b", f"127.0.0.1:{port}",
         "--log-level", "warning", target],
        cwd=ROOT, env={**os.environ, **env})


def wait_until_up(port: int, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn on port {port} exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"gunicorn on port {port} did not start in {timeout:.0f} s")


async def get(port: int, path: str, cookie: str = "") -> tuple[int, bytes]:
    """One GET on a fresh connection, read to its end: (status, head)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    extra = f"Cookie: {cookie}\r\n" if cookie else ""
    writer.write(f"GET {path} HTTP/1.1\r\nHost: {HOST}\r\nConnection: close\r\n"
                 f"User-Agent: bench.pages\r\n{extra}\r\n".encode("latin-1"))
    answer = await reader.read(-1)
    writer.close()
    head = answer.partition(b"\r\n\r\n")[0]
    return int(head.split(b" ", 2)[1]), head


async def session_cookie(port: int, path: str) -> str:
    status, head = await get(port, path)
    cookie: SimpleCookie = SimpleCookie()
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.decode("latin-1").partition(":")
        if name.lower() == "set-cookie":
            cookie.load(value.strip())
    if status >= 400 or not cookie:
        raise SystemExit(f"GET {path} answered {status} without a session cookie")
    return "; ".join(f"{key}={morsel.value}" for key, morsel in cookie.items())


async def load(port: int, path: str, cookie: str, clients: int, seconds: float) -> Sample:
    """``clients`` clients, each sending its next request when the last is answered."""
    sample = Sample()
    failures: list[str] = []
    started = time.perf_counter()
    deadline = started + seconds

    async def client() -> None:
        while time.perf_counter() < deadline and not failures:
            sent = time.perf_counter()
            status, _head = await get(port, path, cookie)
            sample.latencies.append(time.perf_counter() - sent)
            if status != 200:
                failures.append(f"GET {path} answered {status}")

    await asyncio.gather(*(client() for _ in range(clients)))
    if failures:
        raise SystemExit(failures[0])
    sample.seconds = time.perf_counter() - started
    sample.requests = len(sample.latencies)
    return sample


def run(hello_port: int, app_port: int, clients: int, seconds: float,
        rounds: int) -> dict[str, Sample]:
    async def measure() -> dict[str, Sample]:
        cookies = {page.name: await session_cookie(app_port, page.cookie_from)
                   for page in PAGES if page.cookie_from}
        targets = [("bare Flask hello", hello_port, "/", ""),
                   *((page.name, app_port, page.path, cookies.get(page.name, ""))
                     for page in PAGES)]
        for _name, port, path, cookie in targets:  # warm up: templates, caches, both workers
            await load(port, path, cookie, clients, 1.0)
        totals = {name: Sample() for name, *_ in targets}
        for number in range(rounds):
            shift = number % len(targets)
            for name, port, path, cookie in targets[shift:] + targets[:shift]:
                sample = await load(port, path, cookie, clients, seconds)
                total = totals[name]
                total.requests += sample.requests
                total.seconds += sample.seconds
                total.latencies += sample.latencies
            print(f"round {number + 1}/{rounds} done", flush=True)
        return totals

    return asyncio.run(measure())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=3.0,
                        help="load per page per round (default 3)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn -w for both apps")
    parser.add_argument("--database", default=os.environ.get("BENCH_DATABASE_URL", ""),
                        help="SQLAlchemy URL; default a fresh SQLite file")
    parser.add_argument("--protect-prototypes", default="off", choices=("off", "on"),
                        help="PROTECT_PROTOTYPES (on: prototype pages answer with the "
                             "password page's redirect, which stops the run)")
    parser.add_argument("--write", action="store_true", help="record in docs/performance.md")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as instance:
        database = args.database or f"sqlite:///{instance}/bench.sqlite3"
        if database.startswith("postgresql"):
            ensure_database(database)
        load_demo(database, instance)
        hello_port, app_port = free_port(), free_port()
        env = {**platform_settings(database, args.protect_prototypes),
               "ESERVICES_INSTANCE_PATH": instance}
        servers = [gunicorn("bench.pages:hello", hello_port, args.workers, {}),
                   gunicorn("wsgi:app", app_port, args.workers, env)]
        try:
            for port, server in zip((hello_port, app_port), servers, strict=True):
                wait_until_up(port, server)
            totals = run(hello_port, app_port, args.clients, args.seconds, args.rounds)
        finally:
            for server in servers:
                server.terminate()
            for server in servers:
                server.wait(timeout=60)

    bare = totals.pop("bare Flask hello")
    kind = database.split(":", 1)[0].split("+", 1)[0]
    print(f"{args.clients} clients, gunicorn -w {args.workers}, {kind}, "
          f"{args.rounds} rounds x {args.seconds:g} s per page")
    print(f"{'page':<28} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'ratio':>6}")
    print(f"{'bare Flask hello':<28} {bare.per_second:7.0f} {bare.percentile(50):7.1f} "
          f"{bare.percentile(95):7.1f} {1:6.2f}")
    for name, sample in totals.items():
        ratio = sample.per_second / bare.per_second
        print(f"{name:<28} {sample.per_second:7.0f} {sample.percentile(50):7.1f} "
              f"{sample.percentile(95):7.1f} {ratio:6.2f}")
    print("targets: ratio >= 0.50 and p95 < 100 ms on every page")
    if args.write:
        record("pages results", [
            f"{datetime.now(UTC):%Y-%m-%d}", kind, f"{args.clients} / {args.workers}",
            f"{bare.per_second:.0f}", f"{bare.percentile(95):.0f}",
            *(f"{sample.per_second:.0f} / {sample.percentile(95):.0f} / "
              f"{sample.per_second / bare.per_second:.2f}" for sample in totals.values())])


if __name__ == "__main__":
    main()
