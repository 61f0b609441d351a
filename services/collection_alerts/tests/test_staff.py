"""The back office through the test client: route days, messages to subscribers, API keys.

A disruption message goes out as one SMS per active subscription at the route's
stops (what ``AlertSent`` guards): a number following two addresses on the route
gets one about each address, since each names its address and its own stop link.
"""

from __future__ import annotations

import re
import threading
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from eservices.db import db
from eservices.staff.models import AuditEvent
from eservices.testing import csrf_token_from, sign_in
from notifications.models import Notification
from services.collection_alerts import alerts
from services.collection_alerts.keys import find_api_key
from services.collection_alerts.models import (
    AlertSent,
    ApiKey,
    Disruption,
    Route,
    RouteDay,
    StopVisit,
)

BASE = "/staff/collection-alerts"
MONDAY = date(2026, 11, 30)
DAY = f"{BASE}/route-days/2026-11-30/R1"
SNOW = "Hämtningen är försenad på grund av snöoväder."


@pytest.fixture
def anna(client, create_staff):
    """A signed-in handläggare reading the back office in English (the source language)."""
    create_staff("anna", "handlaggare")
    client.get("/language/en")
    sign_in(client, "anna")
    return client


@pytest.fixture
def root(client, create_staff):
    create_staff("root", "administrator")
    client.get("/language/en")
    sign_in(client, "root")
    return client


@pytest.fixture
def subscribers(network, subscribe) -> list[int]:
    """Three subscriptions on R1: one number following two addresses, one in English."""
    return [subscribe("+46701234567", network.r1_addresses[0]),
            subscribe("+46701234567", network.r1_addresses[1]),
            subscribe("+46709876543", network.r1_addresses[5], language="en")]


def at(hour: int, minute: int) -> datetime:
    return datetime(2026, 11, 30, hour, minute, tzinfo=UTC)


def started_day(app, network, completed: int = 2, skipped: tuple[int, ...] = ()) -> int:
    """R1 under way since 07:00 Swedish time, stops 1..completed done 3 minutes apart."""
    with app.app_context():
        row = RouteDay(route_id=network.r1, service_date=MONDAY, status="started",
                       started_at=at(6, 0), position_at=at(6, 4), latitude=64.75,
                       longitude=20.95, delay_minutes=0, alerted_through={})
        db.session.add(row)
        db.session.flush()
        for i in range(completed):
            db.session.add(StopVisit(route_day_id=row.id, stop_id=network.r1_stops[i],
                                     status="completed", occurred_at=at(6, 3 * i)))
        for i in skipped:
            db.session.add(StopVisit(route_day_id=row.id, stop_id=network.r1_stops[i],
                                     status="skipped", occurred_at=at(6, 4)))
        db.session.commit()
        return row.id


def post_message(client, **data: str):
    token = csrf_token_from(client.get(f"{DAY}/message").get_data(as_text=True))
    return client.post(f"{DAY}/message", data={**data, "csrf_token": token})


def preview_and_confirm(client, **data: str):
    """Write, preview and confirm a message; the preview's HTML and the confirmation."""
    assert post_message(client, **data).status_code == 303
    preview = client.get(f"{DAY}/message/preview").get_data(as_text=True)
    return preview, confirm(client, preview)


def confirm(client, preview_html: str, draft: str | None = None):
    found = re.search(r'name="draft" value="([^"]+)"', preview_html)
    return client.post(f"{DAY}/message/send", data={
        "csrf_token": csrf_token_from(preview_html), "draft": draft or found.group(1)})


def sms(app) -> list[Notification]:
    with app.app_context():
        rows = db.session.scalars(select(Notification).where(
            Notification.module_id == "collection_alerts", Notification.channel == "sms")
            .order_by(Notification.recipient)).all()
        db.session.expunge_all()
        return rows


def actions(app) -> list[str]:
    with app.app_context():
        return db.session.scalars(select(AuditEvent.action).where(
            AuditEvent.module_id == "collection_alerts").order_by(AuditEvent.id)).all()


def route_day_row(app, network) -> RouteDay | None:
    with app.app_context():
        row = db.session.scalar(select(RouteDay).where(RouteDay.route_id == network.r1))
        db.session.expunge_all()
        return row


# -- roles ---------------------------------------------------------------------------------

def test_roles(app, client, create_staff, network, api_key):
    assert client.get(f"{BASE}/").status_code == 302  # anonymous: to the sign-in page
    assert "/staff/sign-in" in client.get(f"{BASE}/api-keys").location
    create_staff("anna", "handlaggare")
    create_staff("root", "administrator")
    create_staff("tina", "tjanstedesigner")
    sign_in(client, "tina")
    assert client.get(f"{BASE}/").status_code == 403
    assert client.get(DAY).status_code == 403

    other = app.test_client()
    sign_in(other, "anna")
    assert other.get(f"{BASE}/").status_code == 200 and other.get(DAY).status_code == 200
    with app.app_context():
        key_id = db.session.scalar(select(ApiKey.id))
    token = csrf_token_from(other.get(f"{BASE}/").get_data(as_text=True))
    for url in ("/api-keys", "/api-keys/new", f"/api-keys/{key_id}/revoke"):
        assert other.get(f"{BASE}{url}").status_code == 403, url
    for url in ("/api-keys/new", f"/api-keys/{key_id}/revoke"):
        assert other.post(f"{BASE}{url}", data={"csrf_token": token,
                                                "name": "x"}).status_code == 403
    with app.app_context():
        assert db.session.get(ApiKey, key_id).revoked_at is None
        assert db.session.scalar(select(ApiKey.id).where(ApiKey.name == "x")) is None

    admin = app.test_client()
    sign_in(admin, "root")
    assert admin.get(f"{BASE}/api-keys").status_code == 200
    assert admin.get(f"{BASE}/").status_code == 200  # administrators open every page


# -- route days ----------------------------------------------------------------------------

def test_route_days_for_monday_list_r1_with_progress_estimates_and_alerts(
        app, anna, network, subscribers, clock):
    html = anna.get(f"{BASE}/").get_data(as_text=True)  # today, Monday 30 November
    assert "Monday, 30 November 2026" in html and "R1 Exempelby måndag" in html
    # Thursdays in summer only.  As a word: random CSRF tokens may contain "R2".
    assert not re.search(r"(?<![A-Za-z0-9_-])R2(?![A-Za-z0-9_-])", html)
    assert "Planned" in html and "Stop 1 at 07:00" in html and "07:57" in html
    assert 'href="/staff/collection-alerts/route-days/2026-11-30/R1"' in html

    route_day = started_day(app, network, completed=2, skipped=(2,))
    clock.set(at(6, 5))
    with app.app_context():
        db.session.add_all([
            AlertSent(subscription_id=subscribers[0], service_date=MONDAY, kind="reminder"),
            AlertSent(subscription_id=subscribers[1], service_date=MONDAY, kind="reminder"),
            AlertSent(subscription_id=subscribers[0], service_date=MONDAY,
                      kind="approaching", route_day_id=route_day)])
        db.session.commit()
    html = anna.get(f"{BASE}/").get_data(as_text=True)
    row = re.search(r"R1 Exempelby måndag.*?</tr>", html, re.S).group(0)
    cells = [re.sub(r"<[^>]+>", " ", c).split() for c in re.findall(r"<td>(.*?)</td>", row,
                                                                      re.S)]
    assert cells[0] == ["Under", "way"]
    assert cells[1:4] == [["2"], ["1"], ["17"]]  # completed, skipped, remaining
    assert cells[4] == ["Stop", "4", "at", "07:09"]  # stop 3 was skipped
    assert cells[5] == ["07:57"] and cells[6] == ["07:04"]  # route end, last position
    assert " ".join(cells[7]) == "Evening-before reminders: 2 Truck-is-coming alerts: 1"


def test_the_date_picker_and_its_errors(anna, network):
    html = anna.get(f"{BASE}/?day-day=28&day-month=12&day-year=2026").get_data(as_text=True)
    assert "Monday, 28 December 2026" in html and "R1 Exempelby måndag" in html
    html = anna.get(f"{BASE}/?date=2026-12-03").get_data(as_text=True)
    assert "No route collects on this day." in html  # R2's Thursday, out of season
    bad = anna.get(f"{BASE}/?day-day=31&day-month=2&day-year=2026")
    html = bad.get_data(as_text=True)
    assert bad.status_code == 400 and "<title>Error:" in html
    assert "There is a problem" in html and 'href="#day-day"' in html
    assert "The date must be a real date" in html
    assert "Enter a date" in anna.get(f"{BASE}/?day-day=&day-month=&day-year=").get_data(
        as_text=True)
    assert anna.get(f"{BASE}/?date=2026-02-31").status_code == 404


def test_route_day_detail_shows_stops_estimates_alerts_and_notices(
        app, anna, network, subscribers, clock):
    route_day = started_day(app, network, completed=2)
    clock.set(at(6, 5))
    with app.app_context():
        db.session.add_all([
            AlertSent(subscription_id=subscribers[0], service_date=MONDAY,
                      kind="approaching", route_day_id=route_day, created_at=at(6, 1)),
            Disruption(route_day_id=route_day, kind="delay", message=SNOW,
                       created_by="anna", created_at=at(5, 30), recipients=3)])
        db.session.commit()
    html = anna.get(DAY).get_data(as_text=True)
    assert "R1 Exempelby måndag on Monday, 30 November 2026" in html
    assert "Storgatan 1, Exempelby" in html and "Residual waste, Food waste" in html
    rows = re.findall(r"<tr>\s*<td>(\d+)</td>(.*?)</tr>", html, re.S)
    assert len(rows) == 20
    first, third, last = (re.findall(r"<td>(.*?)</td>", rows[i][1]) for i in (0, 2, 19))
    assert first[2:] == ["07:00", "Completed 07:00", "–"]  # planned, driven, estimate
    assert third[2:] == ["07:06", "–", "07:06"]
    assert last[2:] == ["07:57", "–", "07:57"]
    assert "+46 70-••• •• 67" in html and "+46701234567" not in html
    assert "Truck-is-coming alerts" in html and SNOW in html
    assert "Send a message to the subscribers" in html


def test_unknown_and_past_route_days(anna, network):
    assert anna.get(f"{BASE}/route-days/2026-11-30/R9").status_code == 404
    assert anna.get(f"{BASE}/route-days/2026-12-01/R1").status_code == 404  # a Tuesday
    assert anna.get(f"{BASE}/route-days/2026-13-01/R1").status_code == 404
    past = f"{BASE}/route-days/2026-11-23/R1"
    html = anna.get(past).get_data(as_text=True)
    assert "Planned" in html and "Send a message to the subscribers" not in html
    refused = anna.get(f"{past}/message")
    assert refused.status_code == 303 and refused.location.endswith(past)


# -- a message to every subscriber -----------------------------------------------------------

def test_message_form_errors(anna, network, subscribers):
    html = post_message(anna).get_data(as_text=True)
    assert "<title>Error:" in html and "There is a problem" in html
    assert "Select what you want to tell the subscribers" in html
    assert "Enter the message" in html and 'href="#kind-0"' in html
    html = post_message(anna, kind="delay", minutes="half an hour",
                        message=SNOW).get_data(as_text=True)
    assert "The delay must be a whole number of minutes, like 30" in html
    assert "Enter the delay in minutes" in post_message(
        anna, kind="delay", message=SNOW).get_data(as_text=True)
    html = post_message(anna, kind="message", message="Snö " * 120).get_data(as_text=True)
    assert "The message is too long for 3 SMS segments" in html
    assert 'href="#message"' in html


def test_preview_then_confirm_sends_one_sms_per_subscription_once(
        app, anna, network, subscribers):
    assert post_message(anna, kind="delay", minutes="30", message=SNOW).status_code == 303
    preview = anna.get(f"{DAY}/message/preview").get_data(as_text=True)
    with app.test_request_context():
        transient = RouteDay(route_id=network.r1, route=db.session.get(Route, network.r1),
                             service_date=MONDAY, status="planned", delay_minutes=0)
        swedish = alerts.preview_notice(transient, SNOW, "sv", "delay")
        english = alerts.preview_notice(transient, SNOW, "en", "delay")
    assert swedish.text in preview and english.text in preview  # exactly as sent
    assert f"{swedish.segments} SMS segments per message" in preview
    assert "3 subscribers" in preview and "Swedish, to 2 subscribers" in preview
    assert "English, to 1 subscriber" in preview and "SEK" in preview
    assert route_day_row(app, network) is None and sms(app) == []  # a preview sends nothing

    # "Change the message" brings the draft back to the form.
    form = anna.get(f"{DAY}/message").get_data(as_text=True)
    assert SNOW in form and 'value="30"' in form

    done = confirm(anna, preview)
    assert done.status_code == 303 and done.location.endswith(DAY)
    page = anna.get(done.location).get_data(as_text=True)
    assert "The message is sent to 3 subscribers." in page and SNOW in page
    sent = sms(app)
    assert [m.recipient for m in sent] == ["+46701234567", "+46701234567", "+46709876543"]
    assert {m.language for m in sent} == {"sv", "en"} and all(SNOW in m.body for m in sent)
    assert "Storgatan 1 " in sent[0].body or "Storgatan 1 " in sent[1].body
    row = route_day_row(app, network)
    assert row.delay_minutes == 30 and row.status == "planned"
    assert actions(app) == ["disruption_sent"]

    again = confirm(anna, preview)  # a double click, or the back button
    assert "This message has already been sent." in anna.get(again.location).get_data(
        as_text=True)
    assert len(sms(app)) == 3 and actions(app) == ["disruption_sent"]
    with app.app_context():
        [notice] = db.session.scalars(select(Disruption)).all()
        assert notice.recipients == 3 and notice.created_by == "anna"


def test_a_tampered_expired_or_missing_draft_sends_nothing(app, anna, network, subscribers,
                                                           clock):
    assert post_message(anna, kind="message", message=SNOW).status_code == 303
    preview = anna.get(f"{DAY}/message/preview").get_data(as_text=True)
    draft = re.search(r'name="draft" value="([^"]+)"', preview).group(1)
    refused = confirm(anna, preview, draft=draft[:-3] + "abc")
    assert refused.status_code == 303 and refused.location.endswith(f"{DAY}/message")
    assert "The preview was too old or not valid" in anna.get(refused.location).get_data(
        as_text=True)
    assert anna.post(f"{DAY}/message/send", data={"draft": draft}).status_code == 400  # CSRF
    assert sms(app) == [] and route_day_row(app, network) is None
    # A draft for one route day cannot be sent to another.
    other = anna.post(f"{BASE}/route-days/2026-12-07/R1/message/send", data={
        "csrf_token": csrf_token_from(preview), "draft": draft})
    assert other.status_code == 303 and sms(app) == []
    clock.advance(hours=2)  # a preview left open too long is not sent unseen
    expired = confirm(anna, preview)
    assert expired.location.endswith(f"{DAY}/message") and sms(app) == []


def test_cancel_sets_the_status_and_refuses_a_later_delay(app, anna, network, subscribers):
    preview, done = preview_and_confirm(anna, kind="cancel", message="Ny hämtning tisdag.")
    assert "no more alerts are sent for it" in preview
    assert done.status_code == 303 and len(sms(app)) == 3
    assert route_day_row(app, network).status == "cancelled"
    assert "Cancelled" in anna.get(DAY).get_data(as_text=True)
    html = post_message(anna, kind="delay", minutes="20", message=SNOW).get_data(as_text=True)
    assert "The collection is already cancelled." in html
    assert post_message(anna, kind="message", message="Ring oss.").status_code == 303


# -- API keys ------------------------------------------------------------------------------

def test_api_keys_create_shows_the_key_once_and_revoke_stops_it(app, root, network, api_key):
    html = root.get(f"{BASE}/api-keys").get_data(as_text=True)
    assert "Ruttsystemet" in html and "Never" in html and "Active" in html
    token = csrf_token_from(html)
    bad = root.post(f"{BASE}/api-keys/new", data={"csrf_token": token, "name": "  "})
    assert "Enter a name for the key" in bad.get_data(as_text=True)

    created = root.post(f"{BASE}/api-keys/new", data={"csrf_token": token,
                                                      "name": "Ruttsystem 2"})
    html = created.get_data(as_text=True)
    assert created.status_code == 200 and created.headers["Cache-Control"] == "no-store"
    assert "Copy the key now" in html
    key = re.search(r'id="api-key">(ca_[0-9a-f]{8}_[\w-]+)<', html).group(1)
    with app.app_context():
        row = find_api_key(key)
        assert row is not None and row.name == "Ruttsystem 2" and row.created_by == "root"
        key_id = row.id
    listing = root.get(f"{BASE}/api-keys").get_data(as_text=True)
    assert key not in listing and "Ruttsystem 2" in listing  # never shown again

    confirm_page = root.get(f"{BASE}/api-keys/{key_id}/revoke").get_data(as_text=True)
    assert "Revoke the key Ruttsystem 2?" in confirm_page
    revoked = root.post(f"{BASE}/api-keys/{key_id}/revoke",
                        data={"csrf_token": csrf_token_from(confirm_page)})
    assert revoked.status_code == 303
    assert "is revoked" in root.get(revoked.location).get_data(as_text=True)
    with app.app_context():
        assert find_api_key(key) is None and find_api_key(api_key) is not None
    again = root.post(f"{BASE}/api-keys/{key_id}/revoke",
                      data={"csrf_token": csrf_token_from(confirm_page)})
    assert "already revoked" in root.get(again.location).get_data(as_text=True)
    assert root.get(f"{BASE}/api-keys/999/revoke").status_code == 404
    assert actions(app) == ["api_key_created", "api_key_revoked"]


def test_two_confirmations_at_once_send_once(app, create_staff, network, subscribers):
    """A double click arrives as two requests in parallel: the route-day lock orders them."""
    create_staff("anna", "handlaggare")
    clients = [app.test_client(), app.test_client()]
    for client in clients:
        sign_in(client, "anna")
    assert post_message(clients[0], kind="message", message=SNOW).status_code == 303
    preview = clients[0].get(f"{DAY}/message/preview").get_data(as_text=True)
    draft = re.search(r'name="draft" value="([^"]+)"', preview).group(1)
    tokens = [csrf_token_from(c.get(DAY).get_data(as_text=True)) for c in clients]
    start, results = threading.Barrier(2), []

    def click(client, token: str) -> None:
        start.wait()
        results.append(client.post(f"{DAY}/message/send",
                                   data={"csrf_token": token, "draft": draft}).status_code)

    threads = [threading.Thread(target=click, args=pair) for pair in zip(clients, tokens,
                                                                        strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert results == [303, 303]
    assert len(sms(app)) == 3 and actions(app) == ["disruption_sent"]
