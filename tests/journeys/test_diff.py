"""diff.changes: what changed between two definitions, one sentence per change."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from eservices.journeys.diff import changes
from eservices.journeys.schema import JourneyDefinition

from ._definitions import bin_problem, texts


@pytest.fixture(autouse=True)
def _context(app):
    with app.test_request_context():
        yield


def define(edit=None) -> JourneyDefinition:
    data: dict[str, Any] = copy.deepcopy(bin_problem())
    if edit is not None:
        edit(data)
    return JourneyDefinition.model_validate(data)


def said(edit, language: str = "en") -> list[str]:
    return changes(define(), define(edit), language)


def test_equal_definitions_have_no_changes_and_a_first_version_one_line():
    assert changes(define(), define(), "en") == []
    assert changes(None, define(), "en") == ["The first version of the journey"]


def test_journey_texts_quote_the_readers_language_or_name_the_others():
    def rename(data):
        data["name"] = texts("Anmäl kärlproblem", "Report a bin problem")
    assert said(rename) == ["The service's name changed from “Report a problem with your "
                            "bin” to “Report a bin problem”"]

    def swedish_only(data):
        data["summary"] = texts("Ny sammanfattning.", "Tell us if your bin is broken.")
    assert said(swedish_only) == ["The summary changed in Svenska"]

    def settings(data):
        data["owner"], data["reference_prefix"] = "Team kärl", "KRL"
    assert said(settings) == ["The responsible team changed from Team avfall "
                              "<avfall@example.se> to Team kärl",
                              "The reference prefix changed from BIN to KRL"]


def test_pages_added_removed_and_moved():
    def add(data):
        data["pages"].insert(1, {"key": "address", "question": {
            "type": "short_text", "label": texts("Adress", "Address")}})
    assert said(add) == ["A new page at position 2: page “Address”"]

    def remove(data):
        del data["pages"][2]
    assert said(remove) == ["Removed: page “When did it break?”"]

    def move(data):
        data["pages"].insert(0, data["pages"].pop(2))
    assert said(move) == ["Moved to position 1: page “When did it break?”"]


def test_a_question_s_text_type_required_and_options():
    def label(data):
        data["pages"][2]["question"]["label"] = texts("När?", "When?")
    assert said(label) == ["The question on page “When?” changed from “When did it break?” "
                           "to “When?”"]

    def kind(data):
        data["pages"][2]["question"] = {"type": "short_text", "required": False,
                                        "label": data["pages"][2]["question"]["label"]}
    assert said(kind) == [
        "The answer type of page “When did it break?” changed from date to short text",
        "page “When did it break?” is now optional",
        "The answer rules of page “When did it break?” changed"]

    def options(data):
        question = data["pages"][0]["question"]
        question["options"] = [question["options"][1],
                               {"value": "lid", "label": texts("Locket", "The lid")}]
        question["options"][0]["label"] = texts("Inte tömt", "Not emptied")
    assert said(options) == [
        "The option “The bin was not emptied” on page “What is the problem?” changed from "
        "“The bin was not emptied” to “Not emptied”",
        "A new option on page “What is the problem?”: “The lid”",
        "An option was removed from page “What is the problem?”: “The bin is broken”"]


def test_conditions_are_told_as_sentences():
    def change(data):
        data["pages"][1]["condition"] = {"question": "problem", "op": "is", "value": "broken"}
    assert said(change) == ["page “Call us” is now shown only if the answer to “What is the "
                            "problem?” is “The bin is broken”"]

    def drop(data):
        del data["pages"][4]["condition"]
    assert said(drop) == ["page “Mobile number” is now always shown"]


def test_content_pages_and_the_ending():
    def edit(data):
        data["pages"][1]["kind"] = "content"
        data["pages"][1]["body"] = texts("Ring.", "Phone us.")
        data["check_answers"] = {"declaration": texts("Jag intygar", "I confirm")}
        data["confirmation"]["next_steps"] = texts("Vi ringer.", "We will call.")
    assert said(edit) == [
        "page “Call us” is now a content page",
        "The text of page “Call us” changed from “Call customer service.” to “Phone us.”",
        "The declaration was added: “I confirm”",
        "What happens next changed from “We will repair the bin.” to “We will call.”"]


def test_receipts_added_changed_removed():
    def text(data):
        data["receipts"][0]["text"] = texts("Tack {reference}", "Thank you {reference}")
    assert said(text) == ["The text of SMS receipt 1 changed from “Thanks! Case "
                          "{reference}.” to “Thank you {reference}”"]

    def add(data):
        data["receipts"].append({"channel": "sms", "to": "mobile", "text": texts("a", "b")})
    assert said(add) == ["Added: SMS receipt 2"]

    def remove(data):
        data["receipts"] = []
    assert said(remove) == ["Removed: SMS receipt 1"]


def test_privacy_and_retention():
    def edit(data):
        data["privacy"]["retention_days"] = 90
        data["privacy"]["legal_basis"] = "consent"
        data["privacy"]["purpose"] = texts("Laga.", "To repair.")
    assert said(edit) == [
        "The purpose of the processing changed from “To repair the bin.” to “To repair.”",
        "The legal basis changed from public interest to consent",
        "Submissions are now kept for 90 days instead of 365"]


def test_long_texts_are_cut_and_the_sentences_translated():
    def long(data):
        data["pages"][1]["body"] = texts("Ring oss.", "word " * 40)
    [line] = said(long)
    assert line.endswith("…”") and len(line) < 200
    def retention(data):
        data["privacy"]["retention_days"] = 30
    assert said(retention, "sv") != said(retention, "en")
