"""The employee's way in real Chromium, and the pages for links and challenges that do not
work: axe-core on each, in Swedish and English, at 320 px."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from .submit_helpers import ideas, make_challenge
from .test_submit import outbox
from .test_submit_browser import WORDS, _continue, audit, describe

pytestmark = pytest.mark.browser

TEXT = {
    "sv": {"employee": "Ja, jag arbetar i kommunen", "name": "Ditt namn",
           "work_email": "Din e-postadress på jobbet",
           "send_link": "Skicka en länk till min e-post", "check_mail": "Titta i din e-post",
           "confirmed": "Din e-postadress är bekräftad", "send": "Skicka min idé",
           "sent": "Din idé är skickad", "bad_link": "Länken fungerar inte",
           "no_idea": "Vi hittade inte idén", "closed": "Utmaningen tar inte emot idéer nu",
           "missing": "Vi hittade inte idéutmaningen"},
    "en": {"employee": "Yes, I work for the municipality", "name": "Your name",
           "work_email": "Your work e-mail address",
           "send_link": "Send a link to my e-mail", "check_mail": "Check your e-mail",
           "confirmed": "Your e-mail address is confirmed", "send": "Send my idea",
           "sent": "Your idea has been sent", "bad_link": "The link does not work",
           "no_idea": "We could not find the idea", "closed": "The challenge does not take "
           "ideas now", "missing": "We could not find the idea challenge"},
}


def _answer_as_employee(page, language):
    words = WORDS[language]
    page.get_by_role("button", name=words["start"]).click()
    page.get_by_label(re.compile(TEXT[language]["employee"])).check()
    _continue(page, words)
    describe(page, words, "Digital ändring av sophämtning", "Kunderna ringer för varje ändring.",
             "En e-tjänst för att ändra abonnemanget.", "Kundtjänst och hushållen.")
    page.get_by_label(words["department"]).check()
    _continue(page, words)
    _continue(page, words)  # no files
    page.get_by_label(words["take_part"]).check()
    _continue(page, words)
    audit(page)  # the work e-mail page
    page.get_by_label(TEXT[language]["name"]).fill("Kim Lind")
    page.get_by_label(TEXT[language]["work_email"]).fill("kim.lind@exempelkommun.se")
    _continue(page, words)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_an_employee_sends_by_the_link_on_a_second_device(app, page, browser, live_server,
                                                          language):
    text = TEXT[language]
    page.goto(f"/language/{language}?next=/ideas/")
    _answer_as_employee(page, language)
    audit(page)
    page.get_by_role("button", name=text["send_link"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(text["check_mail"])
    audit(page)
    assert ideas(app) == []
    [mail] = [n for n in outbox(app) if n.category == "verification"]
    link = urlsplit(re.search(r"https?://\S+/verify-email/\S+", mail.body).group(0)).path
    phone = browser.new_context(base_url=live_server.url, locale="sv-SE").new_page()
    phone.goto(f"/language/{language}?next={link}")
    expect(phone.get_by_role("heading", level=1)).to_have_text(text["confirmed"])
    audit(phone)
    phone.get_by_role("button", name=text["send"]).click()
    expect(phone.get_by_role("heading", level=1)).to_have_text(text["sent"])
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text(text["sent"])
    [idea] = ideas(app)
    assert idea.submitter_kind == "employee" and idea.email_verified
    phone.goto(link[:-4] + "xxxx")
    expect(phone.get_by_role("heading", level=1)).to_have_text(text["bad_link"])
    audit(phone)
    phone.context.close()


@pytest.mark.parametrize("language", ["sv", "en"])
def test_pages_for_what_cannot_be_opened(app, page, language):
    text = TEXT[language]
    make_challenge(app, "over", days_left=-2)
    page.goto(f"/language/{language}?next=/ideas/begin?challenge=over")
    expect(page.get_by_role("heading", level=1)).to_have_text(text["closed"])
    audit(page)
    page.goto("/ideas/begin?challenge=finns-inte")
    expect(page.get_by_role("heading", level=1)).to_have_text(text["missing"])
    audit(page)
    page.goto("/ideas/follow/not-a-token")
    expect(page.get_by_role("heading", level=1)).to_have_text(text["no_idea"])
    audit(page)
