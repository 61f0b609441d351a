"""What the resident test (issue 17) found in the waste-subscription journey, in Swedish.

Residents read the service in Swedish by default, so these tests read the Swedish
pages: the wait after too many attempts, one format per kind of value on check
answers, change links that name the answer, titles that match headings, and one
clear error for every 4 weeks without home composting.
"""

from __future__ import annotations

import re

from sqlalchemy import select

from eservices.db import db as tk_db
from eservices.testing import sign_in
from services.waste_subscription.models import CaseEvent, ChangeRequest

from .test_journey import BASE, post


def begin_sv(client, customer="100001", place="Exempelby 3:14"):
    client.get("/language/sv")
    client.get(f"{BASE}/begin")
    return post(client, f"{BASE}/identify", {"customer_number": customer, "place": place})


def test_too_many_attempts_says_how_long_to_wait_in_swedish(client, register):
    for n in range(5):
        begin_sv(client, "100001", f"Fel {n}")
    limited = begin_sv(client, "100001", "Exempelby 3:14")
    html = limited.get_data(as_text=True)
    assert limited.status_code == 429
    assert "Försök igen om 60 minuter." in html or "Försök igen om 1 timme." in html
    assert "Vänta några minuter" not in html



def to_check(client, language="sv"):
    """Anna asks for a 240-litre bin from 15 December and gives 0701234567."""
    client.get(f"/language/{language}")
    client.get(f"{BASE}/begin")
    post(client, f"{BASE}/identify", {"customer_number": "100001", "place": "Exempelby 3:14"})
    post(client, f"{BASE}/subscription", {"changes": ["size"]})
    post(client, f"{BASE}/change/size", {"size": "240"})
    post(client, f"{BASE}/when", {"effective_date-day": "15", "effective_date-month": "12",
                                  "effective_date-year": "2026"})
    post(client, f"{BASE}/contact", {"email": "anna@example.se", "phone": "0701234567"})
    return client.get(f"{BASE}/check").get_data(as_text=True)


def row_values(html):
    return re.findall(r'<dd class="summary-list__value">(.*?)</dd>', html, re.S)


def test_check_answers_writes_dates_and_numbers_as_other_pages_do(client, register):
    values = row_values(to_check(client))
    assert "15 december 2026" in values and "2026-12-15" not in values
    assert "070-123 45 67" in values and "+46701234567" not in values


def test_check_answers_in_english_writes_the_day_first(client, register):
    values = row_values(to_check(client, "en"))
    assert "15 December 2026" in values and "070-123 45 67" in values


def hidden_change_texts(html):
    return re.findall(r'Ändra<span class="visually-hidden"> (.*?)</span>', html)


def test_change_links_name_the_answer_not_the_question(client, register):
    hidden = hidden_change_texts(to_check(client))
    assert "kärlstorlek" in hidden and "datum för ändringen" in hidden
    assert not [text for text in hidden if text.endswith("?")], hidden


def title_and_heading(html):
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    if heading is None:  # a question page whose legend is the heading
        heading = re.search(r'<legend class="fieldset__legend[^"]*">\s*<h1[^>]*>(.*?)</h1>',
                            html, re.S)
    return title, re.sub(r"<[^>]+>", "", heading.group(1)).strip()


def test_page_titles_are_the_heading_then_the_service(client, register):
    to_check(client)
    pages = [("/", None), ("/identify", None), ("/subscription",
                                                 {"changes": ["size", "frequency",
                                                              "home_composting"]}),
             ("/change/size", {"size": "240"}),
             ("/change/home-composting", {"compost_type": "varmkompost", "declaration": "y"}),
             ("/change/frequency", {"frequency": "every_4_weeks"}), ("/when", None),
             ("/contact", None), ("/check", None)]
    for path, answers in pages:
        html = client.get(f"{BASE}{path}").get_data(as_text=True)
        title, heading = title_and_heading(html)
        assert title.startswith(f"{heading} – Ändra ditt sophämtningsabonnemang – "
                                ) or title == f"{heading} – Exempelkommun", (path, title)
        if answers:
            post(client, f"{BASE}{path}", answers)


def error_messages(html):
    summary = re.search(r'<ul class="error-summary__list">(.*?)</ul>', html, re.S)
    return [re.sub(r"<[^>]+>", "", item).strip()
            for item in re.findall(r"<li>(.*?)</li>", summary.group(1), re.S)] if summary else []


def test_every_4_weeks_without_home_composting_is_one_clear_error(client, register):
    begin_sv(client)
    post(client, f"{BASE}/subscription", {"changes": ["frequency"]})
    refused = post(client, f"{BASE}/change/frequency", {"frequency": "every_4_weeks"})
    html = refused.get_data(as_text=True)
    [message] = error_messages(html)  # not also "this combination ... is not offered"
    assert message.startswith("Var 4:e vecka (månadshämtning) går bara om du komposterar")
    assert html.count('class="error-message"') == 1


def test_the_staff_history_is_swedish_and_postal_codes_have_their_space(
        app, create_staff, add_subscription, make_case):
    create_staff("anna", "handlaggare")
    home = add_subscription("100001", "Exempelby 3:14", "Storgatan 1")  # stored as "93131"
    reference = make_case(home, ["size"], {"size": {"restavfall": 240}},
                          bins=(("restavfall", 240), ("matavfall", 140)))
    with app.app_context():
        case = tk_db.session.scalar(select(ChangeRequest).where(
            ChangeRequest.reference == reference))
        case.events.append(CaseEvent(actor="resident", kind="submitted"))
        tk_db.session.commit()
    staff = app.test_client()
    sign_in(staff, "anna")
    staff.get("/language/sv")
    html = staff.get(f"/staff/waste-subscription/{reference}").get_data(as_text=True)
    history = re.search(r'<caption class="table__caption">Historik</caption>(.*?)</table>',
                        html, re.S).group(1)
    assert "<td>Invånaren</td>" in history and "resident" not in history
    assert "Storgatan 1, 931 31 Exempelby" in html and "93131" not in html
