"""What the receipts, translations and versions editor tests share on top of the
editor-structure helpers: the bin-problem journey, and posting a form as a browser would."""

from __future__ import annotations

import re
from typing import Any

from eservices.journeys.schema import JourneyDefinition
from eservices.testing import csrf_token_from

from . import _editor_structure
from ._definitions import bin_problem

BASE = _editor_structure.BASE
designer = _editor_structure.designer
journey = _editor_structure.journey


def create_journey(app, **changes: Any) -> None:
    _editor_structure.make_journey(app, bin_problem(**changes))


def draft(app) -> JourneyDefinition:
    return _editor_structure.draft(app, "bin-problem")


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
