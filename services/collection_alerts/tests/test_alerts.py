""""The truck is on its way", exactly once: a recorded route day replayed through the API.

Monday 30 November 2026, route R1 (20 stops on Storgatan, planned 07:00 + 3 min
apart).  The truck starts 07:02 and does a stop every 4 minutes (pace 4/3).  The
device reports stop 14 skipped early (road blocked), stop 6's completion arrives
late (after stop 7's), and some events come twice - once with the same id, once
with a new one.  Every event is posted at its arrival time with the clock there.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from sqlalchemy import select, update

from eservices.clock import STOCKHOLM
from eservices.db import db
from services.collection_alerts.alerts import notify_route_day, preview_notice
from services.collection_alerts.models import AlertSent, AlertSubscription, RouteDay
from services.collection_alerts.unsubscribe import unsubscribe_url

MONDAY = date(2026, 11, 30)
API = "/api/v1/collection-alerts/route-days/R1/{day}/events"


def at(hh: int, mm: int, ss: int = 0, day: date = MONDAY) -> datetime:
    return datetime(day.year, day.month, day.day, hh, mm, ss, tzinfo=STOCKHOLM)


def recorded_day() -> list[tuple[datetime, dict]]:
    """(arrival, event) in arrival order, as the route-management system sent them."""

    def ev(id: str, kind: str, occurred: datetime, position: int | None = None) -> dict:
        raw = {"id": id, "type": kind, "occurred_at": occurred.isoformat()}
        if position is not None:
            raw["stop"] = {"position": position}
        if kind == "position":
            raw.update(latitude=64.75, longitude=20.95)
        return raw

    done = {k: at(7, 1) + timedelta(minutes=4 * k) for k in range(1, 21) if k != 14}
    arrivals = [(at(6, 55), ev("p-1", "position", at(6, 55))),
                (at(7, 2), ev("start", "route_day_started", at(7, 2)))]
    for k in (1, 2, 3, 4, 5):
        arrivals.append((done[k] + timedelta(seconds=5), ev(f"s-{k}", "stop_completed",
                                                            done[k], k)))
    arrivals += [
        (at(7, 23), ev("p-2", "position", at(7, 23))),
        (at(7, 29, 5), ev("s-7", "stop_completed", done[7], 7)),
        (at(7, 30), ev("skip-14", "stop_skipped", at(7, 30), 14)),
        (at(7, 31), ev("s-6", "stop_completed", done[6], 6)),  # late, after stop 7
        (at(7, 33, 5), ev("s-8", "stop_completed", done[8], 8)),
        (at(7, 34), ev("s-8", "stop_completed", done[8], 8)),  # the same event again
    ]
    for k in (9, 10, 11, 12):
        arrivals.append((done[k] + timedelta(seconds=5), ev(f"s-{k}", "stop_completed",
                                                            done[k], k)))
    arrivals.append((at(7, 50), ev("s-12-again", "stop_completed", done[12], 12)))  # new id
    for k in (13, 15, 16, 17, 18, 19, 20):
        arrivals.append((done[k] + timedelta(seconds=5), ev(f"s-{k}", "stop_completed",
                                                            done[k], k)))
    arrivals += [(at(8, 25), ev("finish", "route_day_finished", at(8, 25))),
                 (at(8, 40), ev("s-3", "stop_completed", done[3], 3))]  # a straggler
    return arrivals


def replay(app, clock, api_key, arrivals, day: date = MONDAY) -> list[int]:
    client = app.test_client()
    queued = []
    for arrival, event in arrivals:
        clock.set(arrival)
        response = client.post(API.format(day=day), json=event,
                               headers={"Authorization": f"Bearer {api_key}"})
        assert response.status_code == 200, response.get_json()
        queued.append(response.get_json()["alerts_queued"])
    return queued


def messages(app) -> list[tuple[str, str, str]]:
    """(created, Swedish time "HH:MM:SS"; recipient; body) of every SMS, in order."""
    from notifications.models import Notification

    with app.app_context():
        rows = db.session.execute(select(Notification.created_at, Notification.recipient,
                                         Notification.body)
                                  .order_by(Notification.created_at, Notification.recipient))
        return [(created.astimezone(STOCKHOLM).strftime("%H:%M:%S"), recipient, body)
                for created, recipient, body in rows]


@pytest.fixture
def people(app, network, subscribe):
    """Who follows which stop of R1, and how far ahead they want to know."""
    stop = dict(enumerate(network.r1_addresses, start=1))
    ids = {
        "s3": subscribe("+46701000003", stop[3], approach=15),
        "s8_15": subscribe("+46701000081", stop[8], approach=15),
        "s8_30": subscribe("+46701000082", stop[8], approach=30),
        "s8_60": subscribe("+46701000083", stop[8], approach=60),
        "s16_15": subscribe("+46701000081", stop[16], approach=15),  # the same number
        "s14": subscribe("+46701000014", stop[14], approach=15),  # skipped early
        "s18_en": subscribe("+46701000018", stop[18], approach=30, language="en"),
        "s10_evening": subscribe("+46701000010", stop[10], approach=None),
        "s5_ended": subscribe("+46701000005", stop[5], approach=15),
    }
    with app.app_context():
        db.session.execute(update(AlertSubscription).where(
            AlertSubscription.id == ids["s5_ended"]).values(active=False))
        db.session.commit()
    return ids


def stop_link(app, subscription_id: int) -> str:
    with app.test_request_context(), app.app_context():
        return unsubscribe_url(db.session.get(AlertSubscription, subscription_id))


def test_a_recorded_route_day_alerts_each_subscriber_once_at_the_right_time(
        app, clock, api_key, people):
    queued = replay(app, clock, api_key, recorded_day())
    assert sum(queued) == 6
    sent = messages(app)
    assert [(created, to) for created, to, _ in sent] == [
        ("07:02:00", "+46701000003"),  # stop 3, 15 min: due at once (ETA 07:08)
        ("07:02:00", "+46701000082"),  # stop 8, 30 min (ETA 07:23)
        ("07:02:00", "+46701000083"),  # stop 8, 60 min
        ("07:21:05", "+46701000081"),  # stop 8, 15 min, now at the day's pace (07:33)
        ("07:45:05", "+46701000018"),  # stop 18, 30 min (08:13)
        ("07:50:00", "+46701000081"),  # stop 16, 15 min (08:05), on stop 12's resent event
    ]
    bodies = [body for _, _, body in sent]
    assert bodies[0].startswith("Sopbilen är snart vid Storgatan 3, ca 07:08. "
                                "Hämtas: Restavfall, Matavfall.")
    assert "Storgatan 8, ca 07:23." in bodies[1] and "Storgatan 8, ca 07:23." in bodies[2]
    assert "Storgatan 8, ca 07:33." in bodies[3]
    assert bodies[4].startswith("The waste truck will soon be at Storgatan 18, about 08:13. "
                                "Collecting: Residual waste, Food waste.")
    assert "Storgatan 16, ca 08:05." in bodies[5]
    assert stop_link(app, people["s3"]) in bodies[0]
    assert stop_link(app, people["s16_15"]) in bodies[5]
    with app.app_context():
        kinds = db.session.execute(select(AlertSent.subscription_id, AlertSent.kind,
                                          AlertSent.notification_id)).all()
    assert sorted(s for s, _, _ in kinds) == sorted(
        people[k] for k in ("s3", "s8_15", "s8_30", "s8_60", "s16_15", "s18_en"))
    assert all(kind == "approaching" and notification for _, kind, notification in kinds)


def test_a_lead_time_the_setting_no_longer_offers_still_alerts(app, clock, api_key, network,
                                                              subscribe):
    # Chosen while the setting offered 45 minutes; it now offers 15, 30 and 60.
    subscribe("+46701000045", network.r1_addresses[7], approach=45)
    replay(app, clock, api_key, recorded_day())
    assert [(created, to) for created, to, _ in messages(app)] == [
        ("07:02:00", "+46701000045")]  # stop 8, ETA 07:23: within 45 minutes at the start


def test_the_same_day_replayed_again_sends_nothing_more(app, clock, api_key, people):
    replay(app, clock, api_key, recorded_day())
    before = messages(app)
    # The integration resends everything (new ids), and the day is reopened meanwhile.
    again = [(arrival, {**event, "id": event["id"] + "-resent"})
             for arrival, event in recorded_day()[:-2]]
    with app.app_context():
        db.session.execute(update(RouteDay).values(status="started", alerted_through={}))
        db.session.commit()
    assert sum(replay(app, clock, api_key, again)) == 0
    assert messages(app) == before


def test_a_cancelled_day_sends_no_approaching_alert_and_one_notice(app, clock, api_key,
                                                                   people):
    day = MONDAY + timedelta(weeks=1)
    cancelled = [(at(6, 30, day=day), {"id": "c", "type": "route_day_cancelled",
                                       "occurred_at": at(6, 30, day=day).isoformat(),
                                       "reason": "Snöoväder"}),
                 (at(7, 2, day=day), {"id": "go", "type": "route_day_started",
                                      "occurred_at": at(7, 2, day=day).isoformat()}),
                 (at(7, 5, day=day), {"id": "s1", "type": "stop_completed", "stop": {
                     "position": 1}, "occurred_at": at(7, 5, day=day).isoformat()})]
    assert replay(app, clock, api_key, cancelled, day=day) == [0, 0, 0]
    assert messages(app) == []
    clock.set(at(7, 10, day=day))
    with app.app_context():
        route_day = db.session.scalars(select(RouteDay)).one()
        assert route_day.status == "cancelled"
        first = notify_route_day(route_day, "cancel", "Nästa hämtning är måndag 14 december.",
                                 "anna")
        second = notify_route_day(route_day, "cancel", "Nästa hämtning är måndag 14 december.",
                                  "anna")
        db.session.commit()
    # Every active subscription on the route, whatever alerts it chose; not the ended one.
    assert (first, second) == (8, 0)
    sent = messages(app)
    assert len(sent) == 8 and len({to for _, to, _ in sent}) == 7
    swedish = next(body for _, to, body in sent if to == "+46701000003")
    assert swedish.startswith("Sophämtningen på Storgatan 3 måndag 7 december är inställd. "
                              "Nästa hämtning är måndag 14 december. Sluta få sms")
    english = next(body for _, to, body in sent if to == "+46701000018")
    assert english.startswith("The waste collection at Storgatan 18 on Monday 7 December "
                              "is cancelled.")


def test_messages_and_delays_go_once_per_text_and_reach_new_subscribers(
        app, clock, api_key, people, subscribe, network):
    replay(app, clock, api_key, recorded_day()[:2])  # started 07:02: three alerts queued
    clock.set(at(7, 10))
    with app.app_context():
        route_day = db.session.scalars(select(RouteDay)).one()
        assert notify_route_day(route_day, "delay", "Ca 30 minuter sent.", "anna") == 8
        assert notify_route_day(route_day, "delay", "Ca 30 minuter sent.", "anna") == 0
        assert notify_route_day(route_day, "message", "Ställ ut kärlen.", "anna") == 8
        db.session.commit()
    subscribe("+46701000099", network.r1_addresses[0], approach=None)
    with app.app_context():
        route_day = db.session.scalars(select(RouteDay)).one()
        assert notify_route_day(route_day, "delay", "Ca 30 minuter sent.", "anna") == 1
        db.session.commit()
    bodies = [body for _, _, body in messages(app)]
    # Seven in Swedish and the newcomer, seven plus one in English for the message.
    assert sum("är försenad. Ca 30 minuter sent. Sluta" in b for b in bodies) == 8
    assert sum(b.startswith("Om sophämtningen på") and "Ställ ut kärlen." in b
               for b in bodies) == 7
    assert sum(b.startswith("About the waste collection at Storgatan 18 on Monday 30 "
                            "November: Ställ ut kärlen.") for b in bodies) == 1


def test_the_staff_preview_is_the_longest_text_a_subscriber_gets(app, network, people):
    with app.test_request_context(), app.app_context():
        route_day = RouteDay(route_id=network.r1, service_date=MONDAY, status="planned")
        db.session.add(route_day)
        db.session.flush()
        preview = preview_notice(route_day, "Vi kommer i eftermiddag.", "sv", kind="delay")
        db.session.rollback()
    assert preview.text.startswith("Sophämtningen på Storgatan 10 måndag 30 november är "
                                   "försenad. Vi kommer i eftermiddag. Sluta få sms")
    assert preview.segments == 2
    text, segments = preview
    assert segments == preview.segments and text == preview.text


def test_reminder_time_has_no_say_over_approaching_alerts(app, clock, api_key, network,
                                                          subscribe):
    # An evening-reminder time is irrelevant to the truck alert: all that counts is the lead.
    subscribe("+46701000021", network.r1_addresses[0], approach=15, evening=False,
              reminder_time=time(20, 0))
    assert replay(app, clock, api_key, recorded_day()[:2]) == [0, 1]
