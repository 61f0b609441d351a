"""Signing up while signed in with e-ID, in real Chromium with axe-core: the second
address needs no code once the first code proved the number.

In English.  The clock stands at Monday 30 November 2026, 06:00.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from eservices.testing import assert_accessible, sign_in_resident

from .test_resident_browser import continue_, h1, latest_code, outbox, subscription_states

pytestmark = pytest.mark.browser


def texts_and_number(page, address_id):
    page.goto(f"/collection-alerts/address/{address_id}/sign-up")
    page.get_by_label("A text the evening before collection day").check()
    continue_(page)
    continue_(page)  # 18:00, the usual time
    page.get_by_label("Mobile number").fill("070-174 00 01")
    continue_(page)
    expect(h1(page)).to_have_text("Check your answers")


def test_a_proven_number_needs_no_second_code(app, page, network):
    page.goto("/language/en?next=/collection-alerts/")
    sign_in_resident(page)
    texts_and_number(page, network.r1_addresses[0])
    page.get_by_role("button", name="Send the code").click()
    page.get_by_label("Code").fill(latest_code(app))
    page.get_by_role("button", name="Confirm").click()
    expect(h1(page)).to_have_text("You will get texts about collection")

    texts_and_number(page, network.r1_addresses[1])
    expect(page.get_by_role("heading", name="Your mobile number is already confirmed")
           ).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Start the texts").click()
    expect(h1(page)).to_have_text("You will get texts about collection")
    assert_accessible(page)
    assert subscription_states(app) == [("Storgatan 1, Exempelby", True),
                                        ("Storgatan 2, Exempelby", True)]
    codes = [n for n in outbox(app, category="verification") if n.reference.startswith("code")]
    assert len(codes) == 1
