"""The back office in real Chromium, every page and error state checked by axe-core."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from eservices.db import db
from eservices.testing import assert_accessible
from notifications.models import Notification
from services.collection_alerts.keys import find_api_key
from services.collection_alerts.models import RouteDay

pytestmark = pytest.mark.browser

SNOW = "Hämtningen är försenad på grund av snöoväder."


def sign_in(page, username: str) -> None:
    # English is the source language, so these names hold whatever the translators write.
    page.goto("/language/en?next=/staff/sign-in")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Sign in").click()


def fill_date(page, day: str, month: str, year: str) -> None:
    page.get_by_label("Day", exact=True).fill(day)
    page.get_by_label("Month", exact=True).fill(month)
    page.get_by_label("Year", exact=True).fill(year)


def test_route_days_detail_and_a_delay_message_with_preview(app, page, create_staff, network,
                                                            subscribe):
    create_staff("anna", "handlaggare")
    subscribe("+46701234567", network.r1_addresses[0])
    subscribe("+46701234567", network.r1_addresses[1])
    subscribe("+46709876543", network.r1_addresses[5], language="en")
    sign_in(page, "anna")
    page.get_by_role("link", name="Waste collection: route days").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Route days")
    expect(page.locator("caption")).to_have_text("Routes collecting on Monday, 30 November 2026")
    assert_accessible(page)

    fill_date(page, "31", "2", "2026")  # no such day
    page.get_by_role("button", name="Show the day").click()
    expect(page).to_have_title(re.compile("^Error:"))
    summary = page.get_by_role("alert")
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    assert_accessible(page)
    summary.get_by_role("link", name=re.compile("The date must be a real date")).click()
    assert page.evaluate("document.activeElement.id") == "day-day"
    fill_date(page, "30", "11", "2026")
    page.get_by_role("button", name="Show the day").click()
    expect(page).not_to_have_title(re.compile("^Error:"))

    page.get_by_role("link", name="R1 Exempelby måndag").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "R1 Exempelby måndag on Monday, 30 November 2026")
    expect(page.get_by_role("cell", name="Storgatan 20, Exempelby")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Send a message to the subscribers").click()
    assert_accessible(page)
    page.get_by_role("button", name="Preview the message").click()
    expect(page).to_have_title(re.compile("^Error:"))
    expect(page.get_by_role("link", name="Enter the message")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("A delay").check()
    page.get_by_label("Delay in minutes").fill("half an hour")
    page.get_by_label("Message").fill(SNOW)
    page.get_by_role("button", name="Preview the message").click()
    expect(page.get_by_role("link", name="The delay must be a whole number of minutes, "
                                         "like 30")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Delay in minutes").fill("30")
    page.get_by_role("button", name="Preview the message").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check the message before sending it")
    expect(page.locator(".phone__bubble").first).to_contain_text(
        "Sophämtningen på Storgatan 10 måndag 30 november är försenad. " + SNOW)
    expect(page.get_by_text("3 subscribers", exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Send the message").click()

    expect(page.get_by_role("status")).to_have_text("The message is sent to 3 subscribers.")
    expect(page.get_by_role("cell", name=SNOW)).to_be_visible()
    assert_accessible(page)
    with app.app_context():
        sent = db.session.scalars(select(Notification).where(
            Notification.module_id == "collection_alerts")).all()
        assert sorted(m.recipient for m in sent) == ["+46701234567", "+46701234567",
                                                     "+46709876543"]
        assert db.session.scalar(select(RouteDay.delay_minutes)) == 30


def test_api_keys_create_once_and_revoke(app, page, create_staff, api_key):
    create_staff("root", "administrator")
    sign_in(page, "root")
    page.get_by_role("link", name="Waste collection: API keys").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("API keys")
    expect(page.get_by_role("cell", name="Ruttsystemet", exact=True)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Create an API key").click()
    page.get_by_role("button", name="Create the key").click()
    expect(page).to_have_title(re.compile("^Error:"))
    expect(page.get_by_role("link", name="Enter a name for the key")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Name of the key").fill("Ruttsystem 2")
    page.get_by_role("button", name="Create the key").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("The API key is created")
    expect(page.get_by_role("alert")).to_contain_text("Copy the key now")
    key = page.locator("#api-key").inner_text()
    assert key.startswith("ca_")
    assert_accessible(page)
    with app.app_context():
        assert find_api_key(key).name == "Ruttsystem 2"

    page.get_by_role("link", name="Back to the API keys").click()
    expect(page.get_by_text(key)).to_have_count(0)
    page.get_by_role("link", name=re.compile("^Revoke Ruttsystem 2")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Revoke the key Ruttsystem 2?")
    assert_accessible(page)
    page.get_by_role("button", name="Revoke the key").click()
    expect(page.get_by_role("status")).to_contain_text("The key Ruttsystem 2 is revoked")
    assert_accessible(page)
    with app.app_context():
        assert find_api_key(key) is None and find_api_key(api_key) is not None
