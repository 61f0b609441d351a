"""Staff pages the resident test (issue 17) found scrolling sideways at 320 px.

The module list, the API keys, the audit log and a waste case: at 320 CSS pixels
(WCAG 1.4.10 reflow) none may be wider than the window; wide tables scroll inside
their own region, long words and codes wrap.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from eservices.testing import assert_accessible, sign_in_page

pytestmark = pytest.mark.browser


def test_four_staff_pages_fit_320_pixels(app, browser, live_server, create_staff,
                                         add_subscription, make_case):
    create_staff("ada", "administrator", "handlaggare")
    home = add_subscription("100001", "Exempelby 3:14", "Storgatan 1")
    reference = make_case(home, ["size"], {"size": {"restavfall": 240}},
                          bins=(("restavfall", 240), ("matavfall", 140)),
                          email="eva.ek.med.en.mycket.lang.adress@exempelkommunen.se")
    context = browser.new_context(base_url=live_server.url, viewport={"width": 320,
                                                                      "height": 640})
    page = context.new_page()
    sign_in_page(page, "ada")
    page.goto("/staff/collection-alerts/api-keys/new")
    page.get_by_label("Namn").fill("Ruttdatorn i sopbil nummer sju")
    page.get_by_role("button").filter(has_text="Skapa").click()
    for path in ("/staff/modules", "/staff/collection-alerts/api-keys", "/staff/audit",
                 f"/staff/waste-subscription/{reference}"):
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"{path} is {width}px wide at 320px"
        assert_accessible(page)
    context.close()
