"""A database that hangs or is down costs a request seconds, and answers a friendly 503.

The hung server is a real TCP listener on 127.0.0.1 that accepts connections and
never answers (tests/fakes/silent_server.py); the stopped one is a closed port.
"""

from __future__ import annotations

import os
import time

import pytest
from sqlalchemy import make_url, text

from eservices.db import db
from tests.fakes.silent_server import SilentServer, closed_port
from tests.fakes.tcp_relay import FreezingRelay

FAST = {"DATABASE_CONNECT_TIMEOUT_SECONDS": 2}
ON_POSTGRESQL = pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
    reason="needs the PostgreSQL server of TEST_DATABASE_URL; SQLite runs in-process")


def postgres_url(port: int) -> str:
    return f"postgresql+psycopg://postgres@127.0.0.1:{port}/eservices"


@pytest.fixture
def hung_database():
    with SilentServer() as server:
        yield server


def timed(call):
    started = time.monotonic()
    result = call()
    return result, time.monotonic() - started


def test_a_hung_database_answers_503_within_seconds(make_app, hung_database):
    app, seconds = timed(lambda: make_app(DATABASE_URL=postgres_url(hung_database.port),
                                          **FAST))
    assert seconds < 2, "create_app must not wait for the database"
    client = app.test_client()

    health, seconds = timed(lambda: client.get("/healthz"))
    assert health.status_code == 503 and seconds < 5
    assert health.json["database"] == "unreachable"
    assert health.headers["Cache-Control"] == "no-store"
    assert hung_database.connections >= 1  # it really waited on the hung server

    client.get("/language/en")
    page, seconds = timed(lambda: client.get("/"))
    assert page.status_code == 503 and seconds < 5
    assert page.headers["Retry-After"].isdigit()
    html = page.get_data(as_text=True)
    assert "Sorry, the service is unavailable" in html
    assert "temporarily unavailable" in html and "Traceback" not in html


def test_a_stopped_database_gives_a_translated_page_and_problem_json(make_app):
    app = make_app(DATABASE_URL=postgres_url(closed_port()), **FAST)
    client = app.test_client()
    assert client.get("/healthz").status_code == 503
    page, seconds = timed(lambda: client.get("/"))
    assert page.status_code == 503 and seconds < 5
    assert "Tjänsten är tillfälligt otillgänglig" in page.get_data(as_text=True)
    api = client.get("/api/v1/collection-alerts/route-days/R1/2026-12-01")
    assert api.status_code == 503
    assert api.mimetype == "application/problem+json" and api.json["status"] == 503
    assert api.headers["Retry-After"].isdigit()


def test_an_unopenable_sqlite_file_is_503_not_500(make_app, tmp_path):
    missing = tmp_path / "no-such-folder" / "eservices.sqlite3"
    client = make_app(DATABASE_URL=f"sqlite:///{missing}").test_client()
    assert client.get("/healthz").status_code == 503
    assert client.get("/").status_code == 503


def test_a_real_bug_in_sql_stays_a_500(app):
    @app.route("/_test/broken-sql")
    def broken_sql():
        db.session.execute(text("SELECT no_such_column FROM no_such_table"))
        return "unreachable"

    assert app.test_client().get("/_test/broken-sql").status_code == 500


@ON_POSTGRESQL
def test_a_statement_that_runs_too_long_is_cancelled(make_app):
    app = make_app(DATABASE_STATEMENT_TIMEOUT_SECONDS=1)

    @app.route("/_test/slow")
    def slow():
        db.session.execute(text("SELECT pg_sleep(10)"))
        return "finished"

    response, seconds = timed(lambda: app.test_client().get("/_test/slow"))
    assert response.status_code == 503 and seconds < 5


@ON_POSTGRESQL
def test_a_database_that_stalls_with_connections_open_fails_the_health_check(
        make_app, database_url):
    real = make_url(database_url)
    with FreezingRelay(real.host or "127.0.0.1", real.port or 5432) as relay:
        stalled = real.set(host="127.0.0.1", port=relay.port)
        app = make_app(DATABASE_URL=stalled.render_as_string(hide_password=False), **FAST)
        client = app.test_client()
        assert client.get("/healthz").status_code == 200  # a pooled connection now
        relay.freeze()
        health, seconds = timed(lambda: client.get("/healthz"))
        assert health.status_code == 503 and seconds < 6
        assert health.json["database"] == "unreachable"
