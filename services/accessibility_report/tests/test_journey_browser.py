"""The report journey in real Chromium, with and without JavaScript, checked by axe-core."""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from eservices.db import db
from eservices.testing import assert_accessible
from services.accessibility_report.models import Report

pytestmark = pytest.mark.browser


def test_journey_with_errors_fixed_and_confirmed(app, page):
    page.goto("/")
    page.get_by_role("link", name="Rapportera brister i tillgänglighet").click()
    assert_accessible(page)
    page.get_by_role("button", name="Starta nu").click()

    # Unhappy path: nothing answered.
    page.get_by_role("button", name="Fortsätt").click()
    expect(page).to_have_title(re.compile("^Fel: Om problemet"))
    summary = page.get_by_role("alert")
    expect(summary.get_by_role("heading")).to_have_text("Det finns ett problem")
    # Focus moved (by the deferred script, which may run just after the title is there).
    expect(page.locator("[data-error-summary]")).to_be_focused()
    assert_accessible(page)
    summary.get_by_role("link", name="Ange var du hittade problemet").click()
    assert page.evaluate("document.activeElement.id") == "location"

    page.get_by_label("Jag kan inte använda den med tangentbord eller hjälpmedel").check()
    page.get_by_label("Var hittade du problemet?").fill("Bygglovsansökan")
    page.get_by_label("Beskriv problemet").fill("Knappen Skicka går inte att nå med Tab.")
    page.get_by_role("button", name="Fortsätt").click()

    expect(page.get_by_text("Ditt namn (valfritt)")).to_be_visible()
    page.get_by_label("Mobilnummer (valfritt)").fill("08-123 456 78")
    page.get_by_role("button", name="Fortsätt").click()
    expect(page.get_by_role("link", name="Ange ett mobilnummer, inte ett fast telefonnummer")
           ).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Mobilnummer (valfritt)").fill("070-123 45 67")
    page.get_by_role("button", name="Fortsätt").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Kontrollera dina svar innan du skickar rapporten")
    expect(page.get_by_text("070-123 45 67")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Ändra var hittade du problemet", re.I)).click()
    page.get_by_label("Var hittade du problemet?").fill("Ansökan om bygglov")
    page.get_by_role("button", name="Fortsätt").click()
    expect(page.get_by_text("Ansökan om bygglov")).to_be_visible()  # back on check answers

    page.get_by_role("button", name="Skicka rapporten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rapporten är skickad")
    reference = page.locator(".panel__reference").inner_text()
    assert re.fullmatch(r"TR-[2-9A-Z]{4}-[2-9A-Z]{4}", reference)
    assert_accessible(page)

    # Back button and resubmission cannot create a second report.
    page.go_back()
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rapporten är skickad")
    with app.app_context():
        assert [r.reference for r in db.session.scalars(select(Report))] == [reference]


def test_journey_in_english_without_javascript(browser, live_server, app):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/language/en?next=/accessibility-report/")
    page.get_by_role("button", name="Start now").click()
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_title(re.compile("^Error:"))
    page.get_by_label("Something else").check()
    page.get_by_label("Where did you find the problem?").fill("The waste calendar PDF")
    page.get_by_label("Describe the problem").fill("It cannot be read by my screen reader.")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Continue").click()  # all contact details are optional
    page.get_by_role("button", name="Send report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Report sent")
    with app.app_context():
        report = db.session.scalar(select(Report))
        assert report.language == "en" and report.email == "" and report.phone == ""
    context.close()
