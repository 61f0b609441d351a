"""The page-pattern gallery in Chromium: every pattern renders, validates and passes axe."""

import re

import pytest
from playwright.sync_api import expect

from eservices.designer.patterns import PATTERNS
from eservices.testing import assert_accessible, sign_in_page

pytestmark = pytest.mark.browser


def test_every_pattern_is_accessible_and_questions_validate(page, create_staff):
    create_staff("dana", "tjanstedesigner")
    sign_in_page(page, "dana")
    for name, _title in PATTERNS:
        page.goto(f"/staff/design/patterns/{name}")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(page)
        if name.startswith("question_"):
            page.get_by_role("button", name="Fortsätt").click()
            expect(page).to_have_title(re.compile("^Fel:"))
            assert_accessible(page)

    page.goto("/staff/design/patterns/question_date")
    page.get_by_label("Dag").fill("31")
    page.get_by_label("Månad").fill("2")
    page.get_by_label("År").fill("2027")
    page.get_by_role("button", name="Fortsätt").click()
    expect(page.get_by_role("link", name="Datumet måste vara ett riktigt datum")).to_be_visible()
    expect(page.get_by_label("Dag")).to_have_value("31")  # what was typed stays

    page.goto("/staff/design/patterns/question_address")
    page.get_by_label("Postnummer").fill("931 31")
    page.get_by_role("button", name="Fortsätt").click()
    expect(page.get_by_label("Storgatan 12")).to_be_visible()
    assert_accessible(page)
