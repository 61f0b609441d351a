"""The journey definition's shape: what a file must look like to be loaded at all."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from pydantic import ValidationError

from eservices.journeys.schema import (
    QUESTION_TYPES,
    AllOf,
    AnswerIs,
    JourneyDefinition,
    NotThis,
    Question,
    json_schema,
)

from ._definitions import bin_problem, texts


def test_a_designers_journey_loads_and_survives_a_json_round_trip():
    definition = JourneyDefinition.model_validate(bin_problem())
    assert definition.module_id == "bin_problem"
    assert [page.key for page in definition.questions()] == ["problem", "since", "contact",
                                                             "mobile"]
    stored = json.loads(json.dumps(definition.model_dump(mode="json", by_alias=True)))
    assert JourneyDefinition.model_validate(stored) == definition


@pytest.mark.parametrize("change", [
    {"slug": "Bin Problem"},  # not a URL segment
    {"slug": "-bin"},
    {"reference_prefix": "bin"},
    {"schema_version": 2},
    {"unknown_key": 1},  # a misspelt key must not vanish silently
    {"pages": [{"key": "Problem", "question": {"type": "short_text", "label": texts("a", "b")}}]},
    {"pages": [{"key": "a", "question": {"type": "essay", "label": texts("a", "b")}}]},
    {"pages": [{"key": "a", "kind": "question"}]},  # a question page without its question
    {"pages": [{"key": "a", "kind": "content", "question": {"type": "short_text",
                                                            "label": texts("a", "b")}}]},
    {"pages": [{"key": "a", "question": {"type": "short_text", "label": texts("a", "b"),
                                         "max_length": 0}}]},
    {"pages": [{"key": "a", "question": {"type": "short_text", "label": texts("a", "b"),
                                         "autocomplete": "favourite-colour"}}]},
    {"pages": [{"key": "a", "question": {"type": "number", "label": texts("a", "b"),
                                         "minimum": 5, "maximum": 1}}]},
    {"pages": [{"key": "a", "question": {"type": "short_text", "label": texts("a", "b"),
                                         "options": [{"value": "x", "label": texts("x", "x")}]}}]},
    {"pages": [{"key": "a", "question": {"type": "one_choice", "label": texts("a", "b"),
                                         "options": [{"value": "x", "label": texts("x", "x")},
                                                     {"value": "x", "label": texts("y", "y")}]}}]},
    {"privacy": {"retention_days": 0}},
    {"submissions": {"team_email": "not an address"}},
    {"name": {"Svenska": "namn"}},  # not a language code
])
def test_shapes_that_cannot_be_loaded_are_refused(change):
    with pytest.raises(ValidationError):
        JourneyDefinition.model_validate(bin_problem(**change))


@pytest.mark.parametrize(("op", "value"), [
    ("is", 3), ("is", None), ("is_one_of", "broken"), ("is_one_of", []), ("contains", ["Bad Key"]),
    ("at_least", "3"), ("at_least", True), ("before", 3), ("before", "not a date"),
    ("answered", "yes"),
])
def test_a_comparison_takes_the_kind_of_value_its_operator_needs(op, value):
    with pytest.raises(ValidationError):
        AnswerIs.model_validate({"question": "x", "op": op, "value": value})


def test_conditions_nest_and_dates_come_back_as_dates():
    condition = AllOf.model_validate({"all": [
        {"question": "since", "op": "before", "value": "2026-01-31"},
        {"not": {"question": "problem", "op": "is_one_of", "value": ["missed", "lost"]}}]})
    first, second = condition.all
    assert first.value == dt.date(2026, 1, 31)
    assert isinstance(second, NotThis) and second.not_.value == ("missed", "lost")
    assert AllOf.model_validate(condition.model_dump(mode="json", by_alias=True)) == condition


def test_personal_data_and_autocomplete_follow_the_type():
    mobile = Question(type="mobile", label=texts("Mobil", "Mobile"))
    assert mobile.is_personal and mobile.autocomplete_token == "tel"
    colour = Question(type="short_text", label=texts("Färg", "Colour"))
    assert not colour.is_personal and colour.autocomplete_token is None
    assert colour.text_limit == 200
    assert Question(type="long_text", label=texts("a", "b")).text_limit == 2000


def test_the_published_json_schema_describes_every_question_type():
    schema = json_schema()
    assert schema["title"] == "Tjänsteslussen journey definition"
    assert set(QUESTION_TYPES) <= set(json.dumps(schema).replace('"', " ").split())
    assert "not" in json.dumps(schema["$defs"]["NotThis"])


def test_replace_validates_again():
    definition = JourneyDefinition.model_validate(bin_problem())
    assert definition.replace(slug="other-bin").slug == "other-bin"
    with pytest.raises(ValidationError):
        definition.replace(slug="Other Bin")
