"""Signing in with e-ID in real Chromium, keyboard only, with zero axe-core violations."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from eservices.testing import assert_accessible

from .conftest import provider_settings


@pytest.fixture
def app(make_app, oidc_provider):
    """The site with the local provider and the demo provider; PUBLIC_BASE_URL is the
    live server's (the live server sets it)."""
    return make_app(**{
        **provider_settings(oidc_provider, PUBLIC_BASE_URL=""), "EID_DEMO_ENABLED": True,
        # a second provider: the page offers a choice of two
        "EID_PROVIDERS": ["local", "other"], "EID_OTHER_ISSUER": oidc_provider.issuer,
        "EID_OTHER_CLIENT_ID": "other", "EID_OTHER_CLIENT_SECRET": "other-secret",
        "EID_OTHER_LABEL": "Freja eID+"})


def tab_to(page, text: str, limit: int = 40) -> None:
    """Press Tab until the element named ``text`` has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == text:
            return
    raise AssertionError(f"{text!r} never took the focus")


def test_sign_in_through_the_provider_by_keyboard(page, live_server, oidc_provider):
    oidc_provider.register([f"{live_server.url}/e-legitimation/callback/local"])
    page.goto("/e-legitimation/?next=/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator("main a.button")).to_have_count(2)
    assert_accessible(page)
    tab_to(page, page.locator("main a.button").first.inner_text().strip())
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/")
    expect(page.locator(".site-header__nav")).to_contain_text("Tolvan Tolvansson")
    assert_accessible(page)

    tab_to(page, page.locator(".site-header__nav button").inner_text().strip())
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/e-legitimation/utloggad*")
    expect(page.locator(".site-header__nav")).not_to_contain_text("Tolvan Tolvansson")
    assert oidc_provider.logouts, "the provider's session was not ended"
    assert_accessible(page)


def test_demo_provider_by_keyboard(page, live_server):
    page.goto("/e-legitimation/test?next=/&level=loa3")
    assert_accessible(page)
    submit = page.locator("form button[type=submit]").last
    tab_to(page, submit.inner_text().strip())
    page.keyboard.press("Enter")  # nothing chosen: the error summary
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page)
    page.locator("#person-0").focus()
    page.keyboard.press("Space")
    page.locator("#level-1").focus()  # loa2: lower than the service asks
    page.keyboard.press("Space")
    page.keyboard.press("Enter")
    expect(page.locator(".error-summary")).to_be_visible()
    page.locator("#level-2").focus()
    page.keyboard.press("Space")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/")
    expect(page.locator(".site-header__nav")).to_contain_text("Tolvan Tolvansson")


def test_sign_in_pages_fit_320_pixels(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 320,
                                                                     "height": 640})
    page = context.new_page()
    for path in ("/e-legitimation/", "/e-legitimation/test", "/e-legitimation/utloggad"):
        page.goto(path)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 320px"
    context.close()
