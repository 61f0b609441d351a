"""What the receipts, translations and versions pages share on top of ``common``:
the page render with what the editor layout needs, and the form's revision.

Every form of these pages carries the draft revision it was rendered from
(``EditorForm.revision``), so a save from a page a colleague has since changed
is refused (``StaleDraft``) and the designer keeps what they typed.
"""

from __future__ import annotations

from typing import Any

from flask import render_template

from .. import store
from ..models import JourneyRecord
from ..schema import JourneyDefinition
from .common import journey_or_404, language_name

#: The shared editor layout, or the site layout while it does not exist.
LAYOUTS = ["eservices/journeys/editor/_editor.html", "eservices/layout.html"]


def load(slug: str) -> tuple[JourneyRecord, JourneyDefinition]:
    record = journey_or_404(slug)
    return record, store.draft_of(record)


def language_names() -> dict[str, str]:
    """The site's languages in order, code -> its own name ("Svenska", "English")."""
    return {code: language_name(code) for code in store.site_languages()}


def render(template: str, record: JourneyRecord, definition: JourneyDefinition,
           section: str, status: int = 200, **context: Any) -> tuple[str, int]:
    """A page of the editor, with what the editor layout needs to draw its navigation."""
    return render_template(f"eservices/journeys/editor/{template}", record=record,
                           journey=definition, slug=record.slug, section=section,
                           languages_in_use=language_names(),
                           **context), status
