"""The public side in real Chromium: a resident supports an idea with a code from an SMS
and a member of staff supports it signed in; every page of it (resident and staff) is
checked by axe-core in Swedish and English, also at 320 px without sideways scrolling."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from eservices.testing import assert_accessible, sign_in_page
from services.ideas.tests.public_data import (
    NOW,
    PHONE,
    challenge,
    clocked,
    code_sent,
    idea,
    report,
    sent_ids,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def app(make_app):
    return clocked(make_app)


def test_a_resident_supports_with_a_code_and_staff_signed_in(app, page, create_staff):
    cid = challenge(app, "textil", threshold=2)
    reference = idea(app, "Bytesdag för kläder", challenge_id=cid)
    page.goto("/ideas/challenges/textil")
    page.get_by_role("link", name="Bytesdag för kläder").click()
    expect(page.locator("#support-count")).to_have_text("0")
    page.get_by_role("button", name="Stöd idén").click()
    page.get_by_label("Vilket är ditt mobilnummer?").fill("070-123 45 67")
    before = sent_ids(app)
    page.get_by_role("button", name="Skicka koden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Skriv koden")
    page.get_by_label("Kod", exact=True).fill(code_sent(app, before, PHONE))
    page.get_by_role("button", name="Bekräfta").click()
    expect(page.get_by_text("Tack. Ditt stöd är räknat.")).to_be_visible()
    expect(page.locator("#support-count")).to_have_text("1")
    expect(page.get_by_text("Du stöder den här idén.")).to_be_visible()
    # The proved number may also comment, with or without a name.
    page.get_by_label("Din kommentar").fill("Jag kan hjälpa till på bytesdagen.")
    page.get_by_label("Namn som visas med kommentaren (valfritt)").fill("Kim")
    page.get_by_role("button", name="Skicka kommentaren").click()
    expect(page.get_by_text("Jag kan hjälpa till på bytesdagen.")).to_be_visible()
    _check(page, f"/ideas/i/{reference}")

    create_staff("coach", "idecoach")
    sign_in_page(page, "coach")
    page.goto(f"/ideas/i/{reference}")
    page.get_by_role("button", name="Stöd idén").click()
    expect(page.get_by_text("Tack. Ditt stöd är räknat.")).to_be_visible()
    expect(page.locator("#support-count")).to_have_text("2")
    page.goto("/ideas/challenges/textil")
    expect(page.get_by_text("Har nått de 2 stöd som behövs.")).to_be_visible()


def _check(page, path: str) -> None:
    """axe-core in Swedish and English, and at 320 px without sideways scrolling."""
    for language in ("sv", "en"):
        page.goto(f"/language/{language}")
        page.goto(path)
        assert page.evaluate("document.documentElement.lang") == language, path
        assert_accessible(page)
        page.set_viewport_size({"width": 320, "height": 800})
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, path
        assert_accessible(page)
        page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/language/sv")


def test_every_public_page_is_accessible(app, page):
    cid = challenge(app, "textil", threshold=5)
    reference = idea(app, "En idé med ett ganska långt namn om återbruk av kläder",
                     challenge_id=cid)
    hidden = idea(app, "Dold", hidden_at=NOW, hidden_reason="offensive")
    for path in ("/ideas/browse", "/ideas/browse?department=nope", f"/ideas/i/{reference}",
                 f"/ideas/i/{hidden}", "/ideas/challenges", "/ideas/challenges/textil",
                 f"/ideas/i/{reference}/report",
                 f"/ideas/verify?reference={reference}&then=support",
                 f"/ideas/verify/code?reference={reference}&then=support"):
        _check(page, path)
    # The pages with their errors shown.
    page.goto(f"/ideas/i/{reference}/report")
    page.get_by_role("button", name="Skicka anmälan").click()
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page)
    page.goto(f"/ideas/verify?reference={reference}&then=comment")
    page.get_by_label("Vilket är ditt mobilnummer?").fill("08-123")
    page.get_by_role("button", name="Skicka koden").click()
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page)


def test_every_staff_page_is_accessible(app, page, create_staff):
    cid = challenge(app, "textil")
    reference = idea(app, challenge_id=cid)
    for address in ("10.0.0.1", "10.0.0.2", "10.0.0.3"):
        report(app, reference, "off_topic", address=address)
    create_staff("coach", "idecoach")
    sign_in_page(page, "coach")
    for path in ("/staff/ideas/challenges", "/staff/ideas/challenges/new",
                 f"/staff/ideas/challenges/{cid}", "/staff/ideas/moderation"):
        _check(page, path)
    page.goto("/staff/ideas/challenges/new")
    page.get_by_label("Fråga", exact=True).fill("")
    page.get_by_role("button", name="Spara utmaningen").click()
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page)
    # Keyboard only: open a challenge from the list, then move its phase on.
    page.goto("/staff/ideas/challenges")
    page.get_by_role("button", name=re.compile("Flytta till ”Röstning och stöd”")).focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("är nu i fasen ”Röstning och stöd”")).to_be_visible()
    page.goto("/staff/ideas/moderation")
    expect(page.get_by_text(f"Idé {reference}")).to_be_visible()


def test_supporting_works_by_keyboard_without_javascript(app, browser, live_server):
    reference = idea(app, "Cykelparkering vid stationen")
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"/ideas/i/{reference}")
    page.get_by_role("button", name="Stöd idén").focus()
    page.keyboard.press("Enter")
    page.get_by_label("Vilket är ditt mobilnummer?").focus()
    page.keyboard.type("0701234567")
    before = sent_ids(app)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Skriv koden")
    page.get_by_label("Kod", exact=True).focus()
    page.keyboard.type(code_sent(app, before, PHONE))
    page.keyboard.press("Enter")
    expect(page.locator("#support-count")).to_have_text("1")
    context.close()
