"""The resident's pages in real Chromium, in Swedish, checked by axe-core on every page.

Four journeys, as the issue asks: a missed collection reported inside the window, one
refused after it, one where the crew's skip reason is shown (the resident then books
the paid extra emptying offered), and a bulky-waste booking.  Each that sends ends with
the message delivered by the outbox provider.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from eservices.db import db
from eservices.testing import assert_accessible
from notifications.models import Notification
from services.waste_requests.models import Booking, Report

from .conftest import RESTAVFALL

pytestmark = pytest.mark.browser


def delivered(app) -> list[Notification]:
    app.extensions["notifications.dispatcher"].wait_idle()
    with app.app_context():
        return list(db.session.scalars(select(Notification)))


def find_storgatan_1(page) -> None:
    page.goto("/waste-requests/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Anmäl utebliven tömning eller boka hämtning")
    assert_accessible(page)


def choose_the_address(page) -> None:
    page.get_by_role("button", name="Hitta adressen").click()
    expect(page.get_by_role("link", name="Skriv gatuadressen, till exempel Storgatan 1")
           ).to_be_visible()  # the error summary, nothing typed yet
    assert_accessible(page)
    page.get_by_label("Gatuadress").fill("Storgatan 1")
    page.get_by_role("button", name="Hitta adressen").click()
    assert_accessible(page)
    page.get_by_label(re.compile("^Storgatan 1, 931 31")).check()
    page.get_by_role("button", name="Fortsätt").click()


def report_restavfall(page) -> None:
    find_storgatan_1(page)
    page.get_by_role("button", name="Anmäl utebliven tömning").click()
    choose_the_address(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Vilka kärl tömdes inte?")
    assert_accessible(page)
    page.get_by_label(re.compile("^Restavfall, 190 l")).check()
    page.get_by_role("button", name="Fortsätt").click()


def test_a_missed_collection_reported_inside_the_window(app, page):
    report_restavfall(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Vart ska vi skicka kvittot?")
    page.get_by_role("button", name="Fortsätt").click()
    expect(page).to_have_title(re.compile("^Fel:"))
    assert_accessible(page)
    page.get_by_label("Mobilnummer").fill("070-123 45 67")
    page.get_by_role("button", name="Fortsätt").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kontrollera din anmälan")
    expect(page.get_by_text("hämtningsdag 30 november 2026")).to_be_visible()
    expect(page.get_by_text("070-123 45 67")).to_be_visible()
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 640})  # no sideways scrolling
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.keyboard.press("Tab")  # ... and it is sent with the keyboard alone
    page.get_by_role("button", name="Skicka anmälan").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Din anmälan är skickad")
    reference = page.locator(".panel__reference").inner_text()
    assert re.fullmatch(r"MC-[2-9A-Z]{4}-[2-9A-Z]{4}", reference)
    assert_accessible(page)
    [sms] = delivered(app)
    assert sms.status == "delivered" and sms.recipient == "+46701234567"
    assert reference in sms.body and "30 november" in sms.body


def test_a_report_after_the_window_is_refused(app, page, clock):
    clock.advance(days=2)  # Thursday 3 December: the last day was Wednesday 2 December
    report_restavfall(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Det går inte att anmäla tömningen")
    expect(page.get_by_text(re.compile("sista dagen 2 december 2026"))).to_be_visible()
    expect(page.get_by_label("Mobilnummer")).to_have_count(0)
    assert_accessible(page)
    with app.app_context():
        assert db.session.scalar(select(Report)) is None
    assert delivered(app) == []


def test_the_crews_skip_reason_is_shown_and_an_extra_emptying_booked(app, page,
                                                                      record_outcome):
    record_outcome(RESTAVFALL, "skipped", "not_put_out")
    report_restavfall(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Det går inte att anmäla tömningen")
    expect(page.get_by_text("Kärlet var inte framställt.")).to_be_visible()
    expect(page.get_by_text("Du kan boka en extratömning för 215,00 kr.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Boka extratömning").click()
    page.get_by_label("Extratömning av ett kärl").check()
    page.get_by_role("button", name="Fortsätt").click()
    choose_the_address(page)
    page.get_by_label(re.compile("^Restavfall, 190 l")).check()
    assert_accessible(page)
    page.get_by_role("button", name="Fortsätt").click()
    page.locator("input[name=day]").first.check()
    page.get_by_role("button", name="Fortsätt").click()
    page.get_by_label("E-postadress").fill("anna@example.se")
    page.get_by_role("button", name="Fortsätt").click()
    expect(page.get_by_text("Pris: 215,00 kr")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Boka", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Din hämtning är bokad")
    assert_accessible(page)
    [email] = delivered(app)
    assert email.status == "delivered" and email.recipient == "anna@example.se"
    assert "extratömning av restavfall" in email.body and "/waste-requests/cancel/" in email.body


def test_a_bulky_waste_booking(app, page):
    find_storgatan_1(page)
    page.get_by_role("button", name="Boka hämtning").click()
    page.get_by_role("button", name="Fortsätt").click()
    expect(page.get_by_role("link", name="Välj vad du vill boka")).to_be_visible()
    assert_accessible(page)
    page.get_by_label(re.compile("^Hämtning av grovavfall")).check()
    page.get_by_role("button", name="Fortsätt").click()
    choose_the_address(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Vad ska vi hämta?")
    assert_accessible(page)
    page.get_by_label(re.compile("^Soffa")).check()
    page.get_by_label(re.compile("^Stol")).check()
    page.get_by_role("button", name="Fortsätt").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vilken dag ska vi komma?")
    assert_accessible(page)
    page.get_by_label(re.compile("^tisdag 8 december")).check()
    page.get_by_role("button", name="Fortsätt").click()
    page.get_by_label("Mobilnummer").fill("070-123 45 67")
    page.get_by_role("button", name="Fortsätt").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kontrollera din bokning")
    expect(page.get_by_text("Pris: 380,00 kr")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Boka", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Din hämtning är bokad")
    expect(page.get_by_text(re.compile("tisdag 8 december 2026 till Storgatan 1"))
           ).to_be_visible()
    assert_accessible(page)
    [sms] = delivered(app)
    assert sms.status == "delivered" and sms.recipient == "+46701234567"
    with app.app_context():
        booking = db.session.scalar(select(Booking))
    assert booking.reference in sms.body and booking.items == ["sofa", "chair"]
