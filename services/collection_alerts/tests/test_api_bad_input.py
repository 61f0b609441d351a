"""The route-management API answers 422 problem details for JSON no database can store.

NUL in an event id (PostgreSQL refuses it in text), lone surrogates (neither
database stores them), a 4,000-digit coordinate (math.isfinite overflows) and
positions of 2**63 (beyond any INTEGER column) were 500s; now each is listed
with its JSON pointer and nothing is recorded.  A Hypothesis test throws such
values into every member of an event.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.collection_alerts.models import RouteDay, RouteEvent
from services.collection_alerts.tests.test_api import (
    BASE,
    DAY,
    NOON,
    at,
    count,
    done,
    event,
    pointers,
)

URL = f"{BASE}/route-days/R1/{DAY}/events"


@pytest.fixture
def api(client, network, clock):
    """The test client at noon on the service day, with route R1 in place."""
    clock.set(NOON)
    return client


def send(client, key: str, raw: str):
    """A body as raw text: JSON escapes such as \\u0000 and \\ud800 reach the parser as sent."""
    return client.post(URL, data=raw.encode(), content_type="application/json",
                       headers={"Authorization": f"Bearer {key}"})


def test_nul_and_lone_surrogates_in_strings_are_422_with_pointers(app, api, api_key):
    raw = json.dumps({"events": [
        event("a\u0000b", "route_day_started", "06:58"),
        event("fine", "stop_completed", "07:01", stop={"address_id": "STO-\ud800"}),
        event("t", "position", "07:02", truck="T1\udfff", latitude=64.75, longitude=20.95),
    ]})
    response = send(api, api_key, raw)
    assert pointers(response) == ["/events/0/id", "/events/1/stop/address_id",
                                  "/events/2/truck"]
    assert "Nothing was recorded" in response.get_json()["detail"]
    assert count(app, RouteEvent) == count(app, RouteDay) == 0


def test_numbers_beyond_64_bits_are_422_and_positions_beyond_the_column_name_no_stop(
        app, api, api_key):
    huge = "9" * 4000
    raw = (f'{{"events": [{{"id": "p", "type": "position", "occurred_at": "{at("07:02")}", '
           f'"latitude": {huge}, "longitude": 20.95}}]}}')
    assert pointers(send(api, api_key, raw)) == ["/events/0/latitude"]
    beyond = send(api, api_key, json.dumps(
        {**done(1, "07:01"), "stop": {"position": 2**63}}))
    assert pointers(beyond) == ["/stop/position"]
    column = send(api, api_key, json.dumps(
        {**done(1, "07:01"), "stop": {"position": 2**31}}))
    assert pointers(column) == ["/stop/position"]
    assert "has no stop at position 2147483648" in column.get_json()["errors"][0]["detail"]
    assert count(app, RouteEvent) == 0


def test_a_service_date_outside_the_years_pages_accept_is_404(api, api_key):
    for day in ("0001-01-01", "9999-12-31"):
        response = api.get(f"{BASE}/route-days/R1/{day}",
                                  headers={"Authorization": f"Bearer {api_key}"})
        assert response.status_code == 404, day
        assert response.mimetype == "application/problem+json"


def test_a_route_code_with_nul_is_a_problem_details_404(api, api_key):
    response = api.get(f"{BASE}/route-days/R%001/{DAY}",
                              headers={"Authorization": f"Bearer {api_key}"})
    assert response.status_code == 404 and response.mimetype == "application/problem+json"


hostile = st.one_of(
    st.sampled_from(["\x00", "a\x00", "\ud800", "\udc00x", 2**63, -(2**63) - 1, 10**4000,
                     2**31, -1, 1e308, "9" * 4000, [], {}, None, True]),
    st.text(max_size=30), st.integers(), st.floats(allow_nan=False, allow_infinity=False))
members = st.sampled_from(["id", "type", "occurred_at", "truck", "latitude", "longitude",
                           "reason", "stop"])


@settings(max_examples=60, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(changes=st.dictionaries(members, hostile, min_size=1, max_size=3),
       position=st.one_of(hostile, st.integers(min_value=1, max_value=20)))
def test_hypothesis_hostile_members_never_give_a_5xx(app, api, api_key, changes,
                                                     position):
    body = {**done(1, "07:01"), **changes}
    if "stop" not in changes:
        body["stop"] = {"position": position}
    # ensure_ascii writes lone surrogates as \\ud800 escapes, as a client would.
    response = send(api, api_key, json.dumps(body))
    assert response.status_code < 500, (body, response.get_json())
    assert response.mimetype == "application/problem+json" or response.status_code == 200
