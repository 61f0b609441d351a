"""A built journey's cases as a file: CSV for Excel, JSON for other systems.

Like the platform's other exports (waste_subscription's), one file covers a
bounded period of submission days in the municipality's time zone (at most a
year, so a typo cannot ask for everything), and the CSV is written for Excel in
Sweden: UTF-8 with a byte order mark, semicolons, CRLF.

CSV has one row per case and one column per question key of every version of
the journey (a question a later version dropped keeps its column; its header
is the newest version's label, in the handläggare's language).  A cell holds
the answer as the resident saw it on check answers.  A cell that starts with
``=``, ``+``, ``-``, ``@`` (or a tab or carriage return) is prefixed with an
apostrophe: a resident's answer must never become a formula in a colleague's
spreadsheet.  JSON carries each case's rows as shown and the raw values.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Any

from flask import current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..db import db
from ..i18n import current_language
from ..staff import audit, export
from . import store
from .cases import journey_or_404
from .decisions import STATUS_LABELS
from .models import JourneyRecord, JourneySubmission

ExportForm = export.export_form_class(_l("Submitted from"), _l("Submitted to"),
                                      _l("CSV for Excel (semicolon separated)"))


def cases_between(record: JourneyRecord, first: date, last: date,
                  zone: str) -> list[JourneySubmission]:
    """The journey's cases submitted on the days ``first``..``last`` (local days)."""
    start, end = export.utc_bounds(first, last, zone)
    return list(db.session.scalars(
        select(JourneySubmission).where(JourneySubmission.module_id == record.module_id,
                                        JourneySubmission.submitted_at >= start,
                                        JourneySubmission.submitted_at < end)
        .order_by(JourneySubmission.submitted_at, JourneySubmission.id)))


def columns(record: JourneyRecord, language: str) -> list[tuple[str, str]]:
    """(question key, header) over all versions, oldest first; newest label wins."""
    found: dict[str, str] = {}
    for version in reversed(store.versions_of(record)):  # versions_of is newest first
        definition = store.definition_of(record, version.number)
        if definition is None:
            continue
        for page in definition.questions():
            assert page.question is not None
            texts = page.question.summary_label or page.question.label
            found[page.key] = texts.get(language) or next(iter(texts.values()), page.key)
    return list(found.items())


safe_cell = export.safe_cell  # the text of a cell, never a formula a spreadsheet would run


def _shown(case: JourneySubmission) -> dict[str, str]:
    return {row.get("key", ""): row.get("value", "")
            for row in (case.answers or {}).get("rows", [])}


def to_csv(cases: Sequence[JourneySubmission], keys: Sequence[tuple[str, str]],
           labels: dict[str, Any]) -> bytes:
    header = [safe_cell(cell) for cell in (
        _("Reference"), _("Submitted"), _("Status"), _("Version"), _("Language"),
        *(header for _key, header in keys))]
    return export.excel_csv(header, (_case_row(case, keys, labels) for case in cases))


def _case_row(case: JourneySubmission, keys: Sequence[tuple[str, str]],
              labels: dict[str, Any]) -> list[str]:
    shown, raw = _shown(case), (case.answers or {}).get("values", {})
    return [safe_cell(cell) for cell in (
        case.reference, case.submitted_at.isoformat(timespec="seconds"),
        str(labels.get(case.status, case.status)), case.version_number, case.language,
        *(shown.get(key, raw.get(key)) for key, _header in keys))]


def to_json(record: JourneyRecord, cases: Sequence[JourneySubmission], first: date,
            last: date) -> str:
    return json.dumps({
        "journey": record.slug, "module_id": record.module_id,
        "submitted_from": first.isoformat(), "submitted_to": last.isoformat(),
        "cases": [{"reference": case.reference, "version": case.version_number,
                   "language": case.language, "status": case.status,
                   "submitted_at": case.submitted_at.isoformat(timespec="seconds"),
                   "rows": (case.answers or {}).get("rows", []),
                   "values": (case.answers or {}).get("values", {})} for case in cases],
    }, ensure_ascii=False, indent=2)


# -- pages --------------------------------------------------------------------------

def export_form(slug: str):
    record = journey_or_404(slug)
    form = ExportForm()
    if form.validate_on_submit():
        endpoint = ".export_json" if form.file_format.data == "json" else ".export_csv"
        return redirect(url_for(endpoint, **{"from": form.date_from.data.isoformat(),
                                             "to": form.date_to.data.isoformat()}), 303)
    return render_template("eservices/journeys/staff/export.html", form=form,
                           record=record), 400 if form.errors else 200


def _export(slug: str, file_format: str):
    record = journey_or_404(slug)
    try:
        first, last = export.parse_range(request.args.get("from"), request.args.get("to"))
    except export.ExportRangeError as bad:
        return render_template("eservices/journeys/staff/export.html",
                               form=export.form_with_error(ExportForm, bad), record=record), 400
    cases = cases_between(record, first, last, current_app.config["BABEL_DEFAULT_TIMEZONE"])
    # How many, never whose: the file itself holds the personal data.
    audit.record("journey_cases_exported", subject=f"{first.isoformat()}–{last.isoformat()}",
                 module_id=record.module_id, format=file_format, cases=len(cases))
    db.session.commit()
    body = (to_csv(cases, columns(record, current_language()), STATUS_LABELS)
            if file_format == "csv" else to_json(record, cases, first, last))
    name = f"{record.slug}-{first.isoformat()}-{last.isoformat()}.{file_format}"
    return export.file_response(body, file_format, name)


def export_csv(slug: str):
    return _export(slug, "csv")


def export_json(slug: str):
    return _export(slug, "json")
