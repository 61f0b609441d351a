"""The statistics page in real Chromium: axe-core in Swedish and English, 320 px, keyboard."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from playwright.sync_api import expect

from eservices.testing import assert_accessible, sign_in_page
from services.ideas.tests.stats_data import PERIOD, clocked_app, seed_with_coach

pytestmark = pytest.mark.browser
URL = "/staff/ideas/statistics"


@pytest.fixture
def app(make_app):
    return clocked_app(make_app)


@pytest.fixture
def coach_page(app, page, create_staff):
    seed_with_coach(app, create_staff)
    sign_in_page(page, "coach")
    return page


def test_the_page_in_swedish_and_english(coach_page):
    page = coach_page
    page.get_by_role("link", name="Idéstatistik").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Idéstatistik")
    page.get_by_role("group", name="Inlämnade från").get_by_label("Dag").fill("1")
    page.get_by_role("group", name="Inlämnade från").get_by_label("Månad").fill("9")
    page.get_by_role("group", name="Inlämnade från").get_by_label("År").fill("2026")
    page.get_by_role("group", name="Inlämnade till").get_by_label("Dag").fill("30")
    page.get_by_label("Förvaltning eller område").select_option(label="Miljö och avfall")
    page.get_by_role("button", name="Visa siffrorna").click()
    expect(page.locator(".summary-list__row").first).to_have_text(
        re.compile(r"Inlämnade idéer\s*3"))
    expect(page.get_by_role("img", name="Idéer efter status nu")).to_be_visible()
    expect(page.get_by_role("table", name="Idéer efter status nu")
           .get_by_role("row", name="Genomförd 1")).to_be_visible()
    assert_accessible(page)

    page.goto("/language/en?next=" + quote(URL + "?" + urlencode(PERIOD)))
    expect(page.get_by_role("heading", level=1)).to_have_text("Idea statistics")
    expect(page.locator(".summary-list__row").nth(1)).to_have_text(
        re.compile(r"Answered within 14 days\s*5 \(71%\)"))
    expect(page.get_by_role("table", name="Ideas submitted by challenge")
           .get_by_role("row", name=re.compile("^Not in a challenge 4 2 1"))).to_be_visible()
    assert_accessible(page)


def test_errors_are_on_the_page_and_reachable(coach_page):
    page = coach_page
    page.goto("/language/en?next=" + URL)
    page.get_by_role("group", name="Submitted to").get_by_label("Year").fill("1850")
    page.get_by_role("button", name="Show the numbers").click()
    expect(page).to_have_title(re.compile("^Error:"))
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("The year must have four digits")
    assert_accessible(page)
    summary.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.id") == "date_to-day"
    page.goto("/language/sv?next=" + quote(URL + "?department=nope"))
    expect(page.get_by_role("alert")).to_contain_text("Välj en förvaltning i listan")
    assert_accessible(page)


def test_at_320_pixels_nothing_scrolls_sideways(coach_page):
    page = coach_page
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(URL + "?" + urlencode(PERIOD))
    expect(page.get_by_role("heading", level=1)).to_have_text("Idéstatistik")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_accessible(page)


def test_without_javascript_the_filters_and_the_file_work(app, browser, live_server,
                                                          create_staff):
    seed_with_coach(app, create_staff)
    context = browser.new_context(base_url=live_server.url, locale="sv-SE",
                                  java_script_enabled=False)
    page = context.new_page()
    sign_in_page(page, "coach")
    page.goto(URL + "?" + urlencode(PERIOD))
    page.get_by_label("Idéutmaning", exact=True).select_option(
        label="Hur kan vi minska textilavfallet?")
    page.get_by_role("button", name="Visa siffrorna").click()
    expect(page.locator(".summary-list__row").first).to_have_text(
        re.compile(r"Inlämnade idéer\s*3"))
    with page.expect_download() as download:
        page.get_by_role("link", name="Ladda ner siffrorna (CSV för Excel)").click()
    assert "challenge=textil" in download.value.url
    body = Path(download.value.path()).read_bytes().decode("utf-8-sig")
    assert body.splitlines()[1].startswith("Alla idéer;Alla idéer;3;3;1;")
    context.close()
