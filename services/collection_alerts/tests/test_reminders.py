"""The evening-before reminder: on time, exactly once, across reruns, crashes and races.

Route R1 collects on Mondays, so on Sunday 29 November 2026 at 18:00 Swedish time
its subscribers are reminded of Monday 30 November.  Collections of Friday
25 December move to Monday 28 December.
"""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from sqlalchemy import select, update

from eservices.clock import STOCKHOLM
from eservices.db import db
from eservices.scheduler import run_job
from services.collection_alerts import reminders
from services.collection_alerts.models import (
    AlertSent,
    AlertSubscription,
    Route,
    RouteDay,
    RouteStop,
)
from services.collection_alerts.reminders import send_due_reminders
from services.collection_alerts.unsubscribe import unsubscribe_url


def at(day: date, hh: int, mm: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hh, mm, tzinfo=STOCKHOLM)


SUNDAY = date(2026, 11, 29)


def sent(app) -> list[tuple[str, str, str]]:
    """(created in Swedish time, recipient, body), oldest first."""
    from notifications.models import Notification

    with app.app_context():
        rows = db.session.execute(select(Notification.created_at, Notification.recipient,
                                         Notification.body)
                                  .order_by(Notification.created_at, Notification.recipient))
        return [(c.astimezone(STOCKHOLM).strftime("%Y-%m-%d %H:%M"), r, b) for c, r, b in rows]


def run(app, clock, moment: datetime, **kwargs) -> int:
    clock.set(moment)
    with app.app_context():
        return send_due_reminders(**kwargs)


def test_the_evening_before_once_with_the_date_fractions_address_and_stop_link(
        app, clock, network, subscribe):
    first = subscribe("+46701000001", network.r1_addresses[0])
    subscribe("+46701000002", network.r1_addresses[1], language="en")
    subscribe("+46701000003", network.r2_addresses[0])  # Thursdays in summer only
    assert run(app, clock, at(SUNDAY, 17, 59)) == 0
    assert run(app, clock, at(SUNDAY, 18, 0)) == 2
    assert run(app, clock, at(SUNDAY, 18, 1)) == 0  # the job's next minute
    assert run(app, clock, at(SUNDAY, 23, 30)) == 0
    messages = sent(app)
    assert [(c, r) for c, r, _ in messages] == [("2026-11-29 18:00", "+46701000001"),
                                                ("2026-11-29 18:00", "+46701000002")]
    with app.test_request_context(), app.app_context():
        link = unsubscribe_url(db.session.get(AlertSubscription, first))
    assert messages[0][2] == ("Påminnelse: måndag 30 november hämtas Restavfall, Matavfall på "
                              f"Storgatan 1. Sluta få sms om adressen: {link} /Exempelkommun")
    assert messages[1][2].startswith("Reminder: Residual waste, Food waste will be collected "
                                     "at Storgatan 2 on Monday 30 November.")
    with app.app_context():
        rows = db.session.execute(select(AlertSent.kind, AlertSent.service_date,
                                         AlertSent.notification_id)).all()
    assert [(kind, day) for kind, day, _ in rows] == [("reminder", date(2026, 11, 30))] * 2
    assert all(notification for _, _, notification in rows)


def test_who_is_reminded_and_when(app, clock, network, subscribe):
    subscribe("+46701000001", network.r1_addresses[0], reminder_time=time(19, 30))
    subscribe("+46701000002", network.r1_addresses[1], evening=False)
    ended = subscribe("+46701000003", network.r1_addresses[2])
    subscribe("+46701000004", network.r1_addresses[3])  # one number, two addresses
    subscribe("+46701000004", network.r1_addresses[4])
    with app.app_context():
        db.session.execute(update(AlertSubscription).where(AlertSubscription.id == ended)
                           .values(active=False))
        db.session.commit()
    assert run(app, clock, at(SUNDAY, 18)) == 2
    assert run(app, clock, at(SUNDAY, 19, 29)) == 0
    assert run(app, clock, at(SUNDAY, 19, 30)) == 1
    assert [(c, r, b.split(" Sluta")[0][-12:]) for c, r, b in sent(app)] == [
        ("2026-11-29 18:00", "+46701000004", "Storgatan 4."),
        ("2026-11-29 18:00", "+46701000004", "Storgatan 5."),
        ("2026-11-29 19:30", "+46701000001", "Storgatan 1."),
    ]


def test_a_crash_halfway_then_the_rerun_completes_without_duplicates(
        app, clock, network, subscribe, monkeypatch):
    for n in range(1, 8):
        subscribe(f"+4670100000{n}", network.r1_addresses[n - 1])
    real = reminders.send_batch
    calls = []

    def dies_in_the_second_batch(day, recipients):
        calls.append(len(recipients))
        queued = real(day, recipients)
        if len(calls) == 2:
            raise RuntimeError("killed")  # its rows written, its commit never reached
        return queued

    monkeypatch.setattr(reminders, "send_batch", dies_in_the_second_batch)
    with pytest.raises(RuntimeError, match="killed"):
        run(app, clock, at(SUNDAY, 18), batch_size=3)
    with app.app_context():
        db.session.rollback()
    assert len(sent(app)) == 3  # the first batch; the second's work was rolled back
    monkeypatch.undo()
    assert run(app, clock, at(SUNDAY, 18, 1), batch_size=3) == 4
    recipients = [r for _, r, _ in sent(app)]
    assert sorted(recipients) == [f"+4670100000{n}" for n in range(1, 8)]


def test_two_runs_racing_send_each_reminder_once(app, make_app, clock, network, subscribe,
                                                 monkeypatch):
    for n in range(1, 5):
        subscribe(f"+4670100000{n}", network.r1_addresses[n - 1])
    other = make_app()
    other.extensions["eservices.clock"] = clock
    real = reminders.due_recipients
    results: list[int] = []
    raced = []

    def then_the_other_process_runs_first(*args):
        found = real(*args)
        if not raced:  # the other process reads, claims and commits in between
            raced.append(True)
            with other.app_context():
                results.append(send_due_reminders())
        return found

    monkeypatch.setattr(reminders, "due_recipients", then_the_other_process_runs_first)
    assert run(app, clock, at(SUNDAY, 18)) == 0
    assert results == [4]
    assert sorted(r for _, r, _ in sent(app)) == [f"+4670100000{n}" for n in range(1, 5)]


@pytest.fixture
def friday_route(app, network) -> int:
    """A Friday route (every week) with one stop on Sjövägen."""
    with app.app_context():
        route = Route(code="R3", name="Fredag", weekday=4, week_cycle=1, week_offset=0,
                      start_time=time(7, 0))
        db.session.add(route)
        db.session.flush()
        db.session.add(RouteStop(route_id=route.id, position=1,
                                 address_id=network.r2_addresses[0],
                                 fractions=["restavfall"], planned_offset_minutes=0))
        db.session.commit()
        return route.id


def test_holiday_shift_reminds_before_the_new_date_only(app, clock, network, subscribe,
                                                         friday_route):
    subscribe("+46701000005", network.r2_addresses[0])  # on R3, Fridays
    subscribe("+46701000001", network.r1_addresses[0])  # on R1, Mondays
    assert run(app, clock, at(date(2026, 12, 17), 18)) == 1  # Friday 18 December as usual
    assert run(app, clock, at(date(2026, 12, 24), 18)) == 0  # 25 December: moved
    assert run(app, clock, at(date(2026, 12, 25), 18)) == 0
    assert run(app, clock, at(date(2026, 12, 27), 18)) == 2  # Monday 28: R1 and moved R3
    messages = [(c, r, b.split(" Sluta")[0]) for c, r, b in sent(app)]
    assert messages == [
        ("2026-12-17 18:00", "+46701000005",
         "Påminnelse: fredag 18 december hämtas Restavfall på Sjövägen 1."),
        ("2026-12-27 18:00", "+46701000001",
         "Påminnelse: måndag 28 december hämtas Restavfall, Matavfall på Storgatan 1."),
        ("2026-12-27 18:00", "+46701000005",
         "Påminnelse: måndag 28 december hämtas Restavfall på Sjövägen 1."),
    ]


def test_a_day_staff_have_cancelled_is_not_reminded(app, clock, network, subscribe):
    subscribe("+46701000001", network.r1_addresses[0])
    with app.app_context():
        db.session.add(RouteDay(route_id=network.r1, service_date=date(2026, 11, 30),
                                status="cancelled"))
        db.session.commit()
    assert run(app, clock, at(SUNDAY, 18)) == 0


def test_it_is_the_registered_periodic_job(app, clock, network, subscribe):
    subscribe("+46701000001", network.r1_addresses[0])
    clock.set(at(SUNDAY, 18, 0))
    assert run_job(app, "collection_alerts.reminders") == 1
    assert run_job(app, "collection_alerts.reminders") == 0
