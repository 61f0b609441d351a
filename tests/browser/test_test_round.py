"""A sprint test round in Chromium with three scripted participants, and its report."""

import re

import pytest
from playwright.sync_api import expect

from eservices.testing import assert_accessible, sign_in_page

pytestmark = pytest.mark.browser


def book_pick_up(page, phone_attempts=("070-123 45 67",)):
    page.get_by_label("Gatuadress").fill("Storgatan 12")
    page.get_by_label("Postnummer").fill("931 31")
    page.get_by_role("button", name="Fortsätt").click()
    page.get_by_label("Kläder", exact=True).check()
    page.get_by_label("1–2 påsar").check()
    page.get_by_role("button", name="Fortsätt").click()
    page.locator("input[name=slot]").first.check()
    page.get_by_role("button", name="Fortsätt").click()
    for phone in phone_attempts:
        page.get_by_label("Mobilnummer").fill(phone)
        page.get_by_role("button", name="Fortsätt").click()
    page.get_by_role("button", name="Boka hämtningen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hämtningen är bokad")


def join_and_start(page, code, check_accessibility=False):
    page.goto(f"/test/{code}")
    if check_accessibility:
        assert_accessible(page)
    page.get_by_role("button", name="Börja testet").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Uppgift 1 av 1")
    if check_accessibility:
        assert_accessible(page)
    page.get_by_role("button", name="Börja uppgiften").click()
    page.get_by_role("button", name="Boka hämtning").click()


def rate_and_clear(page, rating, check_accessibility=False):
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Hur svår eller lätt var uppgiften, sammantaget?")
    if check_accessibility:
        assert_accessible(page)
    page.get_by_label(re.compile(f"^{rating}( –|$)")).check()
    page.get_by_role("button", name="Fortsätt").click()
    page.get_by_role("button", name="Rensa data för nästa deltagare").click()


def test_three_participants_give_the_expected_report(page, browser, live_server,
                                                     create_staff):
    create_staff("dana", "tjanstedesigner")
    sign_in_page(page, "dana")
    page.goto("/staff/design/textile_reuse/rounds")
    page.get_by_label("Testomgångens namn").fill("Sprint 1, biblioteket")
    page.get_by_label("Uppgifter").fill(
        "Boka hämtning av kläder till Storgatan 12 | /textile-reuse/confirmation")
    page.get_by_role("button", name="Skapa testomgången").click()
    lead = page.locator("p.lead").inner_text()
    code = re.search(r"koden ([2-9A-Z]{6})", lead)[1]

    tester = browser.new_context(base_url=live_server.url)
    tester.set_default_timeout(10_000)
    tab = tester.new_page()
    # 1: completes quickly.
    join_and_start(tab, code, check_accessibility=True)
    expect(tab.get_by_text("Testuppgift 1 av 1:")).to_be_visible()
    book_pick_up(tab)
    tab.get_by_role("link", name="Uppgiften är klar – gå vidare").click()
    rate_and_clear(tab, 7, check_accessibility=True)
    # 2: two errors on the phone field, then completes.
    join_and_start(tab, code)
    expect(tab.get_by_label("Gatuadress")).to_have_value("")  # cleared: no one else's answers
    book_pick_up(tab, phone_attempts=("12", "070", "070-123 45 67"))
    tab.get_by_role("link", name="Uppgiften är klar – gå vidare").click()
    rate_and_clear(tab, 4)
    # 3: gives up.
    join_and_start(tab, code)
    tab.get_by_role("button", name="Jag ger upp den här uppgiften").click()
    rate_and_clear(tab, 1)
    tester.close()

    page.reload()
    expect(page.get_by_text("3 deltagare hittills.")).to_be_visible()
    expect(page.get_by_text("67 % (2 av 3 klarade uppgiften, 1 gav upp)")).to_be_visible()
    rows = page.locator("tr.error-row")
    expect(rows).to_have_count(1)
    expect(rows.first).to_have_text(re.compile(r"phone\s*format\s*2"))
    expect(page.locator("dd", has_text=re.compile(r"^4$"))).to_have_count(1)  # median rating
    desc = page.locator("svg[role=img] desc").first
    expect(desc).to_have_text(re.compile(r"Boka hämtning.*: 67%"))
    assert_accessible(page)

    csv_text = page.request.get(page.url + ".csv").text()
    lines = csv_text.strip().splitlines()
    assert lines[0].startswith("participant,task,description,outcome,seconds,rating")
    assert [line.split(",")[3] for line in lines[1:]] == ["completed", "completed", "abandoned"]
    assert [line.split(",")[5] for line in lines[1:]] == ["7", "4", "1"]
    assert "phone:format=2" in lines[2]
