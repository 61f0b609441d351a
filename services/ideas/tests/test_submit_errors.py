"""Every question page refuses bad input with a clear Swedish error and keeps what was typed."""

from __future__ import annotations

import pytest

from .submit_helpers import BASE, RESIDENT, ideas, post, walk

# (page, what is posted, the error that must be shown)
EMPTY = [
    ("who", {}, "Välj om du arbetar i kommunen"),
    ("title", {"title": "   "}, "Skriv en rubrik för din idé"),
    ("problem", {"problem": ""}, "Beskriv problemet eller behovet du har sett"),
    ("proposal", {"proposal": "\n\n"}, "Beskriv din idé"),
    ("beneficiaries", {"beneficiaries": ""}, "Beskriv vem som skulle ha nytta av idén"),
    ("department", {}, "Välj vad idén gäller"),
    ("department", {"department": "hittepa"}, "Välj vad idén gäller"),
    ("take-part", {"take_part": "kanske"}, "Välj om du vill vara med"),
]
TOO_LONG = [
    ("title", {"title": "x" * 201}, "Rubriken får vara högst 200 tecken"),
    ("problem", {"problem": "x" * 5001}, "Problemet får vara högst 5000 tecken"),
    ("proposal", {"proposal": "x" * 5001}, "Idén får vara högst 5000 tecken"),
    ("beneficiaries", {"beneficiaries": "x" * 2001}, "högst 2000 tecken"),
]


def _reach(client, slug):
    return walk(client, until=slug)


@pytest.mark.parametrize(("slug", "data", "error"), EMPTY + TOO_LONG)
def test_bad_answers_are_explained_and_nothing_moves_on(app, client, slug, data, error):
    url = _reach(client, slug)
    response = post(client, url, data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<title>Fel:" in html and "Det finns ett problem" in html and error in html
    assert ideas(app) == []


def test_what_was_typed_is_kept_after_an_error(client):
    url = _reach(client, "title")
    html = post(client, url, {"title": "Å" * 205}).get_data(as_text=True)
    assert 'value="' + "Å" * 205 + '"' in html


def test_control_characters_are_removed_not_a_crash(app, client):
    url = _reach(client, "title")
    response = post(client, url, {"title": "Cykel\x00ställ\x07 vid\r\nstationen"})
    assert response.status_code == 302
    walk(client, {**RESIDENT, "title": {"title": "Cykel\x00ställ vid\nstationen"}})
    from .submit_helpers import send

    send(client)
    assert ideas(app)[0].title == "Cykelställ vid stationen"


def test_only_control_characters_is_an_empty_answer(client):
    url = _reach(client, "problem")
    html = post(client, url, {"problem": "\x00\x01\x02"}).get_data(as_text=True)
    assert "Beskriv problemet eller behovet du har sett" in html


def test_contact_details_are_checked(client):
    url = _reach(client, "contact")
    html = post(client, url, {"email": "inte-en-adress", "phone": "08-123 456 78"}
                ).get_data(as_text=True)
    assert "<title>Fel:" in html and "mobilnummer" in html.lower()
    assert 'value="inte-en-adress"' in html


def test_an_employee_needs_a_work_address_of_the_municipality(client):
    from .submit_helpers import EMPLOYEE

    url = walk(client, EMPLOYEE, until="work-email")
    html = post(client, url, {"name": "Kim Lind", "email": "kim@gmail.com"}
                ).get_data(as_text=True)
    assert "Skriv en e-postadress i kommunen, som namn@exempelkommun.se" in html
    html = post(client, url, {"name": "", "email": ""}).get_data(as_text=True)
    assert "Skriv ditt namn" in html and "Skriv din e-postadress på jobbet" in html
    assert post(client, url, {"name": "Kim Lind", "email": "Kim.Lind@Exempelkommun.se"}
                ).location.endswith("/check")


def test_the_domains_are_a_setting(make_app):
    from .submit_helpers import EMPLOYEE

    app = make_app(environ={"IDEAS_EMPLOYEE_EMAIL_DOMAINS": "pitea.se, skelleftea.se"})
    client = app.test_client()
    url = walk(client, EMPLOYEE, until="work-email")
    assert "namn@pitea.se" in post(client, url, EMPLOYEE["work-email"]).get_data(as_text=True)
    assert post(client, url, {"name": "Kim", "email": "kim@skelleftea.se"}).status_code == 302


def test_an_unknown_page_is_404(client):
    assert client.get(f"{BASE}/nothing-here").status_code == 404


def test_english_errors(client):
    client.get("/language/en")
    url = _reach(client, "title")
    html = post(client, url, {"title": ""}).get_data(as_text=True)
    assert "<title>Error:" in html and "Enter a title for your idea" in html
