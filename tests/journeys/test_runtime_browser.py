"""A built journey in Chromium, as a resident: every page accessible in Swedish and English,
and the whole journey without JavaScript."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from eservices.testing import assert_accessible

from ._runtime import publish

pytestmark = pytest.mark.browser

WORDS = {
    "sv": {"start": "Starta nu", "continue": "Fortsätt", "broken": "Kärlet är trasigt",
           "missed": "Kärlet tömdes inte", "day": "Dag", "month": "Månad", "year": "År",
           "yes": "Ja", "mobile": "Mobilnummer", "send": "Skicka", "back": "Tillbaka",
           "error": "Välj ett alternativ", "exit": "Ring oss",
           "contact": "Får vi kontakta dig?"},
    "en": {"start": "Start now", "continue": "Continue", "broken": "The bin is broken",
           "missed": "The bin was not emptied", "day": "Day", "month": "Month",
           "year": "Year", "yes": "Yes", "mobile": "Mobile number", "send": "Send",
           "back": "Back", "error": "Select an option", "exit": "Call us",
           "contact": "May we contact you?"},
}


def walk(page, language: str, check: bool = True) -> None:
    words = WORDS[language]

    def accessible():
        if check:
            assert_accessible(page)

    page.goto(f"/bin-problem/?lang={language}")
    accessible()
    page.get_by_role("button", name=words["start"]).click()
    page.get_by_role("button", name=words["continue"]).click()
    expect(page.get_by_role("link", name=words["error"])).to_be_visible()
    accessible()
    # The branch: the exit page, then back to choose again.
    page.get_by_label(words["missed"]).check()
    page.get_by_role("button", name=words["continue"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(words["exit"])
    expect(page.get_by_role("button", name=words["continue"])).to_have_count(0)
    accessible()
    page.get_by_role("link", name=words["back"]).click()
    page.get_by_label(words["broken"]).check()
    page.get_by_role("button", name=words["continue"]).click()
    page.get_by_label(words["day"]).fill("3")
    page.get_by_label(words["month"]).fill("2")
    page.get_by_label(words["year"]).fill("2024")
    accessible()
    page.get_by_role("button", name=words["continue"]).click()
    page.get_by_role("group", name=words["contact"]).get_by_label(words["yes"],
                                                                  exact=True).check()
    accessible()
    page.get_by_role("button", name=words["continue"]).click()
    page.get_by_label(words["mobile"]).fill("070-123 45 67")
    accessible()
    page.get_by_role("button", name=words["continue"]).click()
    expect(page.locator(".summary-list")).to_contain_text("+46701234567")
    accessible()
    page.get_by_role("button", name=words["send"], exact=True).first.click()  # not feedback
    expect(page.locator(".panel__reference")).to_contain_text("BIN-")
    accessible()


def test_a_resident_walks_a_built_journey_in_both_languages(app, page):
    publish(app)
    walk(page, "sv")
    walk(page, "en")


def test_a_built_journey_works_without_javascript(app, browser, live_server):
    publish(app)
    context = browser.new_context(base_url=live_server.url, locale="sv-SE",
                                  java_script_enabled=False)
    context.set_default_timeout(10_000)
    try:
        walk(context.new_page(), "sv", check=False)
    finally:
        context.close()
