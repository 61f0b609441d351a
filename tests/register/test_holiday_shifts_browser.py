"""Holiday shifts in real Chromium: proposed from the holidays, confirmed by staff, in force.

Easter Monday 2027 (29 March) has a collection at Storgatan 1 and no shift on record:
the staff page proposes Tuesday 30 March; only once a handläggare confirms it does the
calendar move the collection. Every page and error is checked by axe-core and at 320 px.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from eservices.testing import assert_accessible

from .conftest import TODAY, load_demo_of

pytestmark = pytest.mark.browser
STAFF = "/staff/waste-register"


@pytest.fixture
def app(make_app):
    from eservices.clock import ControlledClock

    app = make_app()
    app.extensions["eservices.clock"] = ControlledClock(TODAY)
    load_demo_of(app, "collection_alerts", "waste_register")
    return app


def easter_at_storgatan_1(app) -> dict[date, str]:
    """Storgatan 1's .ics events around Easter 2027: date -> description."""
    client = app.test_client()
    found = client.get("/collection-alerts/search", query_string={"address": "Storgatan 1"})
    ics = client.get(f"{found.location}/calendar.ics", query_string={"lang": "en"})
    return {event.decoded("dtstart"): str(event["description"])
            for event in Calendar.from_ical(ics.data).walk("VEVENT")
            if date(2027, 3, 22) <= event.decoded("dtstart") <= date(2027, 4, 4)}


def sign_in(page, username: str) -> None:
    page.goto("/language/en?next=/staff/sign-in")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Sign in").click()


def fits_320(page) -> None:
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.set_viewport_size({"width": 1280, "height": 800})


def test_easter_monday_is_proposed_then_confirmed_and_the_calendar_moves(app, page,
                                                                          create_staff):
    assert list(easter_at_storgatan_1(app)) == [date(2027, 3, 29)]  # no shift yet
    create_staff("hanna", "handlaggare")
    sign_in(page, "hanna")
    page.get_by_role("link", name="Waste collection: holiday shifts").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Holiday shifts 2026")
    assert_accessible(page)
    page.get_by_role("link", name="Holiday shifts 2027").click()
    row = page.get_by_role("row", name=re.compile("Easter Monday"))
    expect(row).to_contain_text("Monday 29 March")
    expect(row).to_contain_text("Tuesday 30 March")
    expect(row).to_contain_text("Proposed")
    assert_accessible(page)
    fits_320(page)

    row.get_by_role("link", name=re.compile("Confirm or change")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Where do the collections of Monday 29 March 2027 move?")
    assert_accessible(page)
    fits_320(page)
    page.get_by_label("Day", exact=True).fill("29")  # the holiday itself: refused
    page.get_by_role("button", name="Confirm shift").click()
    expect(page).to_have_title(re.compile("^Error:"))
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Enter a different day from the holiday itself")
    assert_accessible(page)
    assert list(easter_at_storgatan_1(app)) == [date(2027, 3, 29)]  # nothing moved

    page.get_by_label("Day", exact=True).fill("30")
    page.get_by_role("button", name="Confirm shift").click()
    expect(page.get_by_text("Collections of Monday 29 March 2027 are moved to "
                            "Tuesday 30 March 2027.")).to_be_visible()
    row = page.get_by_role("row", name=re.compile("Easter Monday"))
    expect(row).to_contain_text("Confirmed")
    assert_accessible(page)

    moved = easter_at_storgatan_1(app)
    assert list(moved) == [date(2027, 3, 30)]
    assert "Moved from Monday 29 March because of a public holiday." in moved[date(2027, 3, 30)]


def test_the_page_works_by_keyboard_and_a_confirmed_shift_can_be_removed(app, page,
                                                                          create_staff):
    create_staff("hanna", "handlaggare")
    sign_in(page, "hanna")
    page.goto(f"{STAFF}/holiday-shifts/2026-12-25")  # on record in the demo: confirmed
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Where do the collections of Friday 25 December 2026 move?")
    page.get_by_label("Day", exact=True).focus()
    page.keyboard.press("Tab")
    expect(page.get_by_label("Month", exact=True)).to_be_focused()
    page.get_by_role("button", name="Remove shift").click()
    expect(page.get_by_text("The shift is removed")).to_be_visible()
    row = page.get_by_role("row", name=re.compile("Christmas Day"))
    expect(row).to_contain_text("Proposed")  # the holiday is proposed again
    assert_accessible(page)
