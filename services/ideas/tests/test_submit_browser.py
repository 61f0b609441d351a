"""Submitting an idea in real Chromium: every page checked by axe-core in Swedish and
English and at 320 px, an attachment, the similar-ideas step, and a run without JavaScript."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from eservices.testing import assert_accessible
from services.ideas.models import IdeaAttachment

from .submit_helpers import ideas, make_challenge, make_idea
from .test_attachments import PNG

pytestmark = pytest.mark.browser

WORDS = {
    "sv": {"start": "Starta nu", "continue": "Fortsätt", "resident": "Nej, jag bor i",
           "title": "Ge din idé en kort rubrik", "problem": "Vilket problem eller behov",
           "proposal": "Vad är din idé?", "similar": "Det finns idéer som liknar din",
           "go_on": "Fortsätt med min idé", "benefit": "Vem skulle ha nytta av idén?",
           "department": "Miljö och avfall", "challenge": "Hur kan vi minska textilavfallet",
           "upload_label": "Ladda upp en fil", "upload": "Ladda upp filen",
           "take_part": "Ja, jag vill gärna vara med", "email": "E-postadress (valfritt)",
           "send": "Skicka idén", "sent": "Din idé är skickad", "error": "Det finns ett problem",
           "follow": "Följ din idé", "no_answer": "Inget svar ännu"},
    "en": {"start": "Start now", "continue": "Continue", "resident": "No, I live in",
           "title": "Give your idea a short title", "problem": "What problem or need",
           "proposal": "What is your idea?", "similar": "There are ideas like yours",
           "go_on": "Continue with my idea", "benefit": "Who would benefit from the idea?",
           "department": "Environment and waste", "challenge": "Hur kan vi minska textilavfallet",
           "upload_label": "Upload a file", "upload": "Upload file",
           "take_part": "Yes, I would like to take part", "email": "E-mail address (optional)",
           "send": "Send idea", "sent": "Your idea has been sent", "error": "There is a problem",
           "follow": "Follow your idea", "no_answer": "No answer yet"},
}


def audit(page):
    """axe-core at full width and at 320 px, where nothing may scroll sideways."""
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320, page.url
    assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 800})


def _continue(page, words, name="continue"):
    page.get_by_role("button", name=words[name], exact=True).click()


def describe(page, words, title, problem, proposal, benefit):
    """From the title page to the department page: the texts, no similar idea chosen."""
    for label, text in (("title", title), ("problem", problem), ("proposal", proposal)):
        page.get_by_label(re.compile(words[label])).fill(text)
        _continue(page, words)
    _continue(page, words, "go_on")
    page.get_by_label(words["benefit"]).fill(benefit)
    _continue(page, words)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_a_resident_submits_an_idea_with_a_file_after_seeing_similar_ones(app, page,
                                                                         language):
    words = WORDS[language]
    make_challenge(app, "textil")
    textile = make_idea(app, "Textilåtervinning och klädbyten",
                        "Kläder och textilavfall slängs i soporna.",
                        "Insamling av textilavfall och återbruk av kläder.")
    page.goto(f"/language/{language}?next=/ideas/")
    audit(page)
    page.get_by_role("button", name=words["start"]).click()
    audit(page)
    _continue(page, words)  # nothing chosen: the error summary
    expect(page.get_by_role("alert")).to_contain_text(words["error"])
    audit(page)
    page.get_by_label(re.compile(words["resident"])).check()
    _continue(page, words)
    audit(page)
    page.get_by_label(words["title"]).fill("Återbruk av kläder")
    _continue(page, words)
    page.get_by_label(re.compile(words["problem"])).fill("Mycket textilavfall från hushållen.")
    audit(page)
    _continue(page, words)
    page.get_by_label(words["proposal"]).fill("Bytesdagar för kläder och återbruk.")
    _continue(page, words)
    expect(page.get_by_role("heading", level=1)).to_have_text(words["similar"])
    expect(page.get_by_role("link", name="Textilåtervinning och klädbyten")).to_have_attribute(
        "href", f"/ideas/i/{textile}")
    audit(page)
    _continue(page, words, "go_on")
    page.get_by_label(words["benefit"]).fill("Alla hushåll.")
    audit(page)
    _continue(page, words)
    page.get_by_label(words["department"]).check()
    audit(page)
    _continue(page, words)
    page.get_by_label(re.compile(words["challenge"])).check()
    audit(page)
    _continue(page, words)
    page.get_by_label(words["upload_label"]).set_input_files(
        {"name": "skiss.png", "mimeType": "image/png", "buffer": PNG})
    page.get_by_role("button", name=words["upload"]).click()
    expect(page.locator("dt", has_text="skiss.png")).to_be_visible()
    audit(page)
    _continue(page, words)
    page.get_by_label(words["take_part"]).check()
    audit(page)
    _continue(page, words)
    page.get_by_label(words["email"]).fill("eva@exempel.se")
    audit(page)
    _continue(page, words)
    expect(page.get_by_text("skiss.png")).to_be_visible()  # check answers lists the file
    audit(page)
    page.get_by_role("button", name=words["send"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(words["sent"])
    audit(page)
    [_textile, idea] = ideas(app)
    assert idea.challenge_id is not None and idea.language == language
    with app.app_context():
        from eservices.db import db

        assert db.session.query(IdeaAttachment).filter_by(idea_id=idea.id).count() == 1
    page.get_by_role("link", name=re.compile(words["follow"])).click()
    expect(page.get_by_text(words["no_answer"])).to_be_visible()
    audit(page)


def test_the_journey_without_javascript(app, browser, live_server):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    words = WORDS["sv"]
    page.goto("/ideas/")
    page.get_by_role("button", name=words["start"]).click()
    page.get_by_label(re.compile(words["resident"])).check()
    _continue(page, words)
    page.get_by_label(words["title"]).fill("x" * 201)
    _continue(page, words)
    expect(page).to_have_title(re.compile("^Fel:"))
    describe(page, words, "Bänkar längs älven", "Det finns ingenstans att vila.",
             "Sätt upp bänkar var tvåhundrade meter.", "Äldre och barnfamiljer.")
    page.get_by_label("Samhällsbyggnad").check()
    _continue(page, words)
    page.get_by_label(words["upload_label"]).set_input_files(
        {"name": "text.png", "mimeType": "image/png", "buffer": b"not an image"})
    page.get_by_role("button", name=words["upload"]).click()
    expect(page.get_by_role("alert")).to_contain_text("Filen måste vara en bild")
    _continue(page, words)
    page.get_by_label("Nej, inte nu").check()
    _continue(page, words)
    _continue(page, words)  # no contact details
    page.get_by_role("button", name=words["send"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(words["sent"])
    expect(page.get_by_text("kan inte berätta")).to_be_visible()
    [idea] = ideas(app)
    assert idea.email == "" and idea.phone == "" and not idea.wants_to_take_part
    context.close()


def test_the_first_pages_work_with_the_keyboard_alone(app, page):
    page.goto("/ideas/")
    start = page.get_by_role("button", name="Starta nu")
    for _ in range(30):  # Tab from the top of the page to the start button
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Starta nu":
            break
    start.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Arbetar du i kommunen?")
    page.keyboard.press("Tab")
    first = page.get_by_label("Ja, jag arbetar i kommunen")
    for _ in range(30):
        if first.evaluate("el => el === document.activeElement"):
            break
        page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")  # radios move with the arrow keys
    expect(page.get_by_label(re.compile("Nej, jag bor i"))).to_be_checked()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ge din idé en kort rubrik")
    page.get_by_label("Ge din idé en kort rubrik").focus()
    page.keyboard.press("Enter")  # empty: the error summary takes the focus
    expect(page.get_by_role("alert")).to_be_focused()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the error's link moves to the field
    expect(page.get_by_label("Ge din idé en kort rubrik")).to_be_focused()
