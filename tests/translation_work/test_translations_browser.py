"""The translations page in Chromium: reached from the back office, zero axe-core
violations with and without an error, 320 px without sideways scrolling, and an upload
whose problems are listed (the form works without JavaScript: a plain multipart POST)."""

import re

import pytest
from playwright.sync_api import expect

from eservices.testing import assert_accessible, sign_in_page

pytestmark = pytest.mark.browser


def _no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"the page is {width} px wide at 320 px"


def test_an_administrator_downloads_and_uploads_a_translation(page, create_staff, small_site,
                                                              tmp_path):
    create_staff("admin", "administrator")
    sign_in_page(page, "admin")
    page.get_by_role("link", name="Översättningar").click()
    expect(page.locator("h1")).to_have_text("Översättningar")
    assert_accessible(page)

    page.get_by_label("Språk", exact=True).select_option("fi")
    page.locator("#file_format-1").check()  # CSV
    with page.expect_download() as download:
        page.locator("form[method=get] button").click()
    exported = tmp_path / "fi.csv"
    download.value.save_as(exported)
    body = exported.read_text(encoding="utf-8-sig")
    assert "Asianumerosi on %(reference)s" in body

    broken = tmp_path / "broken.csv"
    broken.write_text(body.replace("Asianumerosi on %(reference)s", "Asianumerosi on"),
                      encoding="utf-8-sig")
    page.locator("#file").set_input_files(str(broken))
    page.locator("form[enctype] button").click()
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("Filen lästes inte in")
    expect(summary).to_contain_text(re.compile(r"%\(reference\)s"))
    assert_accessible(page)

    page.set_viewport_size({"width": 320, "height": 800})
    _no_sideways_scroll(page)
    assert_accessible(page)
