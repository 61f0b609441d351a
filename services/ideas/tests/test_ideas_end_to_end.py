"""The idea lock end to end in real Chromium, as issue #15's "done means" describes it.

A resident submits an idea into a challenge (past the similar-ideas step); a
coach screens it and writes a public answer, which the resident gets by e-mail
from the outbox and reads at the private follow link; a member of staff supports
it; the coach starts a prototype from it; and the statistics page shows the
exact counts of the ideas seeded here plus the new one.  Four people, four
browsers (contexts), one server and one database.

Seeded ideas, in days before now (the statistics page's default period is the
last year):

====  ==========  =========  =========  =========  ========  ===========
idea  department  challenge  status     submitted  answered  implemented
====  ==========  =========  =========  =========  ========  ===========
E1    miljo       textil     coachas    40 d ago   +2 d
E2    utbildning  –          genomford  100 d ago  +20 d     +60 d
E3    miljo       –          inkommen   5 d ago    –
E4    miljo       –          vilande    400 d ago  +1 d      (outside)
====  ==========  =========  =========  =========  ========  ===========

E1 is also the idea the similar-ideas step shows.  With the resident's idea
(miljo, textil, answered within minutes, coached at the end): 4 submitted, 2
answered within 14 days (E1 and the new one), 1 implemented (25 %), medians
2.0 days to the first answer (about 0, 2, 20) and 60.0 days to implemented.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from eservices.clock import now
from eservices.db import db
from eservices.testing import assert_accessible, sign_in_page
from notifications.models import Notification
from services.ideas.models import Idea, Support
from services.ideas.tests.stats_data import add_challenge, add_idea

pytestmark = pytest.mark.browser

QUESTION = "Hur kan vi minska textilavfallet i Piteå?"
ANSWER = "Tack för idén! En idécoach bedömer den här veckan och hör av sig."


def seed(app) -> None:
    with app.app_context():
        today = now().date()
        textile = add_challenge("textil", QUESTION, opens_on=today - timedelta(days=60),
                                closes_on=today + timedelta(days=30))
        at = now()
        add_idea("E1", "miljo", "coachas", at - timedelta(days=40), challenge=textile,
                 answered_after=2, title="Textilåtervinning och klädbyten",
                 problem="Kläder och textilavfall slängs i soporna.",
                 proposal="Insamling av textilavfall och återbruk av kläder.")
        add_idea("E2", "utbildning", "genomford", at - timedelta(days=100), answered_after=20,
                 implemented_after=60)
        add_idea("E3", "miljo", "inkommen", at - timedelta(days=5))
        add_idea("E4", "miljo", "vilande", at - timedelta(days=400), answered_after=1)
        db.session.commit()


def new_context(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="sv-SE")
    context.set_default_timeout(10_000)
    return context


def submit_into_the_challenge(page) -> None:
    page.goto("/ideas/challenges/textil")
    expect(page.get_by_role("heading", level=1)).to_have_text(QUESTION)
    page.get_by_role("link", name="Lämna en idé till utmaningen").click()
    next_page = page.get_by_role("button", name="Fortsätt", exact=True)
    page.get_by_label("Nej, jag bor i eller besöker kommunen").check()
    next_page.click()
    page.get_by_label("Ge din idé en kort rubrik").fill("Återbruk av kläder")
    next_page.click()
    page.get_by_label("Vilket problem eller behov har du sett?").fill(
        "Mycket textilavfall från hushållen.")
    next_page.click()
    page.get_by_label("Vad är din idé?").fill("Bytesdagar för kläder och återbruk.")
    next_page.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Det finns idéer som liknar din")
    expect(page.get_by_role("link", name="Textilåtervinning och klädbyten")).to_have_attribute(
        "href", "/ideas/i/IDE-TEST-E1")
    assert_accessible(page)
    page.get_by_role("button", name="Fortsätt med min idé").click()
    page.get_by_label("Vem skulle ha nytta av idén?").fill("Alla hushåll i kommunen.")
    next_page.click()
    page.get_by_label("Miljö och avfall").check()
    next_page.click()  # no challenge question: the challenge's link chose it
    next_page.click()  # no attachments
    page.get_by_label("Ja, jag vill gärna vara med").check()
    next_page.click()
    page.get_by_label("Ditt namn").fill("Eva Ek")
    page.get_by_label("E-postadress").fill("eva@exempel.se")
    next_page.click()
    expect(page.get_by_text(QUESTION)).to_be_visible()  # check answers names the challenge
    page.get_by_role("button", name="Skicka idén").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Din idé är skickad")
    assert_accessible(page)


def the_new_idea(app) -> Idea:
    with app.app_context():
        idea = db.session.scalar(select(Idea).where(Idea.title == "Återbruk av kläder"))
        db.session.expunge_all()
        return idea


def mail_to(app, reference: str) -> list[Notification]:
    with app.app_context():
        found = db.session.scalars(select(Notification).where(
            Notification.reference == reference, Notification.channel == "email")
            .order_by(Notification.created_at)).all()
        db.session.expunge_all()
        return list(found)


def change_status(page, status: str, answer: str, send: bool) -> None:
    page.get_by_role("group", name="Ny status").get_by_label(status, exact=True).check()
    page.get_by_role("textbox", name="Svar till idégivaren").fill(answer)
    page.get_by_role("group", name="Skicka svaret till idégivaren?").get_by_label(
        "Ja" if send else "Nej", exact=True).check()
    page.get_by_role("button", name="Ändra status").click()
    expect(page.get_by_text(f"Idén har nu status: {status}.")).to_be_visible()


def summary_value(page, key: str):
    return page.locator(".summary-list__row", has=page.locator("dt", has_text=key)).locator("dd")


def test_from_a_residents_idea_to_a_prototype_and_the_numbers(app, browser, live_server, page,
                                                               create_staff):
    seed(app)
    create_staff("coach", "idecoach", "tjanstedesigner")
    create_staff("anna", "handlaggare")

    contexts = [new_context(browser, live_server), new_context(browser, live_server)]
    resident, staff = (context.new_page() for context in contexts)
    submit_into_the_challenge(resident)
    idea = the_new_idea(app)
    assert idea.challenge_id is not None and idea.department == "miljo"
    assert idea.status == "inkommen" and idea.email == "eva@exempel.se"
    [receipt] = mail_to(app, idea.reference)
    assert receipt.recipient == "eva@exempel.se" and idea.reference in receipt.body

    # The coach screens it and answers; the resident is told.
    sign_in_page(page, "coach")
    page.get_by_role("link", name="Idéer", exact=True).click()
    page.get_by_role("link", name=idea.reference).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Återbruk av kläder")
    change_status(page, "Bedöms", ANSWER, send=True)
    receipt_again, answered = mail_to(app, idea.reference)
    assert receipt_again.id == receipt.id
    assert answered.recipient == "eva@exempel.se" and ANSWER in answered.body
    follow_url = re.search(r"https?://\S+/ideas/follow/\S+", answered.body).group(0)
    resident.goto(follow_url)
    expect(resident.get_by_text(ANSWER)).to_be_visible()
    assert_accessible(resident)

    # A member of staff supports it, once.
    sign_in_page(staff, "anna")
    staff.goto(f"/ideas/i/{idea.reference}")
    staff.get_by_role("button", name="Stöd idén").click()
    expect(staff.get_by_text("Tack. Ditt stöd är räknat.")).to_be_visible()
    expect(staff.locator("#support-count")).to_have_text("1")
    expect(staff.get_by_text("Du stöder den här idén.")).to_be_visible()
    with app.app_context():
        assert db.session.scalars(select(Support.kind).where(
            Support.idea_id == idea.id)).all() == ["staff"]

    # The coach coaches it and starts a prototype from it.
    page.goto(f"/staff/ideas/i/{idea.reference}")
    change_status(page, "Coachas", "Nu får du en idécoach.", send=False)
    assert len(mail_to(app, idea.reference)) == 2
    page.get_by_role("button", name="Starta en prototyp").click()
    expect(page.get_by_text("Prototypen Återbruk av kläder är startad i tjänstebyggaren.")
           ).to_be_visible()
    module_id = the_new_idea(app).prototype_module_id
    assert module_id and module_id != "ideas.pending_prototype"
    page.goto(f"/staff/ideas/i/{idea.reference}")
    expect(page.get_by_role("link", name="Öppna prototypen i tjänstebyggaren")).to_be_visible()

    # The numbers: the seeded ideas and the new one, exactly.
    page.goto("/staff/")  # the back office's start page lists the module's pages
    page.get_by_role("link", name="Idéstatistik").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Idéstatistik")
    expect(summary_value(page, "Inlämnade idéer")).to_have_text("4")
    expect(summary_value(page, "Besvarade inom 14 dagar")).to_have_text("2 (50\xa0%)")
    expect(summary_value(page, "Genomförda idéer")).to_have_text("1 (25\xa0%)")
    expect(summary_value(page, "Mediantid till första svaret")).to_have_text(
        "2,0 dagar (3 idéer besvarade)")
    for context in contexts:
        context.close()
    expect(summary_value(page, "Mediantid till genomförd")).to_have_text("60,0 dagar")
    statuses = page.get_by_role("table", name="Idéer efter status nu")
    for row in ("Inkommen 1", "Bedöms 0", "Coachas 2", "Testas 0", "Genomförd 1",
                "Avslutad 0", "Vilande 0"):
        expect(statuses.get_by_role("row", name=row, exact=True)).to_be_visible()
    departments = page.get_by_role("table", name="Inlämnade idéer per förvaltning")
    expect(departments.get_by_role("row", name=re.compile(r"^Miljö och avfall 3 2 0 "))
           ).to_be_visible()
    challenges = page.get_by_role("table", name="Inlämnade idéer per idéutmaning")
    expect(challenges.get_by_role("row", name=re.compile(f"^{re.escape(QUESTION)} 2 2 0 "))
           ).to_be_visible()
    expect(challenges.get_by_role("row", name=re.compile(r"^Inte i en utmaning 2 0 1 "))
           ).to_be_visible()
    assert_accessible(page)
