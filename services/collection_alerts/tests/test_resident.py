"""The resident's pages through the test client: dates, calendar, sign-up, codes, stopping.

Pages are read in English.  The clock stands at Monday 30 November 2026, 06:00.
"""

from __future__ import annotations

import re
from datetime import date

from icalendar import Calendar
from sqlalchemy import select

from eservices.db import db
from eservices.testing import csrf_token_from
from notifications.models import Notification, OptOut
from services.collection_alerts.models import (
    AlertSubscription,
    Subscriber,
    VerificationCode,
)
from services.collection_alerts.unsubscribe import unsubscribe_url

from .conftest import add_shift

BASE = "/collection-alerts"
ANNA = "070-174 00 01"
ANNA_E164 = "+46701740001"


def post(client, url, data=None, page=None, **kwargs):
    """POST with the CSRF token of ``url`` (or of ``page``, when url has no GET)."""
    token = csrf_token_from(client.get(page or url, **kwargs).get_data(as_text=True))
    return client.post(url, data={**(data or {}), "csrf_token": token}, **kwargs)


def texts(app, phone=ANNA_E164, category=None):
    with app.app_context():
        query = select(Notification).where(Notification.recipient == phone)
        if category:
            query = query.where(Notification.category == category)
        return [n.body for n in db.session.scalars(query.order_by(Notification.created_at))]


def codes_sent(app, phone=ANNA_E164):
    """The code texts to ``phone``, oldest first (the clock stands still: by code row id)."""
    with app.app_context():
        rows = db.session.scalars(select(Notification).where(
            Notification.recipient == phone, Notification.reference.like("code:%"))).all()
        return [n.body for n in sorted(rows, key=lambda n: int(n.reference.split(":")[1]))]


def last_code(app, phone=ANNA_E164):
    return re.match(r"(\d{6}) ", codes_sent(app, phone)[-1]).group(1)


def subscriptions(app):
    with app.app_context():
        return [(s.subscriber.phone, s.address_id, s.evening_reminder,
                 s.reminder_time.strftime("%H:%M"), s.approach_minutes, s.active)
                for s in db.session.scalars(select(AlertSubscription)
                                            .order_by(AlertSubscription.id))]


def answer(client, address_id, alerts=("evening", "approach"), time="18:00", lead="15",
           phone=ANNA, **kwargs):
    """Answer every question up to the check page (not sending the code)."""
    client.get("/language/en", **kwargs)
    assert client.get(f"{BASE}/address/{address_id}/sign-up", **kwargs).status_code == 302
    response = post(client, f"{BASE}/sign-up/texts", {"alerts": list(alerts)}, **kwargs)
    assert response.status_code == 302, response.get_data(as_text=True)
    if "evening" in alerts:
        assert post(client, f"{BASE}/sign-up/evening", {"reminder_time": time},
                    **kwargs).status_code == 302
    if "approach" in alerts:
        assert post(client, f"{BASE}/sign-up/lead-time", {"approach_minutes": lead},
                    **kwargs).status_code == 302
    response = post(client, f"{BASE}/sign-up/mobile", {"phone": phone}, **kwargs)
    assert response.location.endswith("/sign-up/check"), response.get_data(as_text=True)


def send_code(client, **kwargs):
    return post(client, f"{BASE}/sign-up/check", **kwargs)


def enter(client, code, **kwargs):
    return post(client, f"{BASE}/sign-up/code", {"code": code}, **kwargs)


def new_code(client):
    return post(client, f"{BASE}/sign-up/new-code", page=f"{BASE}/sign-up/code")


def sign_up(app, client, address_id, phone=ANNA, **answers):
    answer(client, address_id, phone=phone, **answers)
    assert send_code(client).location.endswith("/sign-up/code")
    e164 = "+46" + re.sub(r"\D", "", phone)[1:]
    response = enter(client, last_code(app, e164))
    assert response.location.endswith("/sign-up/done"), response.get_data(as_text=True)
    return response


# -- the address page and the calendar ---------------------------------------------

def test_address_page_shows_three_months_of_dates(app, client, network):
    with app.app_context():
        add_shift(date(2026, 12, 21), date(2026, 12, 22), "Test")
        db.session.commit()
    client.get("/language/en")
    page = client.get(f"{BASE}/address/{network.r1_addresses[4]}").get_data(as_text=True)
    assert "Storgatan 5, Exempelby" in page
    assert "Monday 30 November 2026" in page and "Monday 22 February 2027" in page
    assert "Monday 1 March 2027" in page and "Monday 8 March 2027" not in page  # 92 days
    assert "Tuesday 22 December 2026" in page and "Monday 21 December 2026" not in page
    assert "Moved from Monday 21 December because of a public holiday" in page
    assert "Residual waste, Food waste" in page
    assert "Today, Monday 30 November" in page  # the next collection
    assert f"webcal://127.0.0.1:5000{BASE}/address/{network.r1_addresses[4]}/calendar.ics" in page
    assert f"/address/{network.r1_addresses[4]}/sign-up" in page


def test_unknown_address_is_a_friendly_404(client, network):
    client.get("/language/en")
    for url in (f"{BASE}/address/99999", f"{BASE}/address/99999/calendar.ics",
                f"{BASE}/address/99999/sign-up", f"{BASE}/address/abc"):
        response = client.get(url)
        assert response.status_code == 404
        assert "Page not found" in response.get_data(as_text=True)


def test_calendar_download(client, network):
    response = client.get(f"{BASE}/address/{network.r1_addresses[0]}/calendar.ics?lang=en")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert re.fullmatch(r'attachment; filename="[a-z0-9-]+\.ics"',
                        response.headers["Content-Disposition"])
    calendar = Calendar.from_ical(response.data)
    starts = sorted(event.decoded("dtstart") for event in calendar.walk("VEVENT"))
    assert date(2026, 11, 30) in starts and date(2026, 12, 7) in starts
    assert all(day.weekday() == 0 for day in starts)
    assert "Residual waste" in str(calendar.walk("VEVENT")[0]["summary"])


# -- signing up ----------------------------------------------------------------------

def test_sign_up_end_to_end(app, client, network):
    answer(client, network.r1_addresses[0], time="19:00", lead="30")
    check = client.get(f"{BASE}/sign-up/check").get_data(as_text=True)
    assert "070-174 00 01" in check and "19:00" in check and "About 30 minutes before" in check
    assert subscriptions(app) == [] and codes_sent(app) == []
    assert send_code(client).location.endswith("/sign-up/code")
    assert len(codes_sent(app)) == 1
    page = client.get(f"{BASE}/sign-up/code").get_data(as_text=True)
    assert "We have sent a code to 070-174 00 01" in page
    with app.app_context():
        row = db.session.scalars(select(VerificationCode)).one()
        assert last_code(app) not in row.code_hash and len(row.code_hash) == 64
        assert row.request["address_id"] == network.r1_addresses[0]
    assert enter(client, last_code(app)).location.endswith("/sign-up/done")
    assert subscriptions(app) == [(ANNA_E164, network.r1_addresses[0], True, "19:00", 30, True)]
    done = client.get(f"{BASE}/sign-up/done").get_data(as_text=True)
    assert "You will get texts about collection" in done and "at 19:00" in done
    # The code and the welcome share the test clock's minute: find the welcome by its link.
    (welcome,) = [t for t in texts(app) if "/stop/" in t]
    assert "Storgatan 1, Exempelby" in welcome
    assert re.search(r"http://127.0.0.1:5000/collection-alerts/stop/\S+", welcome)


def test_the_welcome_text_says_what_comes_in_the_subscribers_language(app, client, network):
    answer(client, network.r1_addresses[0], time="19:00", lead="30")
    client.get("/language/sv")  # the code is asked for in Swedish: the texts are Swedish
    assert send_code(client).location.endswith("/sign-up/code")
    assert enter(client, last_code(app)).location.endswith("/sign-up/done")
    (welcome,) = [t for t in texts(app) if "/stop/" in t]
    assert "kvällen före kl. 19:00 och ca 30 min innan sopbilen kommer" in welcome


def test_a_change_that_opens_a_page_asks_it_then_returns_to_check_answers(client, network):
    answer(client, network.r1_addresses[0], alerts=("evening",))
    changed = post(client, f"{BASE}/sign-up/texts?change=1",
                   {"alerts": ["evening", "approach"]})
    assert changed.location.endswith("/sign-up/lead-time?change=1")
    page = client.get(changed.location).get_data(as_text=True)
    assert f'href="{BASE}/sign-up/check"' in page  # back goes to check answers
    done = post(client, f"{BASE}/sign-up/lead-time?change=1", {"approach_minutes": "15"})
    assert done.location.endswith("/sign-up/check")
    dropped = post(client, f"{BASE}/sign-up/texts?change=1", {"alerts": ["approach"]})
    assert dropped.location.endswith("/sign-up/check")
    assert client.get(f"{BASE}/sign-up/evening").location.endswith("/sign-up/texts")


def test_question_pages_refuse_bad_answers_and_save_nothing(app, client, network):
    client.get("/language/en")
    client.get(f"{BASE}/address/{network.r1_addresses[0]}/sign-up")
    page = post(client, f"{BASE}/sign-up/texts", {}).get_data(as_text=True)
    assert "Select at least one kind of text" in page
    page = post(client, f"{BASE}/sign-up/texts", {"alerts": ["sms-bomb"]}).get_data(as_text=True)
    assert "Select at least one kind of text" in page
    post(client, f"{BASE}/sign-up/texts", {"alerts": ["evening"]})
    page = post(client, f"{BASE}/sign-up/evening", {"reminder_time": "03:00"}).get_data(
        as_text=True)
    assert "Select a time for the text" in page
    assert post(client, f"{BASE}/sign-up/evening", {"reminder_time": "17:00"}).location \
        .endswith("/sign-up/mobile")
    for phone, message in (("", "Enter your mobile number"),
                           ("08-123 456 78", "not a landline number"),
                           ("+47 412 34 567", "Enter a Swedish mobile number"),
                           ("hello", "Enter a mobile number, like"),
                           ("0" * 500, "Enter a mobile number, like")):
        page = post(client, f"{BASE}/sign-up/mobile", {"phone": phone}).get_data(as_text=True)
        assert message in page, phone
        assert "<title>Error:" in page
    assert client.get(f"{BASE}/sign-up/check").location.endswith("/sign-up/mobile")
    assert codes_sent(app) == [] and subscriptions(app) == []


def test_sign_up_pages_without_an_address_go_to_the_start(client, network):
    for url in ("/sign-up/texts", "/sign-up/mobile", "/sign-up/check", "/sign-up/code",
                "/sign-up/done"):
        assert client.get(BASE + url).location.endswith(f"{BASE}/"), url


def test_wrong_code(app, client, network):
    answer(client, network.r1_addresses[0])
    send_code(client)
    right = last_code(app)
    wrong = "000000" if right != "000000" else "111111"
    page = enter(client, wrong).get_data(as_text=True)
    assert "The code is not right" in page and "4 tries left" in page
    page = enter(client, "12 34").get_data(as_text=True)  # not a code at all: no try used
    assert "The code is 6 digits" in page
    assert subscriptions(app) == []
    assert enter(client, right).location.endswith("/sign-up/done")


def test_expired_code(app, client, clock, network):
    answer(client, network.r1_addresses[0])
    send_code(client)
    clock.advance(minutes=11)
    page = enter(client, last_code(app)).get_data(as_text=True)
    assert "The code has expired" in page
    assert subscriptions(app) == []
    assert new_code(client).location.endswith("/sign-up/code")
    assert len(codes_sent(app)) == 2
    assert enter(client, last_code(app)).location.endswith("/sign-up/done")


def test_too_many_attempts_kill_the_code(app, client, network):
    answer(client, network.r1_addresses[0])
    send_code(client)
    right = last_code(app)
    wrong = "000000" if right != "000000" else "111111"
    for _ in range(4):
        assert "The code is not right" in enter(client, wrong).get_data(as_text=True)
    assert "too many times" in enter(client, wrong).get_data(as_text=True)
    assert "too many times" in enter(client, right).get_data(as_text=True)
    assert subscriptions(app) == []


def test_a_code_works_once(app, client, network):
    answer(client, network.r1_addresses[0])
    send_code(client)
    token = csrf_token_from(client.get(f"{BASE}/sign-up/code").get_data(as_text=True))
    code = last_code(app)
    assert enter(client, code).location.endswith("/sign-up/done")
    # The code page now leads to the confirmation; posting the code again is refused.
    assert client.get(f"{BASE}/sign-up/code").location.endswith("/sign-up/done")
    page = client.post(f"{BASE}/sign-up/code", data={"code": code, "csrf_token": token}
                       ).get_data(as_text=True)
    assert "already been used" in page
    assert len(subscriptions(app)) == 1
    assert len([t for t in texts(app) if "stop" in t]) == 1  # one welcome


def test_a_code_belongs_to_the_browser_that_asked(app, client, network):
    answer(client, network.r1_addresses[0])
    send_code(client)
    code = last_code(app)
    other = app.test_client()
    answer(other, network.r1_addresses[3], phone="070-174 00 02")
    token = csrf_token_from(other.get(f"{BASE}/sign-up/check").get_data(as_text=True))
    response = other.post(f"{BASE}/sign-up/code", data={"code": code, "csrf_token": token})
    assert response.location.endswith(f"{BASE}/")
    assert subscriptions(app) == []


def test_the_code_confirms_what_was_sent_not_what_the_browser_says(app, client, network):
    answer(client, network.r1_addresses[0])
    send_code(client)
    client.get(f"{BASE}/address/{network.r1_addresses[5]}/sign-up")  # another address now
    client.post(f"{BASE}/sign-up/code", data={"address_id": network.r1_addresses[5]})
    enter(client, last_code(app))
    assert [s[1] for s in subscriptions(app)] == [network.r1_addresses[0]]


def test_per_number_limit(app, client, network):
    answer(client, network.r1_addresses[0])
    send_code(client)
    assert new_code(client).status_code == 303
    assert new_code(client).status_code == 303
    assert len(codes_sent(app)) == 3
    page = new_code(client).get_data(as_text=True)
    assert "already sent several codes to this number" in page
    page = send_code(client).get_data(as_text=True)
    assert "already sent several codes to this number" in page
    assert len(codes_sent(app)) == 3
    # The latest code still works.
    assert enter(client, last_code(app)).location.endswith("/sign-up/done")


def test_per_client_limit_counts_across_numbers(app, client, clock, network):
    remote = {"environ_base": {"REMOTE_ADDR": "203.0.113.9"}}
    numbers = [f"070-174 00 0{n}" for n in range(1, 5)]
    sent = 0
    for phone in numbers:
        answer(client, network.r1_addresses[0], phone=phone, **remote)
        for _ in range(3 if sent < 9 else 1):
            assert send_code(client, **remote).status_code == 303
            sent += 1
    assert sent == 10
    page = send_code(client, **remote).get_data(as_text=True)
    assert "You have asked for many codes" in page
    total = sum(len(codes_sent(app, "+46" + re.sub(r"\D", "", p)[1:])) for p in numbers)
    assert total == 10
    other = app.test_client()  # another client may still ask
    answer(other, network.r1_addresses[1], phone="070-174 00 09")
    assert send_code(other).status_code == 303
    clock.advance(minutes=61)  # an hour later the client may ask again
    assert send_code(client, **remote).status_code == 303


def test_opted_out_number_gets_no_code(app, client, network):
    with app.app_context():
        db.session.add(OptOut(phone=ANNA_E164, active=True, source="sms"))
        db.session.commit()
    answer(client, network.r1_addresses[0])
    page = send_code(client).get_data(as_text=True)
    assert "has asked us not to send text messages" in page and "START" in page
    assert texts(app) == []


def test_one_number_two_addresses_and_signing_up_again_updates(app, client, network):
    first, second = network.r1_addresses[0], network.r2_addresses[0]
    sign_up(app, client, first)
    sign_up(app, client, second, alerts=("evening",), time="20:00")
    sign_up(app, client, first, alerts=("approach",), lead="60")
    assert subscriptions(app) == [(ANNA_E164, first, False, "18:00", 60, True),
                                  (ANNA_E164, second, True, "20:00", None, True)]
    with app.app_context():
        assert len(db.session.scalars(select(Subscriber)).all()) == 1


# -- stopping --------------------------------------------------------------------------

def stop_path(app):
    welcome = [t for t in texts(app) if "/stop/" in t][-1]
    return re.search(r"https?://[^/]+(/collection-alerts/stop/\S+)", welcome).group(1)


def test_unsubscribe(app, client, network):
    sign_up(app, client, network.r1_addresses[0])
    path = stop_path(app)
    page = client.get(path).get_data(as_text=True)
    assert "Stop texts about Storgatan 1, Exempelby?" in page and "STOPP" in page
    assert subscriptions(app)[0][-1] is True  # GET (a link scanner) changes nothing
    assert client.post(path).status_code in (303, 400)  # no CSRF token: nothing happens
    assert subscriptions(app)[0][-1] is True
    response = post(client, path)
    assert response.status_code == 303
    assert subscriptions(app)[0][-1] is False
    with app.app_context():
        assert db.session.scalars(select(AlertSubscription)).one().ended_at is not None
    assert "The texts have stopped" in client.get(response.location).get_data(as_text=True)
    assert "already stopped" in client.get(path).get_data(as_text=True)


def test_tampered_unsubscribe_token(app, client, network, subscribe):
    subscription_id = subscribe(ANNA_E164, network.r1_addresses[0])
    with app.test_request_context():
        subscription = db.session.get(AlertSubscription, subscription_id)
        good = unsubscribe_url(subscription).rsplit("/", 1)[1]
        db.session.remove()
    client.get("/language/en")
    payload, signature = good.split(".", 1)
    for token in (payload + "." + signature[:-1] + ("A" if signature[-1] != "A" else "B"),
                  "Mg." + signature, "x", "a" * 500, "' OR 1=1"):
        response = client.get(f"{BASE}/stop/{token}")
        assert response.status_code == 404
        assert "This link does not work" in response.get_data(as_text=True)
        assert client.post(f"{BASE}/stop/{token}").status_code in (400, 404)
    assert subscriptions(app)[0][-1] is True


def test_a_stop_link_sent_before_the_move_to_tk_tokens_still_works(app, client, network,
                                                                   subscribe):
    """Links in messages already sent were signed with the module's own salt."""
    from itsdangerous import URLSafeSerializer

    subscription_id = subscribe(ANNA_E164, network.r1_addresses[0])
    old = URLSafeSerializer(app.config["SECRET_KEY"], salt="collection-alerts-unsubscribe")
    path = f"{BASE}/stop/{old.dumps(subscription_id)}"
    client.get("/language/en")
    assert "Stop texts about Storgatan 1, Exempelby?" in client.get(path).get_data(as_text=True)
    assert post(client, path).status_code == 303
    assert subscriptions(app)[0][-1] is False


def test_unsubscribe_url_outside_a_request(app, network, subscribe):
    subscription_id = subscribe(ANNA_E164, network.r1_addresses[0])
    app.config["PUBLIC_BASE_URL"] = "https://e.exempelkommun.se"
    with app.app_context():
        url = unsubscribe_url(db.session.get(AlertSubscription, subscription_id))
    assert url.startswith("https://e.exempelkommun.se/collection-alerts/stop/")


def test_the_module_settings_decide_the_choices_and_limits(make_app, clock, network):
    app = make_app(MODULE_SETTINGS={"collection_alerts": {
        "REMINDER_TIME": "19:30", "APPROACH_LEAD_MINUTES": "10,20", "CODE_ATTEMPTS": "2",
        "CODE_MINUTES": "3", "CODES_PER_NUMBER_PER_HOUR": "1"}})
    app.extensions["eservices.clock"] = clock
    client = app.test_client()
    answer(client, network.r1_addresses[0], time="19:30", lead="20")
    page = client.get(f"{BASE}/sign-up/evening").get_data(as_text=True)
    assert "19:30 (the usual time)" in page and "17:00" in page and "21:00" in page
    page = client.get(f"{BASE}/sign-up/lead-time").get_data(as_text=True)
    assert "About 10 minutes before" in page and "About 15 minutes before" not in page
    refused = post(client, f"{BASE}/sign-up/lead-time", {"approach_minutes": "15"})
    assert "Select how long before the truck arrives" in refused.get_data(as_text=True)
    send_code(client)
    assert "valid for 3 minutes" in codes_sent(app)[0]
    assert "several codes" in new_code(client).get_data(as_text=True)
    right = last_code(app)
    wrong = "000000" if right != "000000" else "111111"
    assert "1 try left" in enter(client, wrong).get_data(as_text=True)
    assert "too many times" in enter(client, wrong).get_data(as_text=True)
    assert subscriptions(app) == []


def test_stopping_one_address_keeps_the_others(app, client, network, subscribe):
    first = subscribe(ANNA_E164, network.r1_addresses[0])
    subscribe(ANNA_E164, network.r1_addresses[1])
    subscribe(ANNA_E164, network.r2_addresses[0])
    with app.test_request_context():
        url = unsubscribe_url(db.session.get(AlertSubscription, first))
        path = url.split("127.0.0.1:5000", 1)[1]
        db.session.remove()
    client.get("/language/en")
    assert "Texts about your 2 other addresses do not stop" in client.get(path).get_data(
        as_text=True)
    done = client.get(post(client, path).location).get_data(as_text=True)
    assert "You still get texts about your 2 other addresses" in done
    assert [s[-1] for s in subscriptions(app)] == [False, True, True]
