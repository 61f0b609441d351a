"""A page in Meänkieli in Chromium: lang attributes axe-core accepts, the switch by keyboard."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from eservices.testing import assert_accessible


@pytest.mark.browser
def test_meankieli_and_its_swedish_fallbacks_pass_axe_and_the_switch_works(page):
    page.goto("/?lang=fit")
    expect(page.locator("html")).to_have_attribute("lang", "fit")
    fallback = page.locator('.site-header__product span[lang="sv"]')
    expect(fallback).to_have_text("E-tjänster")
    assert_accessible(page)  # html-has-lang, valid-lang for fit and the sv spans
    switch = page.get_by_role("link", name="suomi")
    expect(switch).to_have_attribute("hreflang", "fi")
    switch.focus()
    page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_attribute("lang", "fi")
    assert_accessible(page)
    page.goto("/tillganglighet")  # the choice sticks
    expect(page.locator("html")).to_have_attribute("lang", "fi")
    page.set_viewport_size({"width": 320, "height": 640})  # five languages still fit
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
