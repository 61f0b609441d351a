"""What every editor page shares: finding the journey, saving it, linking to other pages.

Every save goes through ``store.save_draft`` with the draft revision the form
was loaded at, so two designers never silently overwrite each other; the
store's refusals (a stale revision, an ejected journey) come back to the
handler as ``JourneyRefused`` and are shown on the page with the designer's
typed input kept.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import abort, current_app, flash, g, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from werkzeug.wrappers import Response

from ...db import db
from ...i18n import current_language
from ...languages.configured import label_name
from ...staff import audit
from .. import store
from ..integrity import Problem
from ..models import JourneyRecord
from ..schema import JourneyDefinition


def journey_or_404(slug: str) -> JourneyRecord:
    record = store.by_slug(slug)
    if record is None:
        abort(404)
    return record


def languages() -> list[str]:
    return store.site_languages()


def language_name(code: str) -> str:
    return label_name(code)


def text(texts: dict[str, str], fallback: str = "") -> str:
    """A text in the designer's language, else the first site language that has one."""
    for language in (current_language(), *languages()):
        if (texts.get(language) or "").strip():
            return texts[language]
    return fallback


def link(endpoint: str, **values: object) -> str | None:
    """The URL of an editor page, or None while the page is not built yet.

    The receipts, translations and versions pages belong to another part of
    the editor; until they exist the overview shows their tasks unlinked.
    """
    if endpoint not in current_app.view_functions:
        return None
    return url_for(endpoint, **values)


def is_read_only(record: JourneyRecord) -> bool:
    return record.ejected_at is not None


def read_only_redirect(record: JourneyRecord) -> Response:
    flash(_("This journey was turned into a code module and can no longer be changed "
            "here"), "warning")
    return redirect(url_for("journeys_editor.overview", slug=record.slug), code=303)


def revision_of(raw: str | None) -> int:
    """The revision a form was loaded at (a tampered value counts as stale)."""
    try:
        return int(raw or "")
    except ValueError:
        return -1


def save(record: JourneyRecord, definition: JourneyDefinition, revision: int,
         action: str | None = None, subject: str = "") -> list[Problem]:
    """Store the draft, audit the change, commit and say so; raises ``JourneyRefused``.

    The audit names the journey and the page key, never an answer or a text
    (a designer's example text could be anyone's name).
    """
    found = store.save_draft(record, definition, by=g.staff_user.username, revision=revision)
    if action:
        audit.record(action, subject=f"{record.slug} {subject}".strip(),
                     module_id=record.module_id)
    db.session.commit()
    if found:
        flash(ngettext("Saved. The journey has %(num)d problem to fix before it can be "
                       "published.", "Saved. The journey has %(num)d problems to fix before "
                       "it can be published.", len(found)))
    else:
        flash(_("Saved."))
    return found


def draft_form(form_class: Any, record: JourneyRecord) -> tuple[Any, Response | None]:
    """An editing page's form: on GET carrying the draft's revision, on POST as sent.

    The second value is the answer to give instead of saving: a POST to a journey
    that is read-only (ejected) is sent back to its overview.
    """
    if request.method != "POST":
        return form_class(data={"revision": record.draft_revision}), None
    return form_class(), read_only_redirect(record) if is_read_only(record) else None


def confirm(form, record: JourneyRecord, act: Callable[[], str | None]) -> tuple[bool, str]:
    """A "are you sure?" page's form: ``(done, refused)``.

    GET puts the draft's revision in the form; a valid POST runs ``act``, which
    commits its change or returns why not; a refusal from the store is rolled back
    and its message returned, so the page is shown again with it.
    """
    if request.method == "GET":
        form.revision.data = str(record.draft_revision)
        return False, ""
    if not form.validate():
        return False, ""
    try:
        refused = act() or ""
    except store.JourneyRefused as error:
        db.session.rollback()
        refused = str(error)
    return not refused, refused


def editor_context() -> dict[str, object]:
    """Template helpers of every editor page."""
    return {"editor_link": link, "language_name": language_name, "site_languages": languages,
            "in_language": text}
