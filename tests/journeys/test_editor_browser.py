"""The journey editor in Chromium: built with the keyboard's controls and JavaScript off,
by accessible names only; every editor page has zero axe-core violations."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from eservices.testing import assert_accessible, sign_in_page

from ._editor_browser import add_rule

pytestmark = pytest.mark.browser


def add_page(tab, kind: str) -> None:
    nav(tab, "Sidor")
    tab.get_by_role("link", name="Lägg till en sida").click()
    tab.get_by_label(kind).check()
    tab.get_by_role("button", name="Lägg till sidan").click()


def nav(tab, name: str) -> None:
    """Follow one of the editor's section links and wait for the new page to load (also when the
    link is the section already shown), so nothing runs against a page still being replaced."""
    link = tab.get_by_role("navigation", name="E-tjänstens delar").get_by_role(
        "link", name=name, exact=True)
    with tab.expect_navigation():
        link.click()
    expect(link).to_have_attribute("aria-current", "page")


def test_a_designer_builds_a_journey_without_javascript(browser, live_server, create_staff,
                                                        page):
    create_staff("dana", "tjanstedesigner")
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False,
                                  locale="sv-SE")
    context.set_default_timeout(10_000)
    tab = context.new_page()
    sign_in_page(tab, "dana")
    tab.get_by_role("link", name="E-tjänster byggda utan kod").click()
    tab.get_by_role("link", name="Skapa en e-tjänst").click()
    tab.get_by_role("button", name="Skapa e-tjänsten").click()
    expect(tab).to_have_title(re.compile("^Fel:"))
    expect(tab.get_by_role("alert")).to_contain_text("Ange e-tjänstens namn")
    tab.get_by_label("E-tjänstens namn (Svenska)").fill("Anmäl fel på kärlet")
    tab.get_by_label("E-tjänstens namn (English)").fill("Report a bin problem")
    tab.get_by_label("Ansvarigt team").fill("Team avfall")
    tab.get_by_label("Avfall och återvinning").check()
    tab.get_by_label("Bokstäver före ärendenumren").fill("BIN")
    tab.get_by_role("button", name="Skapa e-tjänsten").click()
    expect(tab.get_by_role("status")).to_contain_text("E-tjänsten har skapats")
    expect(tab.get_by_role("heading", level=1)).to_have_text("Anmäl fel på kärlet")

    add_page(tab, "Ett val från en lista")
    tab.get_by_label("Fråga (Svenska)").fill("Vad är det för fel?")
    tab.get_by_label("Fråga (English)").fill("What is wrong?")
    tab.get_by_label("Svarsalternativ").fill("Trasigt lock | Broken lid\nInte tömt | Not emptied")
    tab.get_by_label("Sidans nyckel").fill("problem")
    tab.get_by_role("button", name="Spara sidan").click()
    expect(tab.get_by_role("status")).to_contain_text("Sparat.")
    expect(tab.get_by_role("heading", name="Förhandsgranskning på English")).to_be_visible()
    expect(tab.get_by_label("Broken lid")).to_be_visible()  # the real page, previewed

    add_page(tab, "Kort svar")
    tab.get_by_label("Fråga (Svenska)").fill("Vilken färg har locket?")
    tab.get_by_label("Fråga (English)").fill("What colour is the lid?")
    tab.get_by_role("button", name="Spara sidan").click()
    add_rule(tab, "Vad är det för fel?", "Trasigt lock")
    expect(tab.get_by_text("Visas bara om svaret på ”Vad är det för fel?” är ”Trasigt lock”."
                           )).to_be_visible()
    nav(tab, "Sidor")
    second = tab.get_by_role("listitem").filter(
        has=tab.get_by_role("heading", name="2. Vilken färg har locket?"))
    expect(second).to_contain_text("Visas bara om svaret på ”Vad är det för fel?” är "
                                   "”Trasigt lock”.")
    tab.get_by_role("button", name="Flytta ner Vad är det för fel?").click()
    expect(tab.get_by_role("alert")).to_contain_text("Sidan flyttades inte")
    context.close()

    # Every editor page, with JavaScript on, for axe-core.
    sign_in_page(page, "dana")
    page.goto("/staff/journeys/")
    assert_accessible(page)
    page.get_by_role("link", name="Anmäl fel på kärlet").click()
    assert_accessible(page)
    for name in ("Startsida", "Sidor", "Kontrollera svaren", "Bekräftelse", "Personuppgifter",
                 "Problem"):
        nav(page, name)
        assert_accessible(page)
    nav(page, "Sidor")
    page.get_by_role("link", name="Ändra Vad är det för fel?").click()
    assert_accessible(page)
    page.get_by_label("Svarsalternativ").fill("A | B\nA | C")
    page.get_by_role("button", name="Förhandsgranskning").click()
    expect(page).to_have_title(re.compile("^Fel:"))
    assert_accessible(page)
    nav(page, "Sidor")
    page.get_by_role("link", name="Villkor för Vilken färg har locket?").click()
    assert_accessible(page)
    page.get_by_role("link", name="Lägg till en regel").click()
    assert_accessible(page)
    page.get_by_role("button", name="Fortsätt").click()
    assert_accessible(page)
    page.get_by_role("button", name="Fortsätt").click()
    page.get_by_role("button", name="Lägg till regeln").click()
    expect(page).to_have_title(re.compile("^Fel:"))
    assert_accessible(page)
    nav(page, "Sidor")
    page.get_by_role("link", name="Ta bort Vilken färg har locket?").click()
    assert_accessible(page)
    nav(page, "Sidor")
    page.get_by_role("link", name="Lägg till en sida").click()
    assert_accessible(page)
    page.get_by_label("En utgångssida").check()
    page.get_by_role("button", name="Lägg till sidan").click()
    assert_accessible(page)
    page.goto("/staff/journeys/new")
    page.get_by_role("button", name="Skapa e-tjänsten").click()
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto("/staff/journeys/anmal-fel-pa-karlet/pages/problem")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_accessible(page)
