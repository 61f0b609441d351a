"""The back office in Chromium: the queue with the route day's evidence, a decision, 320 px."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from eservices.db import db
from eservices.testing import assert_accessible, csrf_token_from, sign_in_page
from notifications.models import Notification
from services.waste_requests.models import Report

from .conftest import RESTAVFALL, STORGATAN_1

pytestmark = pytest.mark.browser
BASE = "/waste-requests/report"


def file_a_report(app) -> str:
    client = app.test_client()
    client.get(f"{BASE}/begin")
    for path, data in (("address", {"street": "Storgatan 1"}),
                       ("property", {"designation": STORGATAN_1}),
                       ("containers", {"containers": [RESTAVFALL]}),
                       ("contact", {"phone": "070-123 45 67"}), ("check", {})):
        page = client.get(f"{BASE}/{path}").get_data(as_text=True)
        client.post(f"{BASE}/{path}", data={"csrf_token": csrf_token_from(page), **data})
    with app.app_context():
        return db.session.scalar(select(Report.reference))


def test_a_handlaggare_plans_the_re_collection(app, page, create_staff, record_outcome):
    reference = file_a_report(app)
    record_outcome(RESTAVFALL, "emptied")
    create_staff("hanna", "handlaggare")
    sign_in_page(page, "hanna")
    page.goto("/staff/waste-requests/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Uteblivna tömningar")
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 640})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.get_by_role("link", name=reference).click()
    expect(page.get_by_role("heading", name="Vad rutten visar")).to_be_visible()
    expect(page.get_by_text("måndag 30 november 2026, rutt EX-MAN")).to_be_visible()
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.get_by_role("button", name="Planera ny tömning").click()
    expect(page).to_have_title(re.compile("^Fel:"))
    assert_accessible(page)
    page.get_by_label("Dag").first.fill("2")
    page.get_by_label("Månad").first.fill("12")
    page.get_by_label("År").first.fill("2026")
    page.get_by_role("button", name="Planera ny tömning").click()
    expect(page.get_by_text(f"Anmälan {reference} är uppdaterad")).to_be_visible()
    assert_accessible(page)
    app.extensions["notifications.dispatcher"].wait_idle()
    with app.app_context():
        update = db.session.scalars(select(Notification).where(
            Notification.template == "waste_requests/report_update")).one()
    assert "onsdag 2 december" in update.body and update.status == "delivered"
    page.get_by_role("link", name="Bokade hämtningar").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bokade hämtningar")
    assert_accessible(page)
