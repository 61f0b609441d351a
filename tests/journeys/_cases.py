"""A small built journey with cases in it, for the back-office tests."""

from __future__ import annotations

from typing import Any

from eservices.db import db
from eservices.journeys import store, submissions
from eservices.journeys.schema import JourneyDefinition

SLUG = "bench-repair"


def texts(sv: str, en: str) -> dict[str, str]:
    return {"sv": sv, "en": en}


def definition(**changes: Any) -> JourneyDefinition:
    """Two questions (what is wrong, a mobile number) and an SMS receipt to the number."""
    data: dict[str, Any] = {
        "slug": SLUG,
        "name": texts("Laga en parkbänk", "Repair a park bench"),
        "summary": texts("Säg till om en bänk är trasig.", "Tell us about a broken bench."),
        "owner": "Team park <park@example.se>",
        "reference_prefix": "BEN",
        "pages": [
            {"key": "problem", "question": {
                "type": "short_text", "label": texts("Vad är fel?", "What is wrong?"),
                "summary_label": texts("Fel", "Problem")}},
            {"key": "mobile", "question": {
                "type": "mobile", "label": texts("Mobilnummer", "Mobile number")}},
        ],
        "confirmation": {"next_steps": texts("Vi lagar bänken.", "We will repair it.")},
        "receipts": [{"channel": "sms", "to": "mobile",
                      "text": texts("Tack! Ärende {reference}.", "Thanks! Case {reference}.")}],
        "privacy": {"controller": texts("Skellefteå kommun", "Skellefteå municipality"),
                    "purpose": texts("Att laga bänken.", "To repair the bench."),
                    "retention_days": 30},
    }
    data.update(changes)
    return JourneyDefinition.model_validate(data)


def publish(app, **changes: Any) -> None:
    """Create the journey and publish version 1 as a prototype."""
    with app.test_request_context():
        record = store.create(definition(**changes), by="dana")
        store.publish(record, "Första versionen", by="dana")
        db.session.commit()


def submit(app, reference: str, problem: str = "Trasig sits", mobile: str = "+46701234567",
           language: str = "sv", version: int = 1, module_id: str = "bench_repair") -> None:
    labels = {"sv": ("Fel", "Mobilnummer"), "en": ("Problem", "Mobile number")}[language]
    rows = [{"key": "problem", "label": labels[0], "value": problem},
            {"key": "mobile", "label": labels[1], "value": mobile}]
    with app.app_context():
        submissions.record_submission(
            module_id=module_id, version_number=version, reference=reference,
            language=language, rows=rows, values={"problem": problem, "mobile": mobile},
            retention_days=30)
        db.session.commit()
