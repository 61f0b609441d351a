"""The platform in real Chromium: catalogue, language switch, statement, errors, staff."""

import re

import pytest
from playwright.sync_api import expect

from eservices.testing import assert_accessible

pytestmark = pytest.mark.browser


def test_front_page_catalogue_and_language_switch(page):
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.get_by_role("heading", level=1)).to_have_text("E-tjänster från Exempelkommun")
    expect(page.get_by_role("link", name="Rapportera brister i tillgänglighet")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("E-services from Exempelkommun")
    page.get_by_role("link", name="Accessibility statement").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Accessibility statement")
    assert_accessible(page)

    page.get_by_role("link", name="Svenska").click()  # the choice sticks across pages
    expect(page.get_by_role("heading", level=1)).to_have_text("Tillgänglighetsredogörelse")


def test_skip_link_is_the_first_tab_stop(page):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Hoppa till huvudinnehållet"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_no_horizontal_scrolling_at_320_pixels(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 320, "height": 640})
    page = context.new_page()
    for path in ("/", "/tillganglighet", "/accessibility-report/", "/staff/sign-in"):
        page.goto(path)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 320px"
    context.close()


def test_error_page_is_friendly_and_accessible(page):
    response = page.goto("/finns-inte")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Sidan finns inte")
    assert_accessible(page)


def test_staff_sign_in_errors_and_dashboard(page, create_staff):
    create_staff("anna", "handlaggare")
    page.goto("/staff/")
    expect(page).to_have_url(re.compile("/staff/sign-in"))
    page.get_by_role("button", name="Logga in").click()
    expect(page).to_have_title(re.compile("^Fel:"))
    expect(page.get_by_role("link", name="Ange ditt användarnamn")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Användarnamn").fill("anna")
    page.get_by_label("Lösenord").fill("correct horse battery")
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Handläggning")
    assert_accessible(page)
    page.get_by_role("link", name="Rapporter om tillgänglighet").click()
    assert_accessible(page)
    page.get_by_role("button", name="Logga ut").click()
    expect(page).to_have_url(re.compile("/staff/sign-in"))


def test_the_accessibility_check_itself_catches_violations(page):
    # Guards the guard: an unlabelled input and low-contrast text must be reported.
    page.set_content('<html lang="sv"><head><title>x</title></head><body><main>'
                     '<input type="text"><p style="color:#ccc">svag text</p></main></body></html>')
    with pytest.raises(AssertionError, match="label"):
        assert_accessible(page)
