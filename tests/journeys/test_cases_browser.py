"""The back office of built journeys in Chromium: queue -> case -> decision, axe on each."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from eservices.testing import assert_accessible, sign_in_page

from ._cases import publish, submit

pytestmark = pytest.mark.browser


def test_a_handlaggare_decides_a_case_from_the_queue(page, app, live_server, create_staff):
    publish(app)
    submit(app, "BEN-2026-0001")
    create_staff("hanna", "handlaggare")
    page.set_viewport_size({"width": 320, "height": 800})
    sign_in_page(page, "hanna")
    page.get_by_role("link", name="Ärenden från byggda e-tjänster").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ärenden från byggda e-tjänster")
    assert_accessible(page)

    page.get_by_role("link", name="Laga en parkbänk").click()
    expect(page.get_by_role("link", name="Ny (1)")).to_have_attribute("aria-current", "page")
    assert_accessible(page)

    page.get_by_role("link", name="BEN-2026-0001").click()
    expect(page.get_by_text("Trasig sits")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Klar").check()
    page.get_by_role("button", name="Spara beslutet").click()  # no reason: an error
    expect(page.get_by_role("alert")).to_contain_text("Skriv motiveringen som invånaren får")
    assert_accessible(page)
    page.get_by_label("Motivering som invånaren får").fill("Bänken är lagad")
    page.get_by_role("button", name="Spara beslutet").click()
    expect(page.get_by_role("status")).to_contain_text("Ärende BEN-2026-0001 är nu: Klar.")
    expect(page.get_by_text("Ärendet är avslutat.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Tillbaka").click()
    expect(page.get_by_role("link", name="Klar (1)")).to_have_attribute("aria-current", "page")
    page.get_by_role("link", name="Exportera ärenden").click()
    assert_accessible(page)
