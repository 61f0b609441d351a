"""What the receipts, translations and versions editor tests share: a signed-in
designer, a journey made as the editor stores it, and posting a form as a browser would."""

from __future__ import annotations

import re
from typing import Any

import pytest

from eservices.journeys import store
from eservices.journeys.schema import JourneyDefinition
from eservices.testing import csrf_token_from, sign_in

from ._definitions import bin_problem

BASE = "/staff/journeys/bin-problem"


@pytest.fixture
def designer(app, create_staff):
    create_staff("dana", "tjanstedesigner")
    client = app.test_client()
    sign_in(client, "dana")
    client.get("/language/en")
    return client


def create_journey(app, **changes: Any) -> None:
    with app.app_context():
        store.create(JourneyDefinition.model_validate(bin_problem(**changes)), by="dana")
        from eservices.db import db
        db.session.commit()


@pytest.fixture
def journey(app):
    create_journey(app)
    return BASE


def draft(app) -> JourneyDefinition:
    with app.app_context():
        record = store.by_slug("bin-problem")
        assert record is not None
        return store.draft_of(record)


def revision_in(html: str) -> str:
    match = re.search(r'name="revision" type="hidden" value="(\d+)"', html)
    assert match, "no revision on the page"
    return match.group(1)


def post(client, url: str, data: dict[str, Any], page: str | None = None, **kwargs: Any):
    """GET the form page (``page`` or ``url``), then POST ``data`` with its CSRF token
    and, when the form has one, the draft revision it was loaded at."""
    html = client.get(page or url).get_data(as_text=True)
    fields = {"csrf_token": csrf_token_from(html)}
    if 'name="revision"' in html:
        fields["revision"] = revision_in(html)
    return client.post(url, data={**fields, **data}, **kwargs)
