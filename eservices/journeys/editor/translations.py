"""The translation table: every text of a journey, one column per site language.

One form for all texts (post-redirect-get), the missing ones marked, and a CSV
for a translator: export, translate in any spreadsheet, import.  An import is
checked row by row first and saved only when every row is right, so a file
with one mistake changes nothing and says where each mistake is.

Handlers only; ``blueprint.py`` maps them.
"""

from __future__ import annotations

from typing import Any

from flask import Response, flash, make_response, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from ...i18n import current_language
from .. import store
from ..models import JourneyRecord
from ..schema import JourneyDefinition
from .common import languages, revision_of, save
from .forms import EditorForm
from .texts_base import language_names, load, render
from .translations_texts import TEXT_LIMIT, applied, from_csv, shown, slots, to_csv


def field_name(path: str, language: str) -> str:
    return f"{path}.{language}"


def field_id(path: str, language: str) -> str:
    return "t-" + path.replace(".", "-") + "-" + language


def _page(record: JourneyRecord, definition: JourneyDefinition, form: EditorForm,
          status: int = 200, **context: Any):
    rows = shown(slots(definition, current_language()))
    missing = sum(len(slot.missing(languages())) for slot in rows)
    context.setdefault("typed", {})
    context.setdefault("errors", {})
    return render("texts_table.html", record, definition, "translations", status, form=form,
                  rows=rows, missing=missing, field_name=field_name, field_id=field_id,
                  **context)


def translations(slug: str):
    record, definition = load(slug)
    form = EditorForm()
    if request.method == "GET":
        form.revision.data = str(record.draft_revision)
        return _page(record, definition, form)
    if not form.validate():
        return _page(record, definition, form, 400)
    all_slots = slots(definition, current_language())
    typed: dict[str, str] = {}
    errors: dict[str, str] = {}
    changes: dict[str, dict[str, str]] = {}
    for slot in shown(all_slots):
        for code in languages():
            value = request.form.get(field_name(slot.path, code))
            if value is None:
                continue
            typed[field_name(slot.path, code)] = value
            if len(value.strip()) > TEXT_LIMIT:
                errors[field_id(slot.path, code)] = _(
                    "%(text)s in %(language)s must be %(limit)s characters or fewer",
                    text=slot.label, language=language_names()[code], limit=TEXT_LIMIT)
            elif value.strip() != (slot.texts.get(code) or "").strip():
                changes.setdefault(slot.path, {})[code] = value
    if errors:
        return _page(record, definition, form, 200, typed=typed, errors=errors)
    return _save(record, definition, form, changes, _("Nothing was changed"),
                 ("journey_translations_saved", "table"), typed=typed)


def translations_csv(slug: str):
    record, definition = load(slug)
    body = to_csv(shown(slots(definition, current_language())), languages())
    return Response(body, mimetype="text/csv", headers={
        "Content-Disposition": f"attachment; filename={record.slug}-texts.csv"})


def translations_import(slug: str):
    """Check every row of the uploaded file; save all of it, or nothing."""
    record, definition = load(slug)
    form = EditorForm()
    if not form.validate():
        return _page(record, definition, form, 400)
    upload = request.files.get("csv_file")
    if upload is None or not upload.filename:
        return _page(record, definition, form, 200,
                     import_problems=[_("Choose the CSV file to import")])
    all_slots = slots(definition, current_language())
    changes, problems = from_csv(upload.read(), all_slots, languages())
    if problems:
        return _page(record, definition, form, 200, import_problems=problems)
    changed = {path: {code: text for code, text in texts.items()
                      if text != next((s.texts.get(code) for s in all_slots
                                       if s.path == path), None)}
               for path, texts in changes.items()}
    changed = {path: texts for path, texts in changed.items() if texts}
    count = sum(len(texts) for texts in changed.values())
    done = _save(record, definition, form, changed,
                 _("The file has the same texts as the journey; nothing was changed"),
                 ("journey_translations_imported", "csv"))
    if count and done.status_code == 303:
        flash(ngettext("%(num)d text was imported", "%(num)d texts were imported", count))
    return done


def _save(record: JourneyRecord, definition: JourneyDefinition, form: EditorForm,
          changes: dict[str, dict[str, str]], unchanged: str, audited: tuple[str, str],
          **context: Any):
    """Save ``changes`` and go back to the table, or say why they were not saved."""
    if changes:
        try:
            save(record, applied(definition, slots(definition, current_language()), changes),
                 revision_of(form.revision.data), *audited)
        except store.JourneyRefused as refused:
            return make_response(_page(record, definition, form, 409, stale=str(refused),
                                       **context))
    else:
        flash(unchanged)
    return redirect(url_for(".translations", slug=record.slug), code=303)
