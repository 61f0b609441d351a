"""Every change type in real Chromium, Swedish first and once in English, with axe-core
checking every page.  The clock is fixed at Friday 27 November 2026: the earliest
effective date is then Friday 11 December 2026.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from eservices.db import db
from eservices.testing import assert_accessible
from notifications.models import Notification
from services.waste_subscription.models import ChangeRequest

pytestmark = pytest.mark.browser


def outbox(app, reference):
    with app.app_context():
        return db.session.scalars(select(Notification).where(
            Notification.reference == reference).order_by(Notification.id)).all()


def continue_(page):
    page.get_by_role("button", name="Fortsätt").click()


def identify(page, customer="100001", place="Exempelby 3:14"):
    page.goto("/waste-subscription/")
    assert_accessible(page)
    page.get_by_role("button", name="Starta nu").click()
    page.get_by_label("Kundnummer").fill(customer)
    page.get_by_label("Fastighetsbeteckning eller gatuadress").fill(place)
    continue_(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Ditt abonnemang i dag")
    assert_accessible(page)


def choose(page, *changes):
    for change in changes:
        page.get_by_label(change).check()
    continue_(page)


def fill_date(page, field, day, month, year):
    page.locator(f"#{field}-day").fill(day)
    page.locator(f"#{field}-month").fill(month)
    page.locator(f"#{field}-year").fill(year)


def expect_error(page, message):
    expect(page).to_have_title(re.compile("^Fel: "))
    expect(page.get_by_role("alert").get_by_role("link", name=message)).to_be_visible()
    assert_accessible(page)


def when_and_contact(page, phone="070-174 00 01"):
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Från vilket datum ska ändringen gälla?")
    assert_accessible(page)
    fill_date(page, "effective_date", "11", "12", "2026")
    continue_(page)
    contact(page, phone)


def contact(page, phone):
    expect(page.get_by_role("heading", level=1)).to_have_text("Vart ska vi skicka kvittot?")
    page.get_by_label("Mobilnummer (valfritt)").fill(phone)
    continue_(page)


def send(page, app):
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Kontrollera dina svar innan du skickar begäran")
    assert_accessible(page)
    page.get_by_role("button", name="Skicka begäran").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Din begäran är skickad")
    assert_accessible(page)
    reference = page.locator(".panel__reference").inner_text()
    assert re.fullmatch(r"AV-[2-9A-Z]{4}-[2-9A-Z]{4}", reference)
    with app.app_context():
        case = db.session.scalar(select(ChangeRequest).where(
            ChangeRequest.reference == reference))
        db.session.expunge(case)
    return case


def test_bin_size_with_every_mistake_fixed(app, page, register):
    page.goto("/waste-subscription/begin")
    page.get_by_label("Kundnummer").fill("100001")
    page.get_by_label("Fastighetsbeteckning eller gatuadress").fill("Storgatan 3")
    continue_(page)
    expect_error(page, "Kundnumret och fastigheten stämmer inte med något abonnemang. "
                       "Kontrollera båda mot din faktura")
    page.get_by_label("Fastighetsbeteckning eller gatuadress").fill("storg. 1")
    continue_(page)
    expect(page.get_by_text("Årsavgift: 3 100,00 kr", exact=False)).to_be_visible()
    assert_accessible(page)
    continue_(page)
    expect_error(page, "Välj minst en sak du vill ändra")
    choose(page, "Kärlstorlek")
    page.get_by_label("190 liter (din storlek i dag)").check()
    continue_(page)
    expect_error(page, "Välj en annan storlek än den du har i dag")
    page.get_by_label("240 liter").check()
    continue_(page)
    fill_date(page, "effective_date", "10", "12", "2026")
    continue_(page)
    expect_error(page, "Det tidigaste datum vi kan göra ändringen är 11 december 2026")
    fill_date(page, "effective_date", "11", "12", "2026")
    continue_(page)
    continue_(page)  # no contact details at all
    expect_error(page, "Ange en e-postadress eller ett mobilnummer, så att vi kan skicka ett "
                       "kvitto och vårt beslut till dig")
    page.get_by_label("Mobilnummer (valfritt)").fill("08-123 456 78")
    continue_(page)
    expect_error(page, "Ange ett mobilnummer, inte ett fast telefonnummer")
    contact(page, "070-174 00 01")
    expect(page.get_by_role("table")).to_contain_text("Ändringsavgift")
    page.get_by_role("link", name="Ändra kärlstorlek").click()
    page.get_by_label("370 liter").check()
    continue_(page)
    expect(page.get_by_text("370 liter").first).to_be_visible()  # back on check answers
    case = send(page, app)
    assert case.proposed_plan["bins"][0] == {"container": "restavfall", "litres": 370}
    [receipt] = outbox(app, case.reference)
    assert receipt.recipient == "+46701740001" and receipt.language == "sv"
    assert f"Vi har tagit emot din begäran {case.reference}" in receipt.body
    page.go_back()
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Din begäran är skickad")


def test_home_composting_with_every_4_weeks(app, page, register):
    identify(page)
    choose(page, "Börja kompostera matavfall hemma", "Hur ofta kärlen töms")
    page.get_by_label("Isolerad varmkompost som används året runt").check()
    continue_(page)
    expect_error(page, "Intyga att du kommer att kompostera allt ditt matavfall hemma")
    page.get_by_label(re.compile("^Jag kommer att kompostera allt mitt matavfall")).check()
    continue_(page)
    assert_accessible(page)
    page.get_by_label("Var 4:e vecka (månadshämtning)").check()
    continue_(page)
    when_and_contact(page)
    expect(page.get_by_text("Ja, matavfallet komposteras hemma")).to_be_visible()
    case = send(page, app)
    assert case.proposed_plan["frequency"] == "every_4_weeks"
    notice = [n for n in outbox(app, case.reference) if n.channel == "email"]
    assert [n.recipient for n in notice] == ["miljo@exempelkommun.se"]
    assert "Isolerad varmkompost" in notice[0].body


def test_frequency_without_composting_is_refused(app, page, register):
    identify(page)
    choose(page, "Hur ofta kärlen töms")
    page.get_by_label("Var 8:e vecka (kvartalshämtning)").check()
    continue_(page)
    expect(page.get_by_role("alert")).to_contain_text("går bara om du komposterar")
    assert_accessible(page)
    page.get_by_label("Varje vecka").check()
    continue_(page)
    when_and_contact(page)
    assert send(page, app).proposed_plan["frequency"] == "weekly"


def test_share_a_bin_and_the_neighbour_confirms(app, page, browser, live_server, register):
    identify(page)
    choose(page, "Dela kärl med en granne")
    assert_accessible(page)
    number, address = "Din grannes kundnummer", "Din grannes gatuadress"
    page.get_by_label(number).fill("100001")
    page.get_by_label(address).fill("Storgatan 1")
    continue_(page)
    expect_error(page, "Du kan inte dela kärl med dig själv. Ange din grannes kundnummer")
    page.get_by_label(number).fill("100003")
    page.get_by_label(address).fill("Storgatan 5")
    continue_(page)
    expect(page.get_by_role("alert")).to_contain_text("samma hämtningsintervall")
    page.get_by_label(number).fill("100002")
    page.get_by_label(address).fill("Storgatan 3")
    continue_(page)
    when_and_contact(page)
    case = send(page, app)
    expect(page.get_by_text("Vi har skickat en länk till din granne")).to_be_visible()
    [link] = [n for n in outbox(app, case.reference) if n.recipient == "+46701740002"]
    url = re.search(r"https?://\S+/share/\S+", link.body).group(0)

    neighbour = browser.new_context(base_url=live_server.url).new_page()
    neighbour.goto(url)
    expect(neighbour.get_by_role("heading", level=1)).to_have_text("Dela kärl med din granne?")
    expect(neighbour.get_by_text("Hushållet på Storgatan 1")).to_be_visible()
    assert_accessible(neighbour)
    neighbour.get_by_role("button", name="Ja, jag delar mitt kärl").click()
    expect(neighbour.get_by_text("Tack. Du har bekräftat det delade kärlet.")).to_be_visible()
    assert_accessible(neighbour)
    with app.app_context():
        assert db.session.get(ChangeRequest, case.id).neighbour_status == "confirmed"


def test_pause_and_cancel_at_a_holiday_home(app, page, register, add_subscription):
    identify(page, "100004", "Sjöviken 1:8")
    choose(page, "Göra uppehåll i hämtningen vid mitt fritidshus")
    assert_accessible(page)
    fill_date(page, "start", "1", "12", "2026")
    fill_date(page, "end", "10", "12", "2026")
    continue_(page)
    expect_error(page, "Uppehållet kan börja 11 december 2026 som tidigast")
    fill_date(page, "start", "4", "1", "2027")
    fill_date(page, "end", "30", "4", "2027")
    continue_(page)
    contact(page, "070-174 00 04")
    case = send(page, app)
    assert case.proposed_plan["pause"] == {"start": "2027-01-04", "end": "2027-04-30"}
    assert str(case.effective_date) == "2027-01-04"

    with app.app_context():  # a holiday home already paused for the winter
        from datetime import date

        add_subscription("100005", "Sjöviken 1:9", "Sjövägen 10", holiday_home=True,
                         pause=(date(2026, 10, 1), date(2027, 4, 30)))
    identify(page, "100005", "Sjövägen 10")
    expect(page.get_by_text("1 oktober 2026 – 30 april 2027")).to_be_visible()
    choose(page, "Avbryta mitt uppehåll i hämtningen")
    fill_date(page, "effective_date", "1", "2", "2027")
    continue_(page)
    contact(page, "070-174 00 05")
    expect(page.get_by_text("1 oktober 2026 – 31 januari 2027")).to_be_visible()
    case = send(page, app)
    assert case.proposed_plan["pause"] == {"start": "2026-10-01", "end": "2027-01-31"}


def test_in_english_with_a_forbidden_combination(app, page, register):
    page.goto("/language/en?next=/waste-subscription/")
    page.get_by_role("button", name="Start now").click()
    page.get_by_label("Customer number").fill("100004")
    page.get_by_label("Property designation or street address").fill("Sjöviken 1:8")
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Share a bin with a neighbour").check()
    page.get_by_label("Pause collection at my holiday home").check()
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_title(re.compile("^Error: "))
    expect(page.get_by_role("alert")).to_contain_text("in the same request")
    assert_accessible(page)
    page.get_by_label("Pause collection at my holiday home").uncheck()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Your neighbour's customer number").fill("100002")
    page.get_by_label("Your neighbour's street address").fill("Storgatan 3")
    page.get_by_role("button", name="Continue").click()
    page.locator("#effective_date-day").fill("14")
    page.locator("#effective_date-month").fill("12")
    page.locator("#effective_date-year").fill("2026")
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("E-mail address (optional)").fill("sommar@example.se")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check your answers before sending your request")
    assert_accessible(page)
    page.get_by_role("button", name="Send request").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your request has been sent")
    assert_accessible(page)
    reference = page.locator(".panel__reference").inner_text()
    [receipt] = [n for n in outbox(app, reference) if n.recipient == "sommar@example.se"]
    assert receipt.language == "en" and "We have received your request" in receipt.body
