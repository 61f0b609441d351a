"""The waste-subscription change and the calendar sign-up in Finnish, in real Chromium.

The site offers ``sv,en,fi`` with Finnish declared incomplete (the shipped Finnish
catalogues are drafts). One resident picks "suomi" in the language switch, the other's
browser asks for Finnish (Accept-Language); both walk the demo municipality's
services to the end, and on every page axe-core finds nothing (``html-has-lang``
and ``valid-lang`` included), ``<html lang="fi">`` holds, and no Swedish text is
shown as if it were Finnish: a text the catalogue lacks must sit inside ``lang="sv"``.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from importlib import import_module

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from eservices.clock import ControlledClock
from eservices.db import db
from eservices.testing import assert_accessible
from notifications.models import Notification
from services.collection_alerts.models import AlertSubscription
from services.waste_subscription.models import ChangeRequest

pytestmark = pytest.mark.browser

#: Swedish that must not appear in text marked Finnish: å is no Finnish letter, and these
#: words are not Finnish ones (street and place names of the demo carry none of them).
SWEDISH = re.compile(r"å|\b(och|att|för|är|du|din|ditt|dina|som|med|till|inte|eller|fortsätt|"
                     r"välj|ändra|skicka|kontrollera|kundnummer|hämtning|vecka|veckor|"
                     r"varannan|kärl|restavfall|matavfall|fyrfack\w*)\b", re.I)
#: The text of the page read as Finnish: every text node whose nearest lang is "fi".
FINNISH_TEXT = """() => {
  const parts = [document.title];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const element = walker.currentNode.parentElement;
    if (!element || element.closest("script, style, template")) continue;
    const marked = element.closest("[lang]");
    if (marked && marked.getAttribute("lang") === "fi") parts.push(walker.currentNode.data);
  }
  return parts.join(" ");
}"""


@pytest.fixture
def app(make_app):
    """The shipped catalogues, Finnish offered; Friday 27 November 2026 on the demo data."""
    app = make_app(LANGUAGES="sv,en,fi", LANGUAGES_INCOMPLETE="fi")
    app.extensions["eservices.clock"] = ControlledClock(datetime(2026, 11, 27, 9, tzinfo=UTC))
    with app.app_context():
        installed = app.extensions["eservices.modules"].installed
        for module_id in ("waste_register", "collection_alerts"):
            path, _, name = installed[module_id].demo_data.partition(":")
            getattr(import_module(path), name)()
    return app


def check_finnish(page) -> None:
    """The page as a Finnish reader gets it: lang fi, axe-clean, Swedish only marked sv."""
    page.wait_for_load_state()
    expect(page.locator("html")).to_have_attribute("lang", "fi")
    text = page.evaluate(FINNISH_TEXT)
    swedish = sorted({m.group(0) for m in SWEDISH.finditer(text)})
    assert not swedish, f"Swedish marked as Finnish on {page.url}: {swedish}\n{text}"
    assert_accessible(page)


def on_page(page, heading: str) -> None:
    """The page titled ``heading`` has come, and reads as Finnish."""
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    check_finnish(page)


def jatka(page) -> None:
    page.get_by_role("button", name="Jatka").click()


def outbox(app, **where):
    with app.app_context():
        rows = db.session.scalars(select(Notification).filter_by(**where)
                                  .order_by(Notification.created_at)).all()
        db.session.expunge_all()
        return rows


def test_the_waste_subscription_change_in_finnish_chosen_in_the_switch(app, page):
    page.goto("/waste-subscription/")
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    switch = page.get_by_role("link", name="suomi")
    expect(switch).to_have_attribute("hreflang", "fi")
    switch.click()
    check_finnish(page)
    page.get_by_role("button", name="Aloita nyt").click()
    check_finnish(page)
    page.get_by_label("Asiakasnumero").fill("100001")
    page.get_by_label("Kiinteistötunnus tai katuosoite").fill("Exempelby 3:14")
    jatka(page)
    on_page(page, "Sopimuksesi nyt")
    page.get_by_label("Astian koko").check()
    jatka(page)
    check_finnish(page)
    page.get_by_label("240 litraa", exact=True).check()
    jatka(page)
    on_page(page, "Mistä päivästä alkaen muutoksen pitäisi olla voimassa?")
    page.locator("#effective_date-day").fill("11")
    page.locator("#effective_date-month").fill("12")
    page.locator("#effective_date-year").fill("2026")
    jatka(page)
    on_page(page, "Mihin lähetämme kuitin?")
    page.locator("#phone").fill("070-174 00 01")
    jatka(page)
    on_page(page, "Tarkista vastauksesi ennen kuin lähetät pyynnön")
    page.get_by_role("button", name="Lähetä pyyntö").click()
    on_page(page, "Pyyntösi on lähetetty")
    reference = page.locator(".panel__reference").inner_text()
    with app.app_context():
        case = db.session.scalars(select(ChangeRequest)).one()
        assert (case.reference, case.language) == (reference, "fi")
        assert case.proposed_plan["bins"][0] == {"container": "restavfall", "litres": 240}
    [receipt] = outbox(app, reference=reference)
    assert receipt.language == "fi" and receipt.body.startswith(
        f"Olemme vastaanottaneet pyyntösi {reference}")


def test_the_calendar_sign_up_in_finnish_from_the_browsers_language(app, browser,
                                                                    live_server):
    context = browser.new_context(base_url=live_server.url, locale="fi-FI")
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        page.goto("/collection-alerts/")
        on_page(page, "Milloin jätteeni tyhjennetään?")
        page.get_by_label("Katuosoite").fill("Storgatan 1")
        page.get_by_role("button", name="Etsi osoitteeni").click()
        on_page(page, "Storgatan 1, Exempelby")
        page.get_by_role("button", name="Saa tekstiviesti").click()
        on_page(page, "Mitä tekstiviestejä haluat?")
        page.get_by_label("Tekstiviesti, kun jäteauto on tulossa luoksesi").check()
        jatka(page)
        check_finnish(page)
        page.locator("input[name=approach_minutes]").first.check()
        jatka(page)
        check_finnish(page)
        page.get_by_label("Matkapuhelinnumero").fill("070-174 00 01")
        jatka(page)
        on_page(page, "Tarkista vastauksesi")
        page.get_by_role("button", name="Lähetä koodi").click()
        on_page(page, "Anna tekstiviestissä saamasi koodi")
        [code_sms] = outbox(app, recipient="+46701740001", category="verification")
        assert code_sms.language == "fi" and "on koodisi" in code_sms.body
        page.get_by_label("Koodi").fill(re.match(r"\d{6}", code_sms.body).group(0))
        page.get_by_role("button", name="Vahvista").click()
        on_page(page, "Saat tekstiviestejä tyhjennyksistä")
        with app.app_context():
            subscription = db.session.scalars(select(AlertSubscription)).one()
            assert subscription.active and subscription.subscriber.language == "fi"
            assert subscription.address.label == "Storgatan 1, Exempelby"
        welcome = [n for n in outbox(app, recipient="+46701740001")
                   if n.reference.startswith("subscription:")]
        assert [n.language for n in welcome] == ["fi"]
        assert welcome[0].body.startswith("Valmista!")
    finally:
        context.close()
