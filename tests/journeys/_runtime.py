"""Helpers of the runtime tests: publish a definition through the store, walk it as a resident."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask

from eservices.db import db
from eservices.journeys import store
from eservices.journeys.schema import JourneyDefinition
from eservices.testing import csrf_token_from

from ._definitions import bin_problem


def publish(app: Flask, data: dict[str, Any] | None = None, stage: str = "prototype",
            note: str = "Första versionen") -> int:
    """Create (or update the draft of) the journey and publish it; the version number."""
    definition = JourneyDefinition.model_validate(data or bin_problem())
    with app.test_request_context():  # problems are worded in a language
        record = store.by_slug(definition.slug)
        if record is None:
            record = store.create(definition, by="dana")
        else:
            store.save_draft(record, definition, by="dana")
        try:
            version = store.publish(record, note, by="dana", stage=stage)
        except store.JourneyRefused as refused:
            raise AssertionError([p.message for p in refused.problems]) from refused
        db.session.commit()
        return version.number


def post(client: Any, url: str, data: dict[str, Any] | None = None, **kwargs: Any) -> Any:
    """POST a page's form with the token of the page as shown."""
    token = csrf_token_from(client.get(url).get_data(as_text=True))
    return client.post(url, data={**(data or {}), "csrf_token": token}, **kwargs)


def start(client: Any, slug: str = "bin-problem") -> str:
    """Press "Start now"; the first page's address."""
    response = post(client, f"/{slug}/")
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    return response.headers["Location"]


def answer(client: Any, url: str, data: dict[str, Any]) -> Any:
    return post(client, url, data)


def errors_of(html: str) -> list[str]:
    """The error summary's messages."""
    summary = re.search(r'class="error-summary__list">(.*?)</ul>', html, re.S)
    return re.findall(r'<a href="[^"]*">([^<]*)</a>', summary.group(1)) if summary else []


def walk_broken_bin(client: Any, mobile: str = "070-123 45 67") -> Any:
    """The happy path of ``bin_problem``: broken, a date, contact by SMS; check answers."""
    first = start(client)
    assert first.endswith("/bin-problem/problem")
    assert answer(client, first, {"problem": "broken"}).headers["Location"].endswith("/since")
    answer(client, "/bin-problem/since", {"since-day": "3", "since-month": "2",
                                          "since-year": "2024"})
    answer(client, "/bin-problem/contact", {"contact": "yes"})
    response = answer(client, "/bin-problem/mobile", {"mobile": mobile})
    assert response.headers["Location"].endswith("/bin-problem/check-answers")
    return response
