"""The handläggare's side in real Chromium, every page checked by axe-core."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from eservices.db import db, utcnow
from eservices.testing import assert_accessible
from notifications.models import Notification
from services.waste_subscription.models import ChangeRequest

pytestmark = pytest.mark.browser


def sign_in(page, username: str) -> None:
    # English is the source language, so these names hold whatever the translators write.
    page.goto("/language/en?next=/staff/sign-in")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Sign in").click()


def test_queue_case_reject_error_then_approve(app, page, create_staff, add_subscription,
                                              make_case):
    create_staff("anna", "handlaggare")
    home = add_subscription("100001", "Exempelby 3:14", "Storgatan 1")
    reference = make_case(home, ["size"], {"size": {"restavfall": 240}},
                          bins=(("restavfall", 240), ("matavfall", 140)),
                          email="eva.ek@exempel.se")
    sign_in(page, "anna")
    page.get_by_role("link", name="Waste subscription changes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Waste subscription changes")
    expect(page.get_by_role("link", name="New (1)")).to_have_attribute("aria-current", "page")
    expect(page.get_by_text("e•••@exempel.se")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name=reference).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Request {reference}")
    expect(page.get_by_text("Residual waste 240 litres")).to_be_visible()
    expect(page.get_by_text("eva.ek@exempel.se")).to_be_visible()
    assert_accessible(page)

    # Unhappy path: rejecting without a reason.
    page.get_by_role("button", name="Reject the request").click()
    expect(page).to_have_title(re.compile("^Error:"))
    summary = page.get_by_role("alert")
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    assert_accessible(page)
    summary.get_by_role("link", name="Enter the reason for rejecting the request").click()
    assert page.evaluate("document.activeElement.id") == "reject_reason"
    with app.app_context():
        case = db.session.scalar(select(ChangeRequest).where(ChangeRequest.reference == reference))
        assert case.status == "new"

    page.get_by_label("Message to the resident (optional)").fill("Välkommen med större kärl!")
    page.get_by_role("button", name="Approve the request").click()
    expect(page.get_by_role("status")).to_contain_text(f"{reference} is approved")
    expect(page.locator(".tag")).to_have_text("Approved")
    expect(page.get_by_role("cell", name="Välkommen med större kärl!")).to_be_visible()
    assert_accessible(page)
    with app.app_context():
        sms = db.session.scalars(select(Notification).where(
            Notification.reference == reference, Notification.channel == "sms")).all()
        assert len(sms) == 1 and reference in sms[0].body and sms[0].language == "sv"
        assert len(db.session.scalars(select(Notification).where(
            Notification.reference == reference, Notification.channel == "email")).all()) == 1


def test_export_page_errors_and_download(app, page, create_staff, add_subscription,
                                         make_case):
    create_staff("anna", "handlaggare")
    home = add_subscription("100001", "Exempelby 3:14", "Storgatan 1")
    make_case(home, ["size"], {"size": {"restavfall": 240}},
              bins=(("restavfall", 240), ("matavfall", 140)), status="approved",
              decided_at=utcnow(), decided_by="anna")
    sign_in(page, "anna")
    page.goto("/staff/waste-subscription/")
    page.get_by_role("link", name="Export approved changes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Export approved changes")
    assert_accessible(page)

    page.get_by_role("button", name="Download the file").click()
    expect(page).to_have_title(re.compile("^Error:"))
    expect(page.get_by_role("link", name="Enter the first day of the period")).to_be_visible()
    assert_accessible(page)

    first, last = utcnow().date() - timedelta(days=1), utcnow().date() + timedelta(days=1)
    for prefix, day in (("date_from", first), ("date_to", last)):
        page.locator(f"#{prefix}-day").fill(str(day.day))
        page.locator(f"#{prefix}-month").fill(str(day.month))
        page.locator(f"#{prefix}-year").fill(str(day.year))
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the file").click()
    assert download.value.suggested_filename.endswith(".csv")
    content = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert content.startswith("customer_number;") and "restavfall;240" in content

    page.goto("/staff/waste-subscription/export.csv?from=2026-13-01&to=2026-12-31")
    expect(page.get_by_role("alert")).to_contain_text("The dates must be real dates")
    assert_accessible(page)
