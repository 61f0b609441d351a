"""The resident's pages in real Chromium, with axe-core on every page, error pages too.

One walk in English asserts the words; one in the default language (Swedish)
asserts only structure, so it holds before and after the strings are translated.
The clock stands at Monday 30 November 2026, 06:00.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from icalendar import Calendar
from playwright.sync_api import expect
from sqlalchemy import select

from eservices.db import db
from eservices.testing import assert_accessible
from notifications.models import Notification
from services.collection_alerts.models import AlertSubscription

pytestmark = pytest.mark.browser

PHONE = "+46701740001"


def outbox(app, phone=PHONE, category=None):
    with app.app_context():
        query = select(Notification).where(Notification.recipient == phone)
        if category:
            query = query.where(Notification.category == category)
        rows = db.session.scalars(query).all()
        return sorted(rows, key=lambda n: (n.created_at, n.reference))


def latest_code(app, phone=PHONE):
    codes = [n for n in outbox(app, phone, "verification") if n.reference.startswith("code:")]
    latest = max(codes, key=lambda n: int(n.reference.split(":")[1]))
    return re.match(r"\d{6}", latest.body).group(0)


def stop_link(app, phone=PHONE):
    [welcome] = [n for n in outbox(app, phone) if n.reference.startswith("subscription:")]
    return re.search(r"https?://\S+/collection-alerts/stop/\S+", welcome.body).group(0)


def subscription_states(app):
    with app.app_context():
        return [(s.address.label, s.active) for s in
                db.session.scalars(select(AlertSubscription).order_by(AlertSubscription.id))]


def h1(page):
    return page.get_by_role("heading", level=1)


def continue_(page):
    page.get_by_role("button", name="Continue").click()


def expect_error(page, message):
    expect(page).to_have_title(re.compile("^Error: "))
    expect(page.get_by_role("alert")).to_contain_text(message)
    assert_accessible(page)


def test_find_download_sign_up_and_stop_in_english(app, page, network):
    page.goto("/language/en?next=/collection-alerts/")
    expect(h1(page)).to_have_text("When is my waste collected?")
    assert_accessible(page)
    find = page.get_by_role("button", name="Find my address")
    find.click()
    expect_error(page, "Enter your street address")
    page.get_by_label("Street address").fill("Kungsgatan 1")
    find = page.get_by_role("button", name="Find my address")
    find.click()
    expect_error(page, "We could not find that address")
    page.get_by_label("Street address").fill("storgatan")
    page.get_by_role("button", name="Find my address").click()
    expect(h1(page)).to_have_text("Choose your address")
    expect(page.get_by_role("link", name="Storgatan 10", exact=True)).to_be_visible()
    assert_accessible(page)
    page.go_back()
    page.get_by_label("Street address").fill("  STORG. 12 ,  931 31 ")
    page.get_by_role("button", name="Find my address").click()

    expect(h1(page)).to_have_text("Storgatan 12, Exempelby")
    table = page.get_by_role("table")
    expect(table.get_by_role("row")).to_have_count(1 + 14)  # 14 Mondays in 92 days
    expect(table.get_by_role("row").nth(1)).to_contain_text("Monday 30 November 2026")
    expect(table.get_by_role("row").nth(1)).to_contain_text("Residual waste, Food waste")
    expect(page.locator("#feed-url")).to_contain_text("/calendar.ics")
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the calendar (.ics file)").click()
    assert download.value.suggested_filename.endswith(".ics")
    calendar = Calendar.from_ical(Path(download.value.path()).read_bytes())
    starts = [event.decoded("dtstart") for event in calendar.walk("VEVENT")]
    assert date(2026, 12, 7) in starts
    assert "Waste collection" in str(calendar.walk("VEVENT")[0]["summary"])

    page.get_by_role("button", name="Get a text").click()
    expect(h1(page)).to_have_text("Which texts do you want?")
    assert_accessible(page)
    continue_(page)
    expect_error(page, "Select at least one kind of text")
    page.get_by_label("A text the evening before collection day").check()
    page.get_by_label("A text when the garbage truck is on its way to you").check()
    continue_(page)
    expect(page.get_by_label("18:00 (the usual time)")).to_be_checked()
    assert_accessible(page)
    page.get_by_label("19:00").check()
    continue_(page)
    assert_accessible(page)
    continue_(page)
    expect_error(page, "Select how long before the truck arrives")
    page.get_by_label("About 30 minutes before").check()
    continue_(page)
    assert_accessible(page)
    page.get_by_label("Mobile number").fill("08-123 456 78")
    continue_(page)
    expect_error(page, "Enter a mobile number, not a landline number")
    page.get_by_label("Mobile number").fill("070-174 00 01")
    continue_(page)
    expect(h1(page)).to_have_text("Check your answers")
    expect(page.get_by_text("About 30 minutes before")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Send the code").click()

    expect(h1(page)).to_have_text("Enter the code from the text message")
    expect(page.get_by_text("We have sent a code to 070-174 00 01")).to_be_visible()
    assert_accessible(page)
    code = latest_code(app)
    page.get_by_label("Code").fill("000000" if code != "000000" else "111111")
    page.get_by_role("button", name="Confirm").click()
    expect_error(page, "The code is not right")
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Confirm").click()
    expect(h1(page)).to_have_text("You will get texts about collection")
    expect(page.get_by_text("at 19:00")).to_be_visible()
    assert_accessible(page)
    assert subscription_states(app) == [("Storgatan 12, Exempelby", True)]

    page.goto(stop_link(app))
    expect(h1(page)).to_have_text("Stop texts about Storgatan 12, Exempelby?")
    expect(page.get_by_text("reply STOPP")).to_be_visible()
    assert_accessible(page)
    assert subscription_states(app) == [("Storgatan 12, Exempelby", True)]
    page.get_by_role("button", name="Stop the texts").click()
    expect(h1(page)).to_have_text("The texts have stopped")
    assert_accessible(page)
    assert subscription_states(app) == [("Storgatan 12, Exempelby", False)]

    page.goto(stop_link(app)[:-2] + "xx")
    expect(h1(page)).to_have_text("This link does not work")
    assert_accessible(page)
    page.goto("/collection-alerts/address/99999")
    expect(h1(page)).to_have_text("Page not found")
    assert_accessible(page)


def test_the_limits_and_an_expired_code_in_english(app, page, clock, network):
    page.goto(f"/language/en?next=/collection-alerts/address/{network.r1_addresses[2]}")
    page.get_by_role("button", name="Get a text").click()
    page.get_by_label("A text when the garbage truck is on its way to you").check()
    continue_(page)
    page.get_by_label("About 15 minutes before").check()
    continue_(page)
    page.get_by_label("Mobile number").fill("0701740001")
    continue_(page)
    page.get_by_role("button", name="Send the code").click()
    clock.advance(minutes=11)
    page.get_by_label("Code").fill(latest_code(app))
    page.get_by_role("button", name="Confirm").click()
    expect_error(page, "The code has expired")
    for _ in range(2):
        page.get_by_role("button", name="Send a new code").click()
        expect(page.get_by_role("status")).to_contain_text("We have sent a new code")
        assert_accessible(page)
    page.get_by_role("button", name="Send a new code").click()
    expect_error(page, "We have already sent several codes to this number")
    assert len(outbox(app, category="verification")) == 3
    page.get_by_label("Code").fill(latest_code(app))
    page.get_by_role("button", name="Confirm").click()
    expect(h1(page)).to_have_text("You will get texts about collection")


def test_the_whole_way_in_swedish_by_structure(app, page, network):
    page.goto("/collection-alerts/")
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    assert_accessible(page)
    page.locator("#address").fill("sjovagen 4")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/address/{network.r2_addresses[3]}$"))
    expect(page.locator("h1")).to_have_count(1)
    assert_accessible(page)
    page.locator(f"a[href$='/address/{network.r2_addresses[3]}/sign-up']").click()
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page)
    page.locator("#alerts-0").check()
    page.locator("main form button[type=submit]").click()
    expect(page.locator("input[name=reminder_time]:checked")).to_have_value("18:00")
    assert_accessible(page)
    page.locator("main form button[type=submit]").click()
    page.locator("#phone").fill("+46 70 174 00 01")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".summary-list__row")).to_have_count(4)
    assert_accessible(page)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#code")).to_be_visible()
    assert_accessible(page)
    [code_sms] = outbox(app, category="verification")
    assert code_sms.language == "sv" and "är din kod" in code_sms.body
    page.locator("#code").fill(latest_code(app))
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator(".panel")).to_be_visible()
    assert_accessible(page)
    [welcome] = [n for n in outbox(app) if n.reference.startswith("subscription:")]
    assert welcome.language == "sv" and "Sjövägen 4, Sjöviken" in welcome.body
    page.goto(stop_link(app))
    assert_accessible(page)
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".panel")).to_be_visible()
    assert_accessible(page)
    assert subscription_states(app) == [("Sjövägen 4, Sjöviken", False)]
