"""Designer tools in Chromium: lifecycle pages, the feedback widget (also without JS)."""

import re

import pytest
from playwright.sync_api import expect

from eservices.testing import assert_accessible, sign_in_page

pytestmark = pytest.mark.browser


def test_designer_moves_a_module_to_pilot_and_residents_give_feedback(page, browser,
                                                                       live_server,
                                                                       create_staff):
    create_staff("dana", "tjanstedesigner")
    sign_in_page(page, "dana")
    page.get_by_role("link", name="Moduler och deras faser").click()
    assert_accessible(page)
    page.get_by_role("link", name="Rapportera brister i tillgänglighet").click()
    page.get_by_role("button", name="Flytta modulen").click()
    expect(page).to_have_title(re.compile("^Fel:"))
    assert_accessible(page)
    page.get_by_label("Pilot").check()
    page.get_by_label("Varför flyttas modulen?").fill("Redo att testas i skarpt läge")
    page.get_by_role("button", name="Flytta modulen").click()
    expect(page.get_by_role("status")).to_contain_text("är nu i fasen: Pilot")
    assert_accessible(page)
    page.goto("/staff/design/passwords")
    page.get_by_label("Testomgång").fill("Sprint 1")
    page.get_by_role("button", name="Skapa ett lösenord").click()
    expect(page.locator(".panel__reference")).to_have_text(re.compile(r"^[0-9a-f-]{19}$"))
    assert_accessible(page)

    page.goto("/accessibility-report/")  # the pilot banner and the feedback widget
    expect(page.get_by_text("Hjälpte sidan dig?")).to_be_visible()
    assert_accessible(page)

    # axe needs JavaScript; the resident's own visit proves the widget works without it.
    resident = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    resident.set_default_timeout(10_000)
    tab = resident.new_page()
    tab.goto("/accessibility-report/")
    expect(tab.get_by_text("Det här är en ny e-tjänst.")).to_be_visible()
    tab.get_by_role("link", name="Berätta vad du tycker").click()
    tab.get_by_label("Nej").check()
    tab.get_by_label("Berätta gärna mer (valfritt)").fill("Startknappen syns dåligt")
    tab.get_by_role("button", name="Skicka återkoppling").click()
    expect(tab.get_by_role("status")).to_contain_text("Tack för din återkoppling")
    resident.close()

    page.goto("/staff/design/accessibility_report")
    expect(page.get_by_text("Startknappen syns dåligt")).to_be_visible()
