"""Journey definitions the journey tests share, built as a designer would build them."""

from __future__ import annotations

from typing import Any

SV_EN = ("sv", "en")


def texts(sv: str, en: str) -> dict[str, str]:
    return {"sv": sv, "en": en}


def bin_problem(**changes: Any) -> dict[str, Any]:
    """A five-page journey with a branch and an exit page (as JSON, like the editor stores it)."""
    data: dict[str, Any] = {
        "slug": "bin-problem",
        "name": texts("Anmäl problem med kärlet", "Report a problem with your bin"),
        "summary": texts("Säg till om kärlet är trasigt.", "Tell us if your bin is broken."),
        "owner": "Team avfall <avfall@example.se>",
        "category": "waste",
        "reference_prefix": "BIN",
        "pages": [
            {"key": "problem", "question": {
                "type": "one_choice", "label": texts("Vad är problemet?", "What is the problem?"),
                "options": [
                    {"value": "broken", "label": texts("Kärlet är trasigt", "The bin is broken")},
                    {"value": "missed", "label": texts("Kärlet tömdes inte",
                                                       "The bin was not emptied")}]}},
            {"key": "call_us", "kind": "exit", "title": texts("Ring oss", "Call us"),
             "body": texts("Ring kundtjänst.", "Call customer service."),
             "condition": {"question": "problem", "op": "is", "value": "missed"}},
            {"key": "since", "question": {
                "type": "date", "label": texts("När gick det sönder?", "When did it break?"),
                "date_rule": "past"}},
            {"key": "contact", "question": {
                "type": "yes_no", "label": texts("Får vi kontakta dig?", "May we contact you?")}},
            {"key": "mobile", "question": {
                "type": "mobile", "label": texts("Mobilnummer", "Mobile number")},
             "condition": {"question": "contact", "op": "is", "value": "yes"}},
        ],
        "confirmation": {"next_steps": texts("Vi lagar kärlet.", "We will repair the bin.")},
        "receipts": [{"channel": "sms", "to": "mobile",
                      "text": texts("Tack! Ärende {reference}.", "Thanks! Case {reference}.")}],
        "privacy": {"controller": texts("Skellefteå kommun", "Skellefteå municipality"),
                    "purpose": texts("Att laga kärlet.", "To repair the bin.")},
    }
    data.update(changes)
    return data
