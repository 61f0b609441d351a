"""The waste journey completed after e-ID sign-in, in real Chromium, axe-core on every page.

In English (the e-ID texts are new; the Swedish catalogue is filled by the lead).
The clock stands at Friday 27 November 2026: the earliest effective date is
then Friday 11 December 2026.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from eservices import toolkit as tk
from eservices.db import db
from eservices.testing import assert_accessible, sign_in_resident
from services.waste_subscription.models import ChangeRequest

from .conftest import STANDARD

pytestmark = pytest.mark.browser


def test_a_change_sent_after_e_id_sign_in(app, page):
    with app.app_context():
        tk.waste_register().add_household("100001", "Exempelby 3:14", "Storgatan 1",
                                          bins=STANDARD, name="Tolvan Tolvansson",
                                          identity_number="191212121212")
        db.session.commit()
    page.goto("/language/en?next=/waste-subscription/")
    sign_in_resident(page)
    page.get_by_role("button", name="Start now").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Which subscription is it?")
    assert_accessible(page)
    page.get_by_role("button", name="Find my subscription").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your subscription today")
    expect(page.get_by_text("Storgatan 1").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Bin size").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("240 litres").check()
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "From which date should the change apply?")
    page.locator("#effective_date-day").fill("11")
    page.locator("#effective_date-month").fill("12")
    page.locator("#effective_date-year").fill("2026")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Where should we send the receipt?")
    page.locator("#phone").fill("070-174 00 01")
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check your answers before sending your request")
    assert_accessible(page)
    page.get_by_role("button", name="Send request").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your request has been sent")
    assert_accessible(page)
    reference = page.locator(".panel__reference").inner_text()
    assert re.fullmatch(r"AV-[2-9A-Z]{4}-[2-9A-Z]{4}", reference)
    with app.app_context():
        case = db.session.scalar(select(ChangeRequest).where(
            ChangeRequest.reference == reference))
        assert case.customer_number == "100001" and case.phone == "+46701740001"


def test_no_subscription_in_the_residents_name(app, page):
    page.goto("/language/en?next=/waste-subscription/identify")
    sign_in_resident(page, personal_number="190101010101", name="Ingen Kund")
    page.goto("/waste-subscription/identify")
    page.get_by_role("button", name="Find my subscription").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "We find no waste subscription in your name")
    assert_accessible(page)
    page.get_by_role("button", name="Use the customer number instead").click()
    expect(page.get_by_label("Customer number")).to_be_visible()
