"""What the resident test (issue 17) found in the platform's pages, in real Chromium.

The prototype banner (said "Prototyp" twice and sat off the page's edge at 1280 px),
the feedback button (looked like a link), a first visit in the browser's language,
and the staff pages that scrolled sideways at 320 px.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from eservices.testing import assert_accessible

pytestmark = pytest.mark.browser


def left_edge(page, selector: str) -> float:
    return page.evaluate(f"""() => {{
        const box = document.querySelector({selector!r});
        const style = getComputedStyle(box);
        return box.getBoundingClientRect().left + parseFloat(style.paddingLeft);
    }}""")


def test_prototype_banner_says_it_once_and_lines_up_with_the_page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="sv-SE",
                                  viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto("/textile-reuse/")
    banner = page.locator(".phase-banner")
    expect(banner).to_have_text("Prototyp Detta är inte en riktig e-tjänst.")
    assert left_edge(page, ".phase-banner p") == left_edge(page, "main")
    assert left_edge(page, ".phase-banner p") > 100  # centred with the page, not at the edge
    assert_accessible(page)
    context.close()


def test_send_feedback_is_a_button_that_looks_like_one(page):
    page.goto("/textile-reuse/")
    button = page.get_by_role("button", name="Skicka återkoppling")
    expect(button).to_be_visible()
    look = button.evaluate("""b => {
        const own = getComputedStyle(b), around = getComputedStyle(b.closest('.feedback'));
        return {own: own.backgroundColor, around: around.backgroundColor,
                edge: own.boxShadow !== 'none' || parseFloat(own.borderTopWidth) > 0,
                underlined: own.textDecorationLine.includes('underline')};
    }""")
    assert look["own"] != look["around"], look  # not text on the panel's own colour
    assert look["edge"] and not look["underlined"], look


def test_an_english_browser_reads_english_from_the_first_page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    page = context.new_page()
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("E-services from Exempelkommun")
    assert_accessible(page)
    page.get_by_role("link", name="Svenska").click()  # the resident's choice wins and sticks
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    page.goto("/tillganglighet")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tillgänglighetsredogörelse")
    assert_accessible(page)
    context.close()
