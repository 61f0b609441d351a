"""A crew's skip reason through the route API: checked, and recorded per bin in the register.

The missed-collection service reads these outcomes (``tk.waste_register().outcomes``);
Storgatan 1 (stop 1 of R1 here) is the demo register's Exempelby 3:14, whose two
bins are collected on Monday 30 November 2026.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from importlib import import_module

import pytest

from eservices import toolkit as tk
from eservices.db import db

BASE = "/api/v1/collection-alerts"
DAY = date(2026, 11, 30)


@pytest.fixture
def register(app):
    module = app.extensions["eservices.modules"].enabled["waste_register"]
    path, _, name = module.demo_data.partition(":")
    with app.app_context():
        getattr(import_module(path), name)()
        # The route network below confirms its own Christmas shift.
        tk.waste_register().remove_holiday_shift(date(2026, 12, 25))
        db.session.commit()


def post(client, key, *events):
    return client.post(f"{BASE}/route-days/R1/{DAY.isoformat()}/events",
                       json={"events": list(events)}, headers={"Authorization": f"Bearer {key}"})


def stop(event_id: str, kind: str, minute: int, position: int = 1, **extra):
    return {"id": event_id, "type": kind, "occurred_at": f"2026-11-30T07:{minute:02d}:00+01:00",
            "stop": {"position": position}, **extra}


def outcomes(app):
    with app.app_context():
        return {(o.container_id, o.outcome, o.reason) for o in
                tk.waste_register().outcomes("Exempelby 3:14", DAY, DAY)}


def test_a_skip_with_a_reason_code_is_recorded_per_bin(app, client, register, network,
                                                       clock, api_key):
    clock.set(datetime(2026, 11, 30, 11, tzinfo=UTC))
    answer = post(client, api_key, stop("s1", "stop_skipped", 5, reason="Inte ute",
                                        reason_code="not_put_out"))
    assert answer.status_code == 200, answer.get_json()
    assert outcomes(app) == {("100001-restavfall", "skipped", "not_put_out"),
                             ("100001-matavfall", "skipped", "not_put_out")}
    # The driver came back and emptied them: a completion beats the skip, here too.
    post(client, api_key, stop("c1", "stop_completed", 40))
    assert outcomes(app) == {("100001-restavfall", "emptied", ""),
                             ("100001-matavfall", "emptied", "")}


def test_a_skip_without_a_code_is_not_recorded(app, client, register, network, clock,
                                                api_key):
    clock.set(datetime(2026, 11, 30, 11, tzinfo=UTC))
    assert post(client, api_key, stop("s1", "stop_skipped", 5, reason="?")).status_code == 200
    assert outcomes(app) == set()


@pytest.mark.parametrize("event", [
    stop("x", "stop_skipped", 5, reason_code="late"),
    stop("x", "stop_completed", 5, reason_code="frozen"),
    {"id": "x", "type": "route_day_started", "occurred_at": "2026-11-30T07:00:00+01:00",
     "reason_code": "frozen"},
])
def test_a_wrong_or_misplaced_reason_code_refuses_the_batch(app, client, register, network,
                                                            clock, api_key, event):
    clock.set(datetime(2026, 11, 30, 11, tzinfo=UTC))
    answer = post(client, api_key, event)
    assert answer.status_code == 422
    assert [e["pointer"] for e in answer.get_json()["errors"]] == ["/events/0/reason_code"]
    assert outcomes(app) == set()
