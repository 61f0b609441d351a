"""The integrity checks: what keeps a well-shaped definition from being published."""

from __future__ import annotations

import pytest

from eservices.journeys import integrity
from eservices.journeys.schema import JourneyDefinition

from ._definitions import SV_EN, bin_problem, texts


def problems(app, data, languages=SV_EN, segments=3):
    with app.test_request_context("/?lang=en"):
        return integrity.check(JourneyDefinition.model_validate(data), languages, segments)


def test_the_shared_journey_is_publishable(app):
    assert problems(app, bin_problem()) == []


def test_every_missing_language_is_listed_with_its_field(app):
    data = bin_problem(name={"sv": "Anmäl problem"})
    data["pages"][0]["question"]["options"][1]["label"] = {"sv": "Tömdes inte"}
    found = problems(app, data)
    assert [(p.page, p.field) for p in found] == [(None, "name-en"), ("problem", "options-en")]
    assert found[0].message == "The service's name is missing in English"
    assert found[0].anchor == "name-en" and found[1].anchor == "page-problem-options-en"


def test_languages_come_from_the_site_not_from_the_code(app):
    found = problems(app, bin_problem(), languages=("sv", "en", "fi"))
    assert found and all(p.message.endswith("missing in Finnish") for p in found)


def test_duplicate_keys_and_empty_pages(app):
    data = bin_problem()
    data["pages"].append({"key": "since", "question": {"type": "short_text",
                                                       "label": texts("Igen", "Again")}})
    data["pages"].append({"key": "info", "kind": "content", "title": texts("Info", "Info")})
    messages = [p.message for p in problems(app, data)]
    assert "Two pages have the key “since”; each needs its own" in messages
    assert "The page has no text" in messages


def test_no_question_pages_and_a_first_exit_page_for_everyone(app):
    data = bin_problem(pages=[{"key": "closed", "kind": "exit", "title": texts("Stängt", "Closed"),
                               "body": texts("Tjänsten är stängd.", "The service is closed.")}],
                       receipts=[])
    messages = [p.message for p in problems(app, data)]
    assert "The journey has no question pages yet" in messages
    assert any(m.startswith("The first page is an exit page") for m in messages)


def test_a_condition_on_a_removed_question(app):
    data = bin_problem()
    del data["pages"][3]  # "contact", which the mobile page's condition asks about
    found = problems(app, data)
    assert [(p.page, p.field) for p in found] == [("mobile", "condition")]
    assert "does not exist" in found[0].message


def test_choice_questions_need_two_options(app):
    data = bin_problem()
    data["pages"][0]["question"]["options"] = data["pages"][0]["question"]["options"][:1]
    data["pages"][1]["condition"] = {"question": "problem", "op": "is", "value": "broken"}
    assert [p.message for p in problems(app, data)] == ["Give at least two options"]


@pytest.mark.parametrize(("receipt", "expected"), [
    ({"channel": "sms", "to": "since", "text": texts("Tack", "Thanks")},
     "which is not a question for a mobile number"),
    ({"channel": "email", "to": "mobile", "text": texts("Tack", "Thanks"),
      "subject": texts("Tack", "Thanks")}, "which is not a question for a mobile number"),
    ({"channel": "sms", "to": "mobile", "text": texts("Tack {name}", "Thanks {name}")},
     "uses the placeholder {name}, but no question has that key"),
    ({"channel": "sms", "to": "mobile", "text": texts("Tack {", "Thanks")},
     "uses the placeholder {{}"),
])
def test_receipts_must_reach_an_answer_and_fill_their_placeholders(app, receipt, expected):
    messages = [p.message for p in problems(app, bin_problem(receipts=[receipt]))]
    assert any(expected in m for m in messages), messages


def test_an_email_receipt_needs_its_subject(app):
    data = bin_problem()
    data["pages"][4]["question"]["type"] = "email"
    data["receipts"] = [{"channel": "email", "to": "mobile", "text": texts("Tack", "Thanks")}]
    messages = [p.message for p in problems(app, data)]
    assert messages == ["The subject of receipt 1 is missing in Swedish",
                        "The subject of receipt 1 is missing in English"]


def test_an_sms_longer_than_the_limit_is_a_problem(app):
    long_text = "Tack för din anmälan om {problem}. " * 5 + "Ärende {reference}."
    data = bin_problem(receipts=[{"channel": "sms", "to": "mobile",
                                  "text": texts(long_text, "Case {reference}.")}])
    (found,) = problems(app, data, segments=1)
    assert found.message == "The SMS in Swedish takes 2 messages; at most 1 are allowed"
    assert problems(app, data, segments=3) == []


def test_the_sms_is_measured_with_long_sample_answers(app):
    definition = JourneyDefinition.model_validate(bin_problem())
    with app.test_request_context("/"):
        sample = integrity.sample_text(definition, "{reference} {problem} {since} {x}", "sv")
    assert sample == (f"{integrity.SAMPLE_REFERENCE} Kärlet tömdes inte "
                      f"{'x' * integrity.SAMPLE_ANSWER_LENGTH} {{x}}")


@pytest.mark.parametrize("key", ["check_answers", "confirmation", "begin"])
def test_keys_the_resident_pages_use_themselves_are_refused(app, key):
    data = bin_problem()
    data["pages"].append({"key": key, "question": {"type": "short_text",
                                                   "label": texts("Fråga", "Question")}})
    (found,) = problems(app, data)
    assert (found.page, found.field) == (key, "key") and "choose another" in found.message
