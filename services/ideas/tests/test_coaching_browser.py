"""A coach in real Chromium: screens an idea, answers the idea giver (the message is in
the outbox), starts a prototype; every page checked by axe-core in both languages and
at 320 px."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from eservices.testing import assert_accessible, sign_in_page
from services.ideas import statuses as st

from ._coaching import idea_of, make_idea, messages

pytestmark = pytest.mark.browser

STORY = "Idén blev en bytesdag på återbruket.\n\nNu byts hundratals plagg varje månad."


def _narrow_fits(page) -> None:
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})


def _in_english(page, path: str) -> None:
    page.goto("/language/en")
    page.goto(path)
    assert page.evaluate("document.documentElement.lang") == "en"
    assert_accessible(page)
    page.goto("/language/sv")
    page.goto(path)


def test_a_coach_screens_answers_and_starts_a_prototype(app, page, create_staff):
    create_staff("coach", "idecoach", "tjanstedesigner")
    reference = make_idea(app, title="Byt kläder på återbruket")
    sign_in_page(page, "coach")

    page.goto("/staff/ideas/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Idéer")
    assert_accessible(page)
    _narrow_fits(page)
    page.get_by_role("link", name=reference).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Byt kläder på återbruket")
    assert_accessible(page)
    _narrow_fits(page)

    # Unhappy path first: no status, no answer.
    page.get_by_role("button", name="Ändra status").click()
    summary = page.get_by_role("alert")
    expect(summary.get_by_role("heading")).to_have_text("Det finns ett problem")
    expect(summary.get_by_role("link", name="Skriv svaret till idégivaren")).to_be_visible()
    assert_accessible(page)
    summary.get_by_role("link", name="Välj idéns nya status").click()

    page.get_by_label("Bedöms").check()
    answer = page.get_by_role("textbox", name="Svar till idégivaren")
    answer.fill("Tack! Vi bedömer din idé den här veckan.")
    page.locator("#status-notify-0").check()
    page.get_by_role("button", name="Ändra status").click()
    expect(page.get_by_text("Idén har nu status: Bedöms.")).to_be_visible()
    [message] = messages(app, reference)
    assert "Tack! Vi bedömer din idé den här veckan." in message.body
    assert message.recipient == "eva.ek@exempel.se"

    page.get_by_label("Coachas").check()
    page.get_by_role("textbox", name="Svar till idégivaren").fill("Nu får du en coach.")
    page.locator("#status-notify-1").check()  # no message this time
    page.get_by_role("button", name="Ändra status").click()
    expect(page.get_by_text("Idén har nu status: Coachas.")).to_be_visible()
    assert len(messages(app, reference)) == 1
    _in_english(page, f"/staff/ideas/i/{reference}")

    page.get_by_role("button", name="Starta en prototyp").click()
    expect(page.get_by_text("Prototypen Byt kläder på återbruket är startad")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/staff/journeys/byt-klader-pa-aterbruket/$"))
    module_id = idea_of(app, reference).prototype_module_id
    assert module_id == "byt_klader_pa_aterbruket"
    page.goto(f"/staff/ideas/i/{reference}")
    expect(page.get_by_role("link", name="Öppna prototypen i tjänstebyggaren")).to_be_visible()
    assert_accessible(page)


def test_the_showcase_and_its_editing_are_accessible(app, page, create_staff):
    create_staff("coach", "idecoach")
    reference = make_idea(app, title="Bytesdagen", status=st.IMPLEMENTED)
    sign_in_page(page, "coach")
    page.goto(f"/staff/ideas/i/{reference}")
    page.get_by_label("Berättelsen").fill(STORY)
    page.get_by_label("Vem som får nämnas").fill("Återbrukets personal")
    page.locator("#showcase-published-0").check()
    page.get_by_role("button", name="Spara berättelsen").click()
    expect(page.get_by_text("Berättelsen är sparad och visas för alla.")).to_be_visible()

    page.goto("/ideas/showcase")
    expect(page.get_by_role("heading", level=1)).to_have_text("Från idé till tjänst")
    assert_accessible(page)
    _narrow_fits(page)
    _in_english(page, "/ideas/showcase")
    page.get_by_role("link", name="Bytesdagen").click()
    expect(page.get_by_text("Nu byts hundratals plagg varje månad.")).to_be_visible()
    expect(page.get_by_text("Återbrukets personal")).to_be_visible()
    assert_accessible(page)
    _narrow_fits(page)
    _in_english(page, f"/ideas/showcase/{reference}")
