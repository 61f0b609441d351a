"""Conditions as data: the interpreter, the refusals, the sentence."""

from __future__ import annotations

import datetime as dt

import pytest

from eservices.journeys import conditions
from eservices.journeys.schema import AllOf, AnswerIs, AnyOf, JourneyDefinition, NotThis

from ._definitions import bin_problem, texts


def leaf(question, op, value=None):
    return AnswerIs.model_validate({"question": question, "op": op, "value": value})


@pytest.mark.parametrize(("condition", "answers", "holds"), [
    (leaf("bin", "is", "food"), {"bin": "food"}, True),
    (leaf("bin", "is", "food"), {"bin": "rest"}, False),
    (leaf("bin", "is", "food"), {}, False),  # unanswered never opens a branch
    (leaf("bin", "is_not", "food"), {"bin": "rest"}, True),
    (leaf("bin", "is_not", "food"), {}, False),
    (leaf("bin", "is_one_of", ["food", "rest"]), {"bin": "rest"}, True),
    (leaf("bin", "is_one_of", ["food", "rest"]), {"bin": "glass"}, False),
    (leaf("bins", "contains", ["food"]), {"bins": ["rest", "food"]}, True),
    (leaf("bins", "contains", ["food", "glass"]), {"bins": ["rest"]}, False),
    (leaf("bins", "is", "food"), {"bins": ["food", "rest"]}, False),  # "is" means exactly
    (leaf("bins", "answered"), {"bins": []}, False),
    (leaf("note", "answered"), {"note": "x"}, True),
    (leaf("note", "not_answered"), {"note": ""}, True),
    (leaf("note", "not_answered"), {}, True),
    (leaf("consent", "answered"), {"consent": False}, False),
    (leaf("people", "at_least", 3), {"people": 3}, True),
    (leaf("people", "at_least", 3), {"people": 2}, False),
    (leaf("people", "at_most", 3), {"people": 0}, True),  # 0 is an answer
    (leaf("people", "at_least", 1), {"people": True}, False),  # a boolean is no number
    (leaf("people", "at_least", 1), {"people": "5"}, False),
    (leaf("since", "before", "2026-01-01"), {"since": dt.date(2025, 12, 31)}, True),
    (leaf("since", "before", "2026-01-01"), {"since": dt.date(2026, 1, 1)}, False),
    (leaf("since", "after", "2026-01-01"), {"since": dt.date(2026, 1, 2)}, True),
    (leaf("since", "after", "2026-01-01"), {"since": "2026-01-02"}, False),  # text is no date
])
def test_each_operator(condition, answers, holds):
    assert conditions.evaluate(condition, answers.get) is holds


def test_all_any_not_combine():
    food = leaf("bin", "is", "food")
    many = leaf("people", "at_least", 4)
    both = AllOf(all=(food, many))
    either = AnyOf(any=(food, many))
    neither = NotThis.model_validate({"not": either.model_dump(mode="json")})
    assert conditions.evaluate(both, {"bin": "food", "people": 4}.get)
    assert not conditions.evaluate(both, {"bin": "food", "people": 1}.get)
    assert conditions.evaluate(either, {"bin": "rest", "people": 9}.get)
    assert conditions.evaluate(neither, {"bin": "rest", "people": 1}.get)
    assert conditions.evaluate(None, {}.get)
    assert conditions.referenced(neither) == {"bin", "people"}


def test_the_interpreter_never_calls_anything_but_the_lookup():
    asked = []

    def answer(key):
        asked.append(key)
        return None

    conditions.evaluate(AllOf(all=(leaf("a", "answered"), leaf("b", "is", "x"))), answer)
    assert asked == ["a"]  # all() stops at the first false part; nothing else is read


def definition_with(condition_on_since=None, condition_on_problem=None):
    data = bin_problem()
    if condition_on_problem is not None:
        data["pages"][0]["condition"] = condition_on_problem
    if condition_on_since is not None:
        data["pages"][2]["condition"] = condition_on_since
    return JourneyDefinition.model_validate(data)


def test_refused_a_condition_on_a_later_question(app):
    definition = definition_with(condition_on_problem={"question": "contact", "op": "is",
                                                       "value": "yes"})
    with app.test_request_context("/?lang=en"):
        (message,) = conditions.problems(definition, 0)
    assert "comes at or after this page" in message


def test_refused_a_condition_on_its_own_page(app):
    definition = definition_with(condition_on_problem={"question": "problem", "op": "is",
                                                       "value": "broken"})
    with app.test_request_context("/?lang=en"):
        assert conditions.problems(definition, 0)


@pytest.mark.parametrize(("condition", "expected"), [
    ({"question": "gone", "op": "answered"}, "does not exist"),
    ({"question": "problem", "op": "is", "value": "stolen"}, "does not offer"),
    ({"question": "problem", "op": "contains", "value": ["broken"]}, "cannot be compared"),
    ({"question": "problem", "op": "at_least", "value": 2}, "cannot be compared"),
    ({"any": [{"question": "problem", "op": "is", "value": "broken"},
              {"question": "problem", "op": "is_one_of", "value": ["broken", "lost"]}]},
     "“lost”"),
])
def test_refused_conditions(app, condition, expected):
    definition = definition_with(condition_on_since=condition)
    with app.test_request_context("/?lang=en"):
        found = conditions.problems(definition, 2)
    assert len(found) == 1 and expected in found[0]


def test_yes_no_offers_yes_and_no(app):
    definition = definition_with()
    with app.test_request_context("/?lang=en"):
        assert conditions.problems(definition, 4) == []  # mobile: contact is "yes"
        refused = conditions.problems(
            definition, 4, leaf("contact", "is", "maybe"))
    assert refused


def test_a_condition_reads_as_a_sentence_in_each_language(app):
    definition = definition_with()
    mobile = definition.pages[4].condition
    exit_page = definition.pages[1].condition
    combined = AllOf(all=(exit_page, NotThis.model_validate(
        {"not": {"question": "since", "op": "after", "value": "2026-02-01"}})))
    with app.test_request_context("/?lang=en"):
        assert conditions.describe(mobile, definition.pages, "en") == \
            "the answer to “May we contact you?” is “Yes”"
        assert conditions.describe(combined, definition.pages, "en") == (
            "the answer to “What is the problem?” is “The bin was not emptied” and it is not "
            "so that the answer to “When did it break?” is after 2026-02-01")
        assert conditions.describe(None, definition.pages, "en") == "Always shown"
    with app.test_request_context("/?lang=sv"):
        sentence = conditions.describe(exit_page, definition.pages, "sv")
    assert "Vad är problemet?" in sentence and "Kärlet tömdes inte" in sentence


def test_operators_fit_the_types():
    assert "contains" in conditions.operators_for("several_choices")
    assert conditions.operators_for("short_text") == ("answered", "not_answered")
    assert "before" in conditions.operators_for("date")
    assert texts  # the shared helpers are importable
