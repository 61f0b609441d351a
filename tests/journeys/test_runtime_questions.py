"""Every question type of a built journey: its validation and its errors in Swedish and English."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from ._definitions import texts
from ._runtime import answer, errors_of, post, publish, start

TODAY = date.today()


def q(key, kind, **settings):
    return {"key": key, "question": {"type": kind, "label": texts(f"Fråga {key}",
                                                                  f"Question {key}"),
                                     **settings}}


def options(*values):
    return [{"value": v, "label": texts(f"Svar {v}", f"Answer {v}")} for v in values]


PAGES = [
    q("short", "short_text", max_length=5),
    q("long", "long_text", max_length=10),
    q("count", "number", minimum=1, maximum=10),
    q("when", "date", date_rule="past", earliest="2000-01-01"),
    q("one", "one_choice", options=options("a", "b")),
    q("many", "several_choices", options=options("a", "b"),
      none_option=texts("Inget av dessa", "None of these")),
    q("agree", "yes_no"),
    q("email", "email"),
    q("mobile", "mobile"),
    q("pnr", "personal_number"),
    q("postal", "postal_code"),
    q("street", "address"),
    q("who", "name"),
    q("consent", "consent"),
    q("extra", "short_text", required=False),
]


def every_type():
    return {"slug": "all-types", "name": texts("Alla typer", "All types"),
            "summary": texts("Prov.", "A test."), "owner": "Team test <t@example.se>",
            "confirmation": {"next_steps": texts("Inget.", "Nothing.")},
            "pages": PAGES, "privacy": {"controller": texts("Kommunen", "The municipality"),
                                        "purpose": texts("Test.", "Test.")}}


@pytest.fixture
def resident(app, client):
    publish(app, every_type())
    start(client, "all-types")
    return client


def url(key):
    return f"/all-types/{key.replace('_', '-')}"


VALID = [
    ("short", {"short": "kort"}), ("long", {"long": "lång"}), ("count", {"count": "1 0"}),
    ("when", {"when-day": "5", "when-month": "5", "when-year": "2020"}),
    ("one", {"one": "b"}), ("many", {"many": ["_none"]}), ("agree", {"agree": "no"}),
    ("email", {"email": "Anna@Example.se"}), ("mobile", {"mobile": "070 123 45 67"}),
    ("pnr", {"pnr": "8112189876"}), ("postal", {"postal": "93185"}),
    ("street", {"street": "Storgatan 1"}), ("who", {"who": "  Anna   Svensson "}),
    ("consent", {"consent": "y"}), ("extra", {}),
]


CASES = [  # page, posted, Swedish error, English error
    ("short", {}, "Skriv ett svar", "Enter an answer"),
    ("short", {"short": "sexbok"}, "Svaret får vara högst 5 tecken",
     "The answer must be 5 characters or fewer"),
    ("long", {"long": "x" * 11}, "Svaret får vara högst 10 tecken",
     "The answer must be 10 characters or fewer"),
    ("count", {}, "Skriv ett tal", "Enter a number"),
    ("count", {"count": "2,5"}, "Skriv ett heltal, till exempel 12",
     "Enter a whole number, like 12"),
    ("count", {"count": "11"}, "Skriv ett tal mellan 1 och 10",
     "Enter a number between 1 and 10"),
    ("when", {}, "Skriv ett datum", "Enter a date"),
    ("when", {"when-day": "31", "when-month": "2", "when-year": "2020"},
     "Datumet måste vara ett riktigt datum, till exempel 27 11 2026",
     "The date must be a real date, like 27 11 2026"),
    ("when", {"when-day": str((TODAY + timedelta(days=2)).day),
              "when-month": str((TODAY + timedelta(days=2)).month),
              "when-year": str((TODAY + timedelta(days=2)).year)},
     "Datumet måste vara i dag eller tidigare", "The date must be today or in the past"),
    ("when", {"when-day": "1", "when-month": "1", "when-year": "1999"},
     "Datumet måste vara 1 januari 2000 eller senare",
     "The date must be the same as or after 1 January 2000"),
    ("one", {}, "Välj ett alternativ", "Select an option"),
    ("one", {"one": "tampered"}, "Välj ett alternativ", "Select an option"),
    ("many", {}, "Välj minst ett alternativ", "Select at least one option"),
    ("many", {"many": ["a", "_none"]},
     "Välj de alternativ som stämmer, eller bara ”Inget av dessa”",
     "Select the options that apply, or only “None of these”"),
    ("agree", {}, "Välj ja eller nej", "Select yes or no"),
    ("email", {}, "Skriv en e-postadress", "Enter an email address"),
    ("mobile", {"mobile": "0910-12345"}, None, None),
    ("pnr", {"pnr": "19811218-9875"}, None, None),
    ("postal", {"postal": "012 34"}, None, None),
    ("street", {}, "Skriv en adress", "Enter an address"),
    ("who", {"who": "http://x.se"}, None, None),
    ("consent", {}, "Kryssa i rutan för att bekräfta", "Select the box to confirm"),
]


@pytest.mark.parametrize(("key", "posted", "swedish", "english"), CASES)
def test_each_type_refuses_what_it_must_in_both_languages(resident, key, posted, swedish,
                                                          english):
    for earlier, data in VALID[:[k for k, _d in VALID].index(key)]:
        answer(resident, url(earlier), data)
    html = answer(resident, url(key), posted).get_data(as_text=True)
    [error] = errors_of(html)
    if swedish is not None:
        assert error == swedish
    resident.get("/language/en")
    [error_en] = errors_of(answer(resident, url(key), posted).get_data(as_text=True))
    if english is not None:
        assert error_en == english
    assert error_en != error  # the platform validators' own messages are translated too



def test_valid_answers_reach_check_answers_as_the_resident_reads_them(resident):
    for key, posted in VALID:
        response = answer(resident, url(key), posted)
        assert response.status_code == 302, (key, errors_of(response.get_data(as_text=True)))
    html = resident.get("/all-types/check-answers").get_data(as_text=True)
    for shown in ("kort", "10", "5 maj 2020", "Svar b", "Inget av dessa", "Nej",
                  "+46701234567", "19811218-9876", "931 85", "Storgatan 1", "Anna Svensson",
                  "Anna@example.se", "Inget angivet"):
        assert f'<dd class="summary-list__value">{shown}</dd>' in html, shown


def test_inputs_carry_their_purpose(resident):
    for key, posted in VALID[:7]:
        answer(resident, url(key), posted)
    assert 'autocomplete="email"' in resident.get(url("email")).get_data(as_text=True)
    answer(resident, url("email"), dict(VALID[7][1]))
    assert 'type="tel"' in resident.get(url("mobile")).get_data(as_text=True)


def test_an_optional_question_says_so_and_may_stay_empty(app, client):
    publish(app, {**every_type(), "pages": [PAGES[-1]]})
    first = start(client, "all-types")
    assert "(valfritt)" in client.get(first).get_data(as_text=True)
    assert post(client, first, {}).headers["Location"].endswith("/check-answers")
