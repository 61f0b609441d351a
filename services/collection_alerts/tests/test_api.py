"""The route-management API through the test client: keys, validation, idempotency, order.

The clock starts at 06:00 on Monday 30 November 2026; most tests move it to noon
so a morning's events are in the past.  Alert wording is tested in test_alerts.py.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from eservices.db import db
from notifications.models import Notification
from services.collection_alerts import api, ingest
from services.collection_alerts.keys import create_api_key, find_api_key, revoke_api_key
from services.collection_alerts.models import ApiKey, RouteDay, RouteEvent, StopVisit

BASE = "/api/v1/collection-alerts"
DAY = "2026-11-30"
NOON = datetime(2026, 11, 30, 11, 0, tzinfo=UTC)


def at(hhmm: str, day: str = DAY) -> str:
    return f"{day}T{hhmm}:00+01:00"


def event(event_id: str, kind: str, hhmm: str, **extra: object) -> dict[str, object]:
    return {"id": event_id, "type": kind, "occurred_at": at(hhmm), **extra}


def done(position: int, hhmm: str, kind: str = "stop_completed") -> dict[str, object]:
    return event(f"stop-{position}-{kind}-{hhmm}", kind, hhmm, stop={"position": position})


def post(client, key: str, body: object, route: str = "R1", day: str = DAY, **kwargs):
    return client.post(f"{BASE}/route-days/{route}/{day}/events", json=body,
                       headers={"Authorization": f"Bearer {key}"}, **kwargs)


def get(client, key: str, route: str = "R1", day: str = DAY):
    return client.get(f"{BASE}/route-days/{route}/{day}",
                      headers={"Authorization": f"Bearer {key}"})


def count(app, model: type) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def pointers(response) -> list[str]:
    assert response.status_code == 422, response.get_json()
    assert response.mimetype == "application/problem+json"
    return [error["pointer"] for error in response.get_json()["errors"]]


@pytest.fixture
def api_client(app, client, network, clock):
    clock.set(NOON)
    return client


def test_requests_without_a_valid_key_get_401_with_a_bearer_challenge(app, api_client,
                                                                       api_key, clock):
    url = f"{BASE}/route-days/R1/{DAY}"
    missing = api_client.get(url)
    assert missing.status_code == 401 and missing.mimetype == "application/problem+json"
    assert missing.headers["WWW-Authenticate"] == 'Bearer realm="collection-alerts"'
    for header in ("Bearer ca_nope_nope", f"Basic {api_key}", f"Bearer {api_key}x"):
        response = api_client.post(f"{url}/events", json={}, headers={"Authorization": header})
        assert response.status_code == 401, header
    wrong = api_client.get(url, headers={"Authorization": "Bearer ca_nope_nope"})
    assert 'error="invalid_token"' in wrong.headers["WWW-Authenticate"]
    assert get(api_client, api_key).status_code == 200
    with app.app_context():
        revoke_api_key(find_api_key(api_key))
        db.session.commit()
    assert get(api_client, api_key).status_code == 401
    assert count(app, RouteDay) == 0


def test_last_used_is_written_at_most_once_a_minute(app, api_client, api_key, clock):
    def last_used() -> datetime | None:
        with app.app_context():
            return db.session.scalar(select(ApiKey.last_used_at))

    get(api_client, api_key)
    assert last_used() == NOON
    clock.advance(seconds=30)
    get(api_client, api_key)
    assert last_used() == NOON
    clock.advance(seconds=31)
    get(api_client, api_key)
    assert last_used() == clock.now()


def test_malformed_json_wrong_type_and_oversized_bodies_are_refused(app, api_client, api_key):
    url, auth = f"{BASE}/route-days/R1/{DAY}/events", {"Authorization": f"Bearer {api_key}"}
    broken = api_client.post(url, data='{"events": [', headers=auth,
                             content_type="application/json")
    assert broken.status_code == 400 and broken.mimetype == "application/problem+json"
    assert broken.get_json()["title"] == "Malformed JSON"
    nan = api_client.post(url, data='{"id": "a", "latitude": NaN}', headers=auth,
                          content_type="application/json")
    assert nan.status_code == 400
    form = api_client.post(url, data={"id": "a"}, headers=auth)
    assert form.status_code == 415 and form.headers["Accept-Post"] == "application/json"
    assert form.mimetype == "application/problem+json"
    big = api_client.post(url, data=b'{"events": [' + b" " * api.MAX_BODY_BYTES + b"]}",
                          headers=auth, content_type="application/json")
    assert big.status_code == 413 and big.mimetype == "application/problem+json"
    assert post(api_client, api_key, [done(1, "07:00")]).status_code == 422  # not an object
    assert count(app, RouteEvent) == 0


def test_unknown_route_date_and_days_the_route_does_not_run(app, api_client, api_key):
    first = [done(1, "07:00")]
    assert post(api_client, api_key, first, route="R9").status_code == 404
    assert post(api_client, api_key, first, day="2026-13-01").status_code == 404
    assert post(api_client, api_key, first, day="20261130").status_code == 404
    tuesday = post(api_client, api_key, {"events": first}, day="2026-12-01")
    assert tuesday.status_code == 422 and "does not run" in tuesday.get_json()["detail"]
    # R2 runs on Thursdays of odd weeks, but only in summer.
    assert post(api_client, api_key, {"events": first}, route="R2",
                day="2026-12-03").status_code == 422
    assert get(api_client, api_key, day="2026-12-01").status_code == 404
    assert get(api_client, api_key, route="R9").status_code == 404
    assert count(app, RouteDay) == 0


def test_every_invalid_event_is_listed_and_nothing_is_saved(app, api_client, api_key, clock):
    events = [
        event("start", "route_day_started", "06:55", truck="T1"),
        done(21, "07:00"),
        event("s2", "stop_completed", "07:01", stop={"address_id": "SJÖ-1"}),
        event("t", "position", "07:02", truck="T9", latitude=64.75, longitude=20.95),
        event("far", "position", "07:03", latitude=59.0, longitude=30.0),
        event("future", "route_day_finished", "12:11"),
        {**event("old", "route_day_finished", "10:00"), "occurred_at": "2026-11-28T10:00:00Z"},
        {"id": "x" * 81, "type": "teleported", "occurred_at": "yesterday", "colour": "red"},
        event("nostop", "stop_skipped", "07:04"),
        event("reason", "position", "07:05", latitude=64.7, longitude=21.0, reason="?"),
        event("ok", "stop_completed", "07:06", stop={"address_id": "STO-3"}),
    ]
    response = post(api_client, api_key, {"events": events})
    assert pointers(response) == [
        "/events/1/stop/position", "/events/2/stop/address_id", "/events/3/truck",
        "/events/4/longitude", "/events/5/occurred_at", "/events/6/occurred_at",
        "/events/7/colour", "/events/7/id", "/events/7/type", "/events/7/occurred_at",
        "/events/8/stop", "/events/9/reason"]
    assert count(app, RouteEvent) == count(app, RouteDay) == count(app, StopVisit) == 0
    # Ten minutes ahead of the clock is tolerated (the truck's clock may run fast).
    ok = post(api_client, api_key, {"events": [
        events[0], event("soon", "position", "12:10", latitude=64.75, longitude=20.95),
        events[-1]]})
    assert ok.status_code == 200 and ok.get_json()["accepted"] == 3
    assert pointers(post(api_client, api_key, {"events": []})) == ["/events"]
    assert pointers(post(api_client, api_key, {"events": [events[0]], "more": 1})) == ["/more"]


def test_a_single_event_object_is_accepted_too(app, api_client, api_key):
    response = post(api_client, api_key, event("start", "route_day_started", "06:58"))
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.get_json() == {
        "route": "R1", "service_date": DAY, "status": "started", "accepted": 1,
        "duplicates": 0, "alerts_queued": 0,
        "events": [{"id": "start", "result": "accepted"}]}
    assert pointers(post(api_client, api_key, {**done(1, "07:00"), "truck": None})) == [
        "/truck"]


def test_a_repeated_event_is_acknowledged_and_changes_nothing(app, api_client, api_key):
    batch = {"events": [event("start", "route_day_started", "06:58"), done(1, "07:01")]}
    assert post(api_client, api_key, batch).get_json()["accepted"] == 2
    again = post(api_client, api_key, batch)
    assert again.status_code == 200
    assert [e["result"] for e in again.get_json()["events"]] == ["duplicate", "duplicate"]
    twice = post(api_client, api_key, {"events": [done(2, "07:04"), done(2, "07:04")]})
    assert [e["result"] for e in twice.get_json()["events"]] == ["accepted", "duplicate"]
    # The same id with other content is still the same event: the first version stands.
    retry = {**done(1, "07:01"), "occurred_at": at("06:59")}
    assert post(api_client, api_key, retry).get_json()["duplicates"] == 1
    state = get(api_client, api_key).get_json()
    assert state["stops"][0]["occurred_at"] == at("07:01")
    assert count(app, RouteEvent) == 3
    # Ids are per key: another integration may use the same id for its own event.
    with app.app_context():
        _row, other = create_api_key("Reserv", "test")
        db.session.commit()
    assert post(api_client, other, batch).get_json()["accepted"] == 2


def test_concurrent_deliveries_of_one_event_apply_it_once(app, api_client, api_key):
    body = {"events": [event("start", "route_day_started", "06:58"), done(1, "07:01"),
                       done(2, "07:04")]}
    barrier, results = threading.Barrier(3), []

    def deliver() -> None:
        client = app.test_client()
        barrier.wait()
        results.append(post(client, api_key, body))

    threads = [threading.Thread(target=deliver) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(r.status_code for r in results) == [200, 200, 200]
    assert sorted(r.get_json()["accepted"] for r in results) == [0, 0, 3]
    assert count(app, RouteEvent) == 3 and count(app, RouteDay) == 1
    assert count(app, StopVisit) == 2


def test_stops_reported_out_of_order_keep_their_own_times(app, api_client, api_key):
    post(api_client, api_key, {"events": [done(5, "07:15"), done(7, "07:22", "stop_skipped")]})
    post(api_client, api_key, {"events": [done(4, "07:12"), done(5, "07:16"),
                                           done(5, "07:14"), done(7, "07:30")]})
    stops = {s["position"]: s for s in get(api_client, api_key).get_json()["stops"]}
    assert (stops[4]["status"], stops[4]["occurred_at"]) == ("completed", at("07:12"))
    # The earliest completion counts; a completion beats an earlier skip.
    assert (stops[5]["status"], stops[5]["occurred_at"]) == ("completed", at("07:14"))
    assert (stops[7]["status"], stops[7]["occurred_at"]) == ("completed", at("07:30"))
    assert stops[4]["estimated_at"] is None and stops[6]["status"] == "remaining"
    post(api_client, api_key, done(7, "07:20", "stop_skipped"))
    assert get(api_client, api_key).get_json()["stops"][6]["status"] == "completed"


def test_a_late_position_ping_does_not_move_the_truck_back(app, api_client, api_key):
    post(api_client, api_key, event("p2", "position", "07:10", latitude=64.76, longitude=20.96))
    post(api_client, api_key, event("p1", "position", "07:05", latitude=64.75, longitude=20.95))
    assert get(api_client, api_key).get_json()["position"] == {
        "latitude": 64.76, "longitude": 20.96, "at": at("07:10")}
    # A stop report with coordinates is a position too.
    post(api_client, api_key, {**done(3, "07:20"), "latitude": 64.77, "longitude": 20.97})
    assert get(api_client, api_key).get_json()["position"]["at"] == at("07:20")
    assert count(app, RouteEvent) == 3


def test_route_day_state_follows_event_time_not_arrival(app, api_client, api_key):
    post(api_client, api_key, {"events": [event("f", "route_day_finished", "11:30"),
                                          event("s2", "route_day_started", "07:02")]})
    post(api_client, api_key, {"events": [event("s1", "route_day_started", "06:57"),
                                          done(20, "11:35")]})
    state = get(api_client, api_key).get_json()
    assert (state["status"], state["started_at"], state["finished_at"]) == (
        "finished", at("06:57"), at("11:30"))
    assert (state["completed"], state["remaining"]) == (1, 19)  # recorded after finishing


def test_a_cancelled_route_day_stays_cancelled(app, api_client, api_key):
    cancel = event("c", "route_day_cancelled", "06:30", reason="Snöstorm")
    assert post(api_client, api_key, cancel).get_json()["status"] == "cancelled"
    later = post(api_client, api_key, {"events": [event("s", "route_day_started", "07:00"),
                                                  done(1, "07:03")]})
    assert later.get_json()["status"] == "cancelled" and later.get_json()["accepted"] == 2
    state = get(api_client, api_key).get_json()
    assert (state["status"], state["started_at"], state["completed"]) == (
        "cancelled", at("07:00"), 1)
    assert all(s["estimated_at"] is None for s in state["stops"])
    with app.app_context():
        kinds = db.session.scalars(select(RouteEvent.kind).order_by(RouteEvent.id)).all()
        assert kinds == ["route_day_cancelled", "route_day_started", "stop_completed"]


def test_the_plan_is_shown_before_any_event_without_writing(app, api_client, api_key, clock):
    clock.set(datetime(2026, 11, 30, 5, 0, tzinfo=UTC))
    state = get(api_client, api_key).get_json()
    assert (state["status"], state["route_name"], state["remaining"]) == (
        "planned", "Exempelby måndag", 20)
    assert state["stops"][0] == {
        "position": 1, "address_id": "STO-1", "address": "Storgatan 1, Exempelby",
        "fractions": ["restavfall", "matavfall"], "status": "remaining",
        "occurred_at": None, "estimated_at": at("07:00")}
    assert state["stops"][19]["estimated_at"] == at("07:57")
    assert count(app, RouteDay) == 0


def test_alerts_are_decided_in_the_same_transaction_as_the_events(app, api_client, api_key,
                                                                  monkeypatch):
    seen = []

    def decide(route_day, now, plan):
        seen.append((route_day.status, len(route_day.visits), now))
        return 7

    monkeypatch.setattr(ingest, "process_route_day", decide)
    response = post(api_client, api_key, {"events": [event("s", "route_day_started", "07:00"),
                                                     done(1, "07:03")]})
    assert response.get_json()["alerts_queued"] == 7
    assert seen == [("started", 1, NOON)]

    def fail(route_day, now, plan):
        raise RuntimeError("the SMS could not be queued")

    monkeypatch.setattr(ingest, "process_route_day", fail)
    failed = post(api_client, api_key, done(2, "07:06"))
    assert failed.status_code == 500 and failed.mimetype == "application/problem+json"
    assert count(app, RouteEvent) == 2 and count(app, StopVisit) == 1  # all or nothing


def test_the_truck_approaching_sms_is_queued_once(app, api_client, api_key, network,
                                                  subscribe, clock):
    subscribe("0701234567", network.r1_addresses[9], approach=15)
    clock.set(datetime(2026, 11, 30, 6, 30, tzinfo=UTC))  # 07:30 in Sweden
    batch = {"events": [event("s", "route_day_started", "07:00"),
                        *(done(p, f"07:{3 * (p - 1):02d}") for p in range(1, 9))]}
    first = post(api_client, api_key, batch)
    again = post(api_client, api_key, {"events": [done(9, "07:24")]})
    queued = first.get_json()["alerts_queued"] + again.get_json()["alerts_queued"]
    with app.app_context():
        sms = db.session.scalar(select(func.count()).select_from(Notification).where(
            Notification.module_id == "collection_alerts", Notification.channel == "sms"))
    assert queued == sms == 1


def test_requests_beyond_the_rate_limit_get_429(app, api_client, api_key, monkeypatch):
    monkeypatch.setattr(api, "REQUESTS_PER_MINUTE", 2)
    assert [get(api_client, api_key).status_code for _ in range(3)] == [200, 200, 429]
    limited = get(api_client, api_key)
    assert limited.mimetype == "application/problem+json"
    with app.app_context():
        _row, other = create_api_key("Reserv", "test")
        db.session.commit()
    assert get(api_client, other).status_code == 200  # every key has its own budget
