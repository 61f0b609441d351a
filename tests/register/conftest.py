"""The demo municipality for the register's tests: every module's demo data, a fixed day."""

from __future__ import annotations

from datetime import UTC, datetime
from importlib import import_module

import pytest

from eservices.clock import ControlledClock

TODAY = datetime(2026, 12, 1, 9, tzinfo=UTC)  # Tuesday 1 December 2026, 10:00 in Sweden


def load_demo_of(app, *module_ids: str) -> None:
    """The modules' demo data, as ``flask eservices load-demo`` loads it."""
    installed = app.extensions["eservices.modules"].installed
    with app.app_context():
        for module_id in module_ids:
            path, _, name = installed[module_id].demo_data.partition(":")
            getattr(import_module(path), name)()


@pytest.fixture
def demo_app(make_app):
    app = make_app()
    app.extensions["eservices.clock"] = ControlledClock(TODAY)
    load_demo_of(app, "collection_alerts", "waste_register")
    return app
