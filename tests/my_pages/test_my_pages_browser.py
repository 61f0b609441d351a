"""Real Chromium: a signed-in resident sees Mina sidor, downloads the export, erases, and is
signed out with the outcome shown; an administrator's request page; zero axe violations and
no sideways scrolling at 320 px."""

from __future__ import annotations

import json

from eservices.testing import assert_accessible, sign_in_page

from ._data import PHONE, resident_with_data


def _no_sideways_scrolling(page, what: str) -> None:
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{what} scrolls sideways by {overflow}px at 320px"


def test_mina_sidor_export_and_erasure_in_chromium(app, page, tmp_path):
    page.goto("/")
    resident_with_data(app, page)
    page.goto("/mina-sidor")
    assert page.locator("h1").inner_text() in ("Mina sidor", "My pages")
    assert page.get_by_role("heading", name="Lånecyklar vid stationen").is_visible()
    assert page.get_by_text("TR-OPEN-1").first.is_visible()
    assert_accessible(page)

    with page.expect_download() as download_info:
        page.locator("a[href$='/mina-sidor/export.json']").first.click()
    path = tmp_path / "export.json"
    download_info.value.save_as(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert any(message["to"] == PHONE for message in data["messages"])

    page.locator("a[href$='/mina-sidor/mina-uppgifter']").click()
    page.wait_for_load_state()
    assert page.get_by_text("Din kod är 123456").is_visible()
    assert_accessible(page)

    page.goto("/mina-sidor/radera")
    assert_accessible(page)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url("**/mina-sidor/raderat")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() in ("Your data has been erased",
                                               "Dina uppgifter har raderats")
    assert page.locator(".summary-list__key").first.is_visible()  # what was kept, and why
    assert_accessible(page)
    page.goto("/mina-sidor")
    page.wait_for_load_state()
    assert "/e-legitimation" in page.url  # signed out


def test_mina_sidor_fits_320_pixels(app, browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 320,
                                                                      "height": 640})
    page = context.new_page()
    page.goto("/")
    resident_with_data(app, page)
    for path in ("/mina-sidor", "/mina-sidor/mina-uppgifter", "/mina-sidor/radera"):
        page.goto(path)
        _no_sideways_scrolling(page, path)
    context.close()


def test_the_staff_request_page_is_accessible_and_fits_320_pixels(app, browser, live_server,
                                                                  create_staff):
    create_staff("admin", "administrator")
    context = browser.new_context(base_url=live_server.url, viewport={"width": 320,
                                                                      "height": 640})
    page = context.new_page()
    page.goto("/")
    resident_with_data(app, page)
    sign_in_page(page, "admin")
    page.goto("/staff/registerutdrag/")
    page.locator("input[value=phone]").check()
    page.locator("#identifier").fill("070 12")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()
    assert page.locator(".error-summary").is_visible()
    assert_accessible(page)
    page.locator("#identifier").fill("070-123 45 67")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Lånecyklar vid stationen").is_visible()
    assert_accessible(page)
    _no_sideways_scrolling(page, "the request's result")
    # Erase: the first button asks, the second erases; both pages pass axe at 320 px.
    page.locator("form[action$='/radera'] button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("input[name=request_id]").count() == 1
    assert_accessible(page)
    _no_sideways_scrolling(page, "the erasure's confirmation")
    page.locator("form[action$='/radera'] button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() in ("The data has been erased",
                                               "Uppgifterna har raderats")
    assert_accessible(page)
    _no_sideways_scrolling(page, "the erasure's outcome")
    context.close()
