"""The builder as its users meet it, in Chromium, by accessible names only.

A service designer builds a five-page journey (a branch to an exit page, texts in
Swedish and English, an SMS receipt), publishes it as a prototype and starts a
test round; a resident taking part walks it (the error summary, the branch, check
answers, the confirmation) and gets the SMS; a handläggare finds the case; the
designer publishes version 2, and the running round still reports on version 1.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from eservices.db import db
from eservices.testing import assert_accessible, sign_in_page
from notifications.models import Notification

from ._editor_browser import add_rule

pytestmark = pytest.mark.browser

PAGES_NAV = "E-tjänstens delar"


def part(tab, name: str) -> None:
    tab.get_by_role("navigation", name=PAGES_NAV).get_by_role(
        "link", name=name, exact=True).click()
    assert_accessible(tab)


def save(tab, button: str) -> None:
    tab.get_by_role("button", name=button).click()
    expect(tab.get_by_role("status")).to_contain_text("Sparat")


def add_page(tab, kind: str) -> None:
    part(tab, "Sidor")
    tab.get_by_role("link", name="Lägg till en sida").click()
    tab.get_by_label(kind, exact=True).check()
    tab.get_by_role("button", name="Lägg till sidan").click()


def build_the_journey(tab) -> None:
    tab.get_by_role("link", name="E-tjänster byggda utan kod").click()
    tab.get_by_role("link", name="Skapa en e-tjänst").click()
    tab.get_by_label("E-tjänstens namn (Svenska)").fill("Anmäl problem med kärlet")
    tab.get_by_label("E-tjänstens namn (English)").fill("Report a problem with your bin")
    tab.get_by_label("Ansvarigt team").fill("Team avfall, Skellefteå kommun")
    tab.get_by_label("Avfall och återvinning").check()
    tab.get_by_label("Bokstäver före ärendenumren").fill("KRL")
    tab.get_by_role("button", name="Skapa e-tjänsten").click()
    expect(tab.get_by_role("status")).to_contain_text("E-tjänsten har skapats")
    assert_accessible(tab)

    part(tab, "Startsida")
    tab.get_by_label("Sammanfattning (Svenska)").fill("Säg till om ditt sopkärl är trasigt.")
    tab.get_by_label("Sammanfattning (English)").fill("Tell us if your bin is broken.")
    save(tab, "Spara")

    # 1. One choice.
    add_page(tab, "Ett val från en lista")
    tab.get_by_label("Fråga (Svenska)").fill("Vad är problemet?")
    tab.get_by_label("Fråga (English)").fill("What is the problem?")
    tab.get_by_label("Svarsalternativ").fill(
        "Kärlet är trasigt | The bin is broken\nKärlet tömdes inte | The bin was not emptied")
    tab.get_by_label("Sidans nyckel").fill("problem")
    save(tab, "Spara sidan")
    expect(tab.get_by_label("The bin is broken")).to_be_visible()  # the live preview
    assert_accessible(tab)

    # 2. An exit page, shown only for a bin that was not emptied.
    add_page(tab, "En utgångssida")
    tab.get_by_label("Rubrik (Svenska)").fill("Ring kundtjänst")
    tab.get_by_label("Rubrik (English)").fill("Call customer service")
    tab.get_by_label("Text (Svenska)").fill("Ett kärl som inte tömts hämtar vi inom ett dygn. "
                                           "Ring 0910-73 50 00.")
    tab.get_by_label("Text (English)").fill("We collect a missed bin within a day. "
                                           "Call 0910-73 50 00.")
    tab.get_by_label("Sidans nyckel").fill("call_us")
    save(tab, "Spara sidan")
    add_rule(tab, "Vad är problemet?", "Kärlet tömdes inte")
    expect(tab.get_by_text("Visas bara om svaret på ”Vad är problemet?” är "
                           "”Kärlet tömdes inte”.")).to_be_visible()
    assert_accessible(tab)

    # 3. A date, 4. a long answer, 5. the mobile number the receipt goes to.
    add_page(tab, "Datum")
    tab.get_by_label("Fråga (Svenska)").fill("När gick kärlet sönder?")
    tab.get_by_label("Fråga (English)").fill("When did the bin break?")
    tab.get_by_label("Sidans nyckel").fill("since")
    save(tab, "Spara sidan")
    add_page(tab, "Långt svar")
    tab.get_by_label("Fråga (Svenska)").fill("Beskriv skadan")
    tab.get_by_label("Fråga (English)").fill("Describe the damage")
    tab.get_by_label("Sidans nyckel").fill("damage")
    save(tab, "Spara sidan")
    add_page(tab, "Mobilnummer")
    tab.get_by_label("Fråga (Svenska)").fill("Vilket mobilnummer ska kvittot gå till?")
    tab.get_by_label("Fråga (English)").fill("Which mobile number should the receipt go to?")
    tab.get_by_label("Sidans nyckel").fill("mobile")
    save(tab, "Spara sidan")

    part(tab, "Bekräftelse")
    tab.get_by_label(re.compile(r"^Vad händer nu \(Svenska\)")).fill(
        "Vi byter kärlet inom två veckor.")
    tab.get_by_label(re.compile(r"^Vad händer nu \(English\)")).fill(
        "We replace the bin within two weeks.")
    save(tab, "Spara")
    part(tab, "Personuppgifter")
    tab.get_by_label(re.compile(r"^Personuppgiftsansvarig \(Svenska\)")).fill(
        "Miljö- och byggnadsnämnden, Skellefteå kommun")
    tab.get_by_label(re.compile(r"^Personuppgiftsansvarig \(English\)")).fill(
        "The environment and building committee, Skellefteå municipality")
    tab.get_by_label(re.compile(r"^Varför uppgifterna behandlas \(Svenska\)")).fill(
        "Att byta ditt kärl.")
    tab.get_by_label(re.compile(r"^Varför uppgifterna behandlas \(English\)")).fill(
        "To replace your bin.")
    save(tab, "Spara")

    part(tab, "Kvitton")
    tab.get_by_role("link", name="Lägg till ett kvitto").click()
    tab.get_by_role("radio", name="Sms", exact=True).check()
    tab.get_by_label("Vilket mobilnummer ska kvittot gå till?").check()
    tab.get_by_label("Text (Svenska)").fill("Tack! Vi har tagit emot ärende {reference}.")
    tab.get_by_label("Text (English)").fill("Thanks! We have received case {reference}.")
    save(tab, "Spara kvittot")
    expect(tab.get_by_text("1 sms (GSM-7)").first).to_be_visible()
    assert_accessible(tab)

    part(tab, "Problem")
    expect(tab.get_by_text("Inga problem")).to_be_visible()


def publish(tab, note: str, stage: str = "Prototyp") -> None:
    part(tab, "Versioner")
    tab.get_by_label("Vad ändrades? Skriv en mening").fill(note)
    tab.get_by_label(re.compile(f"^{stage}")).check()
    tab.get_by_role("button", name="Publicera en ny version").click()
    expect(tab.get_by_role("status")).to_contain_text("är publicerad")
    assert_accessible(tab)


def test_a_designer_builds_publishes_and_tests_a_journey_a_resident_walks_it(
        app, page, browser, live_server, create_staff):
    create_staff("dana", "tjanstedesigner")
    create_staff("hugo", "handlaggare")
    sign_in_page(page, "dana")
    build_the_journey(page)
    publish(page, "Första versionen, till sprint 1")
    expect(page.get_by_role("status")).to_contain_text("Version 1")

    # A test round measures the version now served.
    page.goto("/staff/design/anmal_problem_med_karlet/rounds")
    page.get_by_label("Testomgångens namn").fill("Sprint 1, Skellefteå bibliotek")
    page.get_by_label("Uppgifter").fill(
        "Anmäl att locket på ditt kärl är trasigt | /anmal-problem-med-karlet/confirmation")
    page.get_by_role("button", name="Skapa testomgången").click()
    code = re.search(r"koden ([2-9A-Z]{6})", page.locator("p.lead").inner_text())[1]
    report_url = page.url

    resident = browser.new_context(base_url=live_server.url, locale="sv-SE")
    resident.set_default_timeout(10_000)
    tab = resident.new_page()
    tab.goto(f"/test/{code}")
    tab.get_by_role("button", name="Börja testet").click()
    tab.get_by_role("button", name="Börja uppgiften").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text("Anmäl problem med kärlet")
    assert_accessible(tab)
    tab.get_by_role("button", name="Starta nu").click()
    tab.get_by_role("button", name="Fortsätt").click()  # nothing chosen
    expect(tab).to_have_title(re.compile("^Fel:"))
    expect(tab.get_by_role("alert")).to_be_visible()
    assert_accessible(tab)
    tab.get_by_label("Kärlet tömdes inte").check()
    tab.get_by_role("button", name="Fortsätt").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text("Ring kundtjänst")
    expect(tab.get_by_role("button", name="Fortsätt")).to_have_count(0)  # the path ends
    assert_accessible(tab)
    tab.get_by_role("link", name="Tillbaka").click()
    tab.get_by_label("Kärlet är trasigt").check()
    tab.get_by_role("button", name="Fortsätt").click()
    tab.get_by_label("Dag").fill("3")
    tab.get_by_label("Månad").fill("11")
    tab.get_by_label("År").fill("2026")
    tab.get_by_role("button", name="Fortsätt").click()
    tab.get_by_label("Beskriv skadan").fill("Locket har gått av vid gångjärnet.")
    tab.get_by_role("button", name="Fortsätt").click()
    tab.get_by_label("Vilket mobilnummer ska kvittot gå till?").fill("070-123 45 67")
    tab.get_by_role("button", name="Fortsätt").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text(re.compile("Kontrollera"))
    expect(tab.get_by_text("Kärlet är trasigt")).to_be_visible()
    assert_accessible(tab)
    tab.get_by_role("button", name="Skicka", exact=True).click()
    reference = tab.locator(".panel__reference").inner_text()
    assert reference.startswith("KRL-")
    expect(tab.get_by_text("Vi byter kärlet inom två veckor.")).to_be_visible()
    assert_accessible(tab)
    resident.close()

    with app.app_context():
        sms = db.session.scalars(select(Notification).where(
            Notification.channel == "sms", Notification.reference == reference)).all()
        assert [(m.recipient, m.body) for m in sms] == [
            ("+46701234567", f"Tack! Vi har tagit emot ärende {reference}.")]
    # Delivered to the development outbox, where the designer reads it.
    for _attempt in range(40):
        page.goto("/staff/notifications/outbox")
        if page.get_by_text(f"Tack! Vi har tagit emot ärende {reference}.").count():
            break
        page.wait_for_timeout(250)
    expect(page.get_by_text(f"Tack! Vi har tagit emot ärende {reference}.")).to_be_visible()

    # The case is in the back office.
    officer = browser.new_context(base_url=live_server.url, locale="sv-SE")
    officer.set_default_timeout(10_000)
    desk = officer.new_page()
    sign_in_page(desk, "hugo")
    desk.goto("/staff/journey-cases/")
    desk.get_by_role("link", name=re.compile("Anmäl problem med kärlet")).click()
    desk.get_by_role("link", name=reference).click()
    expect(desk.get_by_text("Locket har gått av vid gångjärnet.")).to_be_visible()
    assert_accessible(desk)
    officer.close()

    # Version 2 is published; the running round still measures version 1.
    page.goto("/staff/journeys/anmal-problem-med-karlet/")
    part(page, "Sidor")
    page.get_by_role("link", name="Ändra Beskriv skadan").click()
    page.get_by_label("Fråga (Svenska)").fill("Beskriv vad som är trasigt")
    save(page, "Spara sidan")
    publish(page, "Tydligare fråga om skadan")
    expect(page.get_by_role("status")).to_contain_text("Version 2")
    page.goto(report_url)
    expect(page.get_by_text(re.compile(r"[Vv]ersion 1\b")).first).to_be_visible()
    assert_accessible(page)


def test_the_editor_in_english_has_no_accessibility_violations(app, page, create_staff):
    """The Swedish pass above covers every part; the same pages in English, briefly."""
    create_staff("dana", "tjanstedesigner")
    sign_in_page(page, "dana")
    page.goto("/language/en?next=/staff/journeys/")
    page.get_by_role("link", name="Create a journey").click()
    page.get_by_role("button", name="Create the journey").click()
    expect(page).to_have_title(re.compile("^Error:"))
    assert_accessible(page)
    page.get_by_label("Name of the service (Svenska)").fill("Anmäl problem med kärlet")
    page.get_by_label("Name of the service (English)").fill("Report a problem with your bin")
    page.get_by_label("Team responsible").fill("Team avfall")
    page.get_by_label("Letters in front of reference numbers").fill("KRL")
    page.get_by_role("button", name="Create the journey").click()
    assert_accessible(page)
    for name in ("Start page", "Pages", "Check answers", "Confirmation", "Receipts",
                 "Privacy", "Translations", "Problems", "Versions"):
        page.get_by_role("navigation").get_by_role("link", name=name, exact=True).click()
        assert_accessible(page)
