"""Fixtures: the demo register, a clock the tests set, and an Open311 key.

The clock stands at Tuesday 1 December 2026, 10:00 in Sweden: Storgatan 1
(Exempelby 3:14, customer 100001: restavfall 190 l and matavfall 140 l) was
collected on Monday 30 November (route EX-MAN, odd weeks), so a report is taken
until the end of Wednesday 2 December.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from importlib import import_module

import pytest

from eservices import toolkit as tk
from eservices.clock import ControlledClock
from eservices.db import db

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)  # 10:00 in Sweden
STORGATAN_1 = "Exempelby 3:14"
RESTAVFALL, MATAVFALL = "100001-restavfall", "100001-matavfall"
COLLECTED = date(2026, 11, 30)


@pytest.fixture
def clock() -> ControlledClock:
    return ControlledClock(NOW)


def load_demo(app, module_id: str) -> None:
    """A module's demo data through its manifest, as ``flask eservices load-demo`` does."""
    module = app.extensions["eservices.modules"].enabled[module_id]
    path, _, name = module.demo_data.partition(":")
    with app.app_context():
        getattr(import_module(path), name)()
        db.session.commit()


def build_app(make_app, clock, environ: dict[str, str] | None = None):
    app = make_app(environ, STAFF_IDLE_MINUTES=8 * 60)
    app.extensions["eservices.clock"] = clock
    load_demo(app, "waste_register")
    return app


@pytest.fixture
def app(make_app, clock):
    return build_app(make_app, clock)


@pytest.fixture
def record_outcome(app) -> Callable[..., None]:
    """What a crew reports through the route API, straight into the register."""

    def record(container_id: str, outcome: str, reason: str = "",
               day: date = COLLECTED) -> None:
        with app.app_context():
            tk.waste_register().record_outcome(tk.register.CollectionOutcome(
                container_id, day, outcome, reason, "EX-MAN"))
            db.session.commit()

    return record


@pytest.fixture
def api_key(app) -> str:
    from eservices.open311.keys import create_api_key

    with app.app_context():
        _row, key = create_api_key("Test app", ("open311",), created_by="test")
        db.session.commit()
    return key
