"""Route flood guards: counted in the database, so they hold across processes."""

from __future__ import annotations

import warnings
from datetime import UTC, datetime

import pytest
from flask import Blueprint

from eservices import clock
from eservices import toolkit as tk
from eservices.guards import guard


def _guarded_app(make_app, **config):
    app = make_app(WTF_CSRF_ENABLED=False, **config)
    bp = Blueprint("guarded_test", __name__)

    @bp.route("/guarded-test", methods=["GET", "POST"])
    @guard(2, 3600, methods=("POST",))
    def guarded():
        return "ok"

    @bp.route("/api/guarded-test")
    @guard(1, 60)
    def guarded_api():
        return {"ok": True}

    app.register_blueprint(bp)
    return app


def test_a_guard_counts_across_processes_and_says_how_long_to_wait(make_app):
    first, second = _guarded_app(make_app), _guarded_app(make_app)
    at_ten = clock.ControlledClock(datetime(2026, 12, 1, 9, 0, tzinfo=UTC))  # 10:00 in Sweden
    first.extensions["eservices.clock"] = second.extensions["eservices.clock"] = at_ten
    assert first.test_client().post("/guarded-test").status_code == 200
    assert second.test_client().post("/guarded-test").status_code == 200
    refused = first.test_client().post("/guarded-test")
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) > 0
    assert "Försök igen om 60 minuter." in refused.get_data(as_text=True)
    assert first.test_client().get("/guarded-test").status_code == 200  # POST only


def test_a_guard_under_the_api_answers_problem_details(make_app):
    app = _guarded_app(make_app)
    client = app.test_client()
    assert client.get("/api/guarded-test").status_code == 200
    refused = client.get("/api/guarded-test")
    assert refused.status_code == 429 and refused.mimetype == "application/problem+json"
    assert refused.headers["Retry-After"]


def test_guards_can_be_turned_off(make_app):
    app = _guarded_app(make_app, RATELIMIT_ENABLED=False)
    client = app.test_client()
    assert {client.post("/guarded-test").status_code for _ in range(4)} == {200}


def test_the_old_limiter_name_still_works_and_warns(make_app):
    with pytest.warns(DeprecationWarning, match="tk.guard"):
        limiter = tk.limiter
    app = make_app()
    bp = Blueprint("old_limiter_test", __name__)

    @bp.route("/old-limiter-test")
    @limiter.limit("1 per minute")
    def old():
        return "ok"

    app.register_blueprint(bp)
    client = app.test_client()
    assert [client.get("/old-limiter-test").status_code for _ in range(2)] == [200, 429]
    with warnings.catch_warnings(), pytest.raises(ValueError, match="not a limit"):
        warnings.simplefilter("ignore")
        tk.limiter.limit("often")
