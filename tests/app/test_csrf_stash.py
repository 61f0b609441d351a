"""What a POST without a valid CSRF token may leave in the database: capped and expiring.

Such POSTs are kept so a resident whose page was open too long gets their
answers back; before the cap, four 9 MB POSTs grew the SQLite file from 1.5 MB
to 66 MB.  Now only field names a form can have, bounded values, three pages
per journey, and nothing older than SESSION_HOURS are kept.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from eservices.clock import ControlledClock
from eservices.db import db
from eservices.forms import recovery
from eservices.forms.journey import JourneyState

PATHS = ["/waste-subscription/identify", "/waste-subscription/subscription",
         "/waste-subscription/when", "/waste-subscription/contact"]
START = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


@pytest.fixture
def clock(app) -> ControlledClock:
    controlled = ControlledClock(START)
    app.extensions["eservices.clock"] = controlled
    return controlled


def stored(app) -> dict:
    with app.app_context():
        [state] = db.session.scalars(select(JourneyState)).all()
        return state.recovered


def big_post(client, path: str, fields: int = 20, size: int = 450_000):
    """About 9 MB as multipart: each field just under the form-memory limit, no token."""
    data = {f"field{n}": "A" * size for n in range(fields)}
    return client.post(path, data=data, content_type="multipart/form-data")


def test_four_big_posts_without_a_token_stay_under_the_cap(app, client, clock):
    client.get("/waste-subscription/begin")
    for path in PATHS:
        assert big_post(client, path).status_code == 303
    kept = stored(app)
    size = len(json.dumps(kept))  # 36 MB before the cap
    assert size < recovery.MAX_PAGES * (recovery.MAX_PAGE_CHARS + 2_000), size
    assert list(kept) == PATHS[1:]  # the newest three pages
    for entry in kept.values():
        assert sum(len(v) for values in entry["fields"].values() for v in values) \
            <= recovery.MAX_PAGE_CHARS


def test_only_names_a_form_can_have_and_bounded_values_are_kept(app, client, clock):
    client.get("/accessibility-report/begin")
    fields = {"description": "B" * 12_000, "location": "Bygglov", "a b": "x",
              "__proto__": "x", "x" * 65: "x", "date-day": "3",
              **{f"extra{n}": "y" for n in range(60)}}
    assert client.post("/accessibility-report/problem", data=fields).status_code == 303
    kept = stored(app)["/accessibility-report/problem"]["fields"]
    assert kept["description"] == ["B" * recovery.MAX_VALUE_CHARS]
    assert kept["location"] == ["Bygglov"] and kept["date-day"] == ["3"]
    assert not {"a b", "__proto__", "x" * 65} & set(kept)
    assert len(kept) == recovery.MAX_FIELDS


def test_the_answers_come_back_and_expire_with_the_session(app, client, clock):
    client.get("/accessibility-report/begin")
    problem = {"problem_kind": "operate", "location": "Bygglov",
               "description": "Knappen går inte att nå."}
    assert client.post("/accessibility-report/problem", data=problem).status_code == 303
    page = client.get("/accessibility-report/problem").get_data(as_text=True)
    assert "Knappen går inte att nå." in page  # refilled once, then forgotten
    assert client.post("/accessibility-report/problem", data=problem).status_code == 303
    clock.advance(hours=app.config["SESSION_HOURS"], minutes=1)
    page = client.get("/accessibility-report/problem").get_data(as_text=True)
    assert "Knappen går inte att nå." not in page
    client.post("/accessibility-report/contact", data={"name": "Eva"})
    assert list(stored(app)) == ["/accessibility-report/contact"]  # the old page dropped


def test_entries_from_before_the_cap_are_bounded_when_read(app):
    with app.test_request_context():
        legacy = {"/a": {"description": ["C" * 50_000]}, "/b": "not a dict"}
        fields = recovery.fields_for(legacy, "/a")
        assert fields == {"description": ["C" * recovery.MAX_VALUE_CHARS]}
        assert recovery.fields_for(legacy, "/b") is None
        stale = {"/a": {"stashed_at": (START - timedelta(days=2)).isoformat(),
                        "fields": {"x": ["1"]}}}
        app.extensions["eservices.clock"] = ControlledClock(START)
        assert recovery.fields_for(stale, "/a") is None
