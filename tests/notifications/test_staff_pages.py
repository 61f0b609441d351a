"""Staff see the log, the outbox and template previews; numbers are masked in lists."""

import pytest
from playwright.sync_api import expect

from eservices.db import db
from eservices.testing import assert_accessible, sign_in
from notifications import send_sms


@pytest.fixture
def sent(app):
    with app.app_context():
        notification = send_sms("070-123 45 67", body="Din kod är 482913 €",
                                category="verification", module_id="platform",
                                reference="TR-AB23-CD45")
        notification_id = notification.id
        db.session.commit()
    app.extensions["notifications.dispatcher"].wait_idle()
    return notification_id


def test_log_search_masks_numbers_and_shows_the_timeline(app, create_staff, sent):
    create_staff("anna", "handlaggare")
    client = app.test_client()
    sign_in(client, "anna")
    for query in ("TR-AB23-CD45", "0701234567", "+46 70 123 45 67"):
        html = client.get("/staff/notifications/", query_string={"q": query}).get_data(True)
        assert "+46 70-••• •• 67" in html and "+46701234567" not in html
    assert "TR-AB23-CD45" not in client.get("/staff/notifications/?q=nobody").get_data(True)
    detail = client.get(f"/staff/notifications/{sent}").get_data(as_text=True)
    assert "+46701234567" not in detail
    assert "created" in detail and "delivered" in detail
    assert "19 tecken, GSM-7, 1 segment" in detail


def test_template_previews_show_length_and_cost(app, create_staff):
    create_staff("dan", "tjanstedesigner")
    client = app.test_client()
    sign_in(client, "dan")
    html = client.get("/staff/notifications/templates").get_data(as_text=True)
    assert "accessibility_report/receipt" in html and "platform/opt_out_confirmation" in html
    assert "GSM-7" in html and "segment" in html and "kr" in html


@pytest.mark.browser
def test_staff_notification_pages_are_accessible(page, create_staff, sent):
    create_staff("dan", "tjanstedesigner")
    page.goto("/staff/sign-in")
    page.get_by_label("Användarnamn").fill("dan")
    page.get_by_label("Lösenord").fill("correct horse battery")
    page.get_by_role("button", name="Logga in").click()
    for path in ("/staff/notifications/", f"/staff/notifications/{sent}",
                 "/staff/notifications/outbox", "/staff/notifications/templates"):
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(page)
    page.goto("/staff/notifications/outbox")
    expect(page.get_by_text("Din kod är 482913 €")).to_be_visible()
