"""The password page in Chromium: errors, accessibility, and the change itself."""

import re

import pytest
from playwright.sync_api import expect

from eservices.testing import assert_accessible, sign_in_page

pytestmark = pytest.mark.browser


def test_staff_change_their_password(page, create_staff):
    create_staff("anna", "handlaggare")
    sign_in_page(page, "anna")
    page.get_by_role("link", name="Byt lösenord").click()
    assert_accessible(page)
    page.get_by_label("Nuvarande lösenord").fill("correct horse battery")
    page.get_by_label("Nytt lösenord", exact=True).fill("short")
    page.get_by_role("button", name="Byt lösenord").click()
    expect(page).to_have_title(re.compile("^Fel:"))
    expect(page.get_by_role("link", name=re.compile("12 till 200 tecken"))).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Nuvarande lösenord").fill("correct horse battery")
    page.get_by_label("Nytt lösenord", exact=True).fill("a brand new passphrase")
    page.get_by_label("Nytt lösenord igen").fill("a brand new passphrase")
    page.get_by_role("button", name="Byt lösenord").click()
    expect(page.get_by_text("Ditt lösenord har bytts.")).to_be_visible()
