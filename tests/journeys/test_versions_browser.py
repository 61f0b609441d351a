"""Receipts, translations and versions in Chromium: axe on each page, and publishing
a version with JavaScript turned off."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from eservices.journeys import store
from eservices.testing import assert_accessible, sign_in_page

from ._editor_texts import BASE, create_journey

pytestmark = pytest.mark.browser


def test_receipts_translations_and_versions_pages_are_accessible(app, page, create_staff):
    create_staff("dana", "tjanstedesigner")
    create_journey(app)
    sign_in_page(page, "dana")
    page.goto(f"{BASE}/receipts")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kvitton")
    expect(page.get_by_text("1 sms (GSM-7)").first).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Ändra kvitto 1").click()
    page.get_by_label("Text (English)").fill("Thanks! Case {reference} 😀")
    page.get_by_role("button", name="Förhandsgranska med exempelsvar").click()
    expect(page.get_by_text("(UCS-2)")).to_be_visible()
    assert_accessible(page)
    page.goto(f"{BASE}/receipts/1/test")
    page.get_by_role("button", name="Skicka testet").click()
    expect(page).to_have_title(re.compile("^Fel:"))
    assert_accessible(page)
    page.get_by_label("Mobilnummer att skicka testet till").fill("070 123 45 67")
    page.get_by_role("button", name="Skicka testet").click()
    expect(page.get_by_role("status")).to_contain_text("Testet ligger i utkorgen")

    page.get_by_role("link", name="Översättningar").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Översättningar")
    assert_accessible(page)
    page.get_by_label("Tjänstens namn (English)").fill("Bin problems")
    page.get_by_role("button", name="Spara texterna").click()
    expect(page.get_by_label("Tjänstens namn (English)")).to_have_value("Bin problems")

    page.get_by_role("link", name="Versioner").click()
    expect(page.get_by_text("Tjänstens första version")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Publicera en ny version").click()
    expect(page).to_have_title(re.compile("^Fel:"))
    assert_accessible(page)


def test_a_version_is_published_and_restored_without_javascript(app, browser, live_server,
                                                                create_staff):
    create_staff("dana", "tjanstedesigner")
    create_journey(app)
    context = browser.new_context(base_url=live_server.url, locale="sv-SE",
                                  java_script_enabled=False)
    context.set_default_timeout(10_000)
    page = context.new_page()
    sign_in_page(page, "dana")
    page.goto(f"{BASE}/versions")
    page.get_by_label("Vad ändrades? Skriv en mening").fill("Första testomgången")
    page.get_by_label(re.compile("^Prototyp")).check()
    page.get_by_role("button", name="Publicera en ny version").click()
    expect(page.get_by_role("status")).to_contain_text("Version 1 är publicerad: Prototyp")
    expect(page.get_by_role("cell", name="Första testomgången")).to_be_visible()

    page.get_by_role("link", name="Version 1").click()
    page.get_by_label(re.compile("^Pilot")).check()
    page.get_by_role("button", name="Använd version 1").click()
    expect(page.get_by_role("status")).to_contain_text("Pilot använder nu version 1")
    page.get_by_role("link", name="Version 1").click()
    page.get_by_role("link", name="Återställ version 1 till utkastet").click()
    page.get_by_role("button", name="Ja, återställ version 1").click()
    expect(page.get_by_role("status")).to_contain_text("Version 1 är nu utkastet")
    context.close()
    with app.app_context():
        assert store.stage_versions(store.by_slug("bin-problem")) == {"prototype": 1,
                                                                      "pilot": 1}
