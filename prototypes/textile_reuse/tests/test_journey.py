"""Booking a textile pick-up in real Chromium, checked by axe-core on every page."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from eservices.db import db
from eservices.testing import assert_accessible
from notifications.models import Notification
from prototypes.textile_reuse.domain import drop_off_points, upcoming_slots

pytestmark = pytest.mark.browser


def test_slots_are_two_a_weekday_from_tomorrow():
    slots = upcoming_slots(date(2026, 11, 27))  # a Friday
    assert slots[0].day == date(2026, 11, 30) and slots[0].time == "09–12"
    assert all(slot.day.weekday() < 5 for slot in slots)
    assert len(slots) == 16 and len({slot.key for slot in slots}) == 16


def test_every_drop_off_point_is_described_in_both_languages():
    for point in drop_off_points():
        assert set(point.opening_hours) == set(point.accepts) == {"sv", "en"}


def test_booking_a_pick_up_with_errors_fixed(app, page):
    page.goto("/textile-reuse/")
    expect(page.get_by_text("Detta är inte en riktig e-tjänst.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Hitta ett inlämningsställe nära dig").click()
    expect(page.get_by_role("heading", name="Återbruket, Storgatan")).to_be_visible()
    assert_accessible(page)
    page.go_back()
    page.get_by_role("button", name="Boka hämtning").click()

    page.get_by_label("Gatuadress").fill("Storgatan 12")
    page.get_by_label("Postnummer").fill("12")
    page.get_by_role("button", name="Fortsätt").click()
    expect(page).to_have_title(re.compile("^Fel:"))
    expect(page.get_by_role("link", name="Ange ett postnummer med fem siffror")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Postnummer").fill("931 31")
    page.get_by_role("button", name="Fortsätt").click()

    page.get_by_role("button", name="Fortsätt").click()
    expect(page.get_by_role("link", name="Välj minst ett slag")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Kläder", exact=True).check()
    page.get_by_label("Skor", exact=True).check()
    page.get_by_label("3–5 påsar").check()
    page.get_by_role("button", name="Fortsätt").click()

    first_slot = page.locator("input[name=slot]").first
    first_label = page.locator(f"label[for='{first_slot.get_attribute('id')}']").inner_text()
    first_slot.check()
    assert_accessible(page)
    page.get_by_role("button", name="Fortsätt").click()

    page.get_by_label("Mobilnummer").fill("070-123 45 67")
    page.get_by_role("button", name="Fortsätt").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kontrollera din bokning")
    expect(page.get_by_text("Kläder, Skor")).to_be_visible()
    expect(page.get_by_text(first_label)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Boka hämtningen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Hämtningen är bokad")
    reference = page.locator(".panel__reference").inner_text()
    assert re.fullmatch(r"TX-[2-9A-Z]{4}-[2-9A-Z]{4}", reference)
    expect(page.get_by_text(f"Vi hämtar dina påsar {first_label}, på Storgatan 12.")
           ).to_be_visible()  # the booked time, again
    assert_accessible(page)
    app.extensions["notifications.dispatcher"].wait_idle()
    with app.app_context():
        [sms] = db.session.scalars(select(Notification)).all()
    assert sms.recipient == "+46701234567" and sms.status == "delivered"
    assert sms.body.startswith(f"Hämtning av textilier bokad {first_label.split(',')[0]}")
    assert "Storgatan 12" in sms.body and reference in sms.body
    # The en dash of "09–12" is sent as a hyphen: one GSM-7 segment, not two in UCS-2.
    assert (sms.encoding, sms.segments) == ("GSM-7", 1) and "–" not in sms.body


def test_the_prototype_in_english(page):
    page.goto("/language/en?next=/textile-reuse/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Textile pick-up for reuse")
    expect(page.get_by_text("This is not a real service.")).to_be_visible()
    page.get_by_role("link", name="Find a drop-off point near you").click()
    expect(page.get_by_text("Mon–Fri 10–18, Sat 10–14")).to_be_visible()
    assert_accessible(page)
