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

import csv
import io
import json
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from flask import Response, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms import RadioField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, ValidationError

from ..db import db
from ..forms.base import QuestionForm
from ..forms.fields import EARLIEST_YEAR, LATEST_YEAR, DateInputField, within_years
from ..i18n import current_language
from ..staff import audit
from . import store
from .cases import journey_or_404
from .decisions import STATUS_LABELS
from .models import JourneyRecord, JourneySubmission

MAX_DAYS = 366
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class ExportRangeError(ValueError):
    """Dates an export cannot be made for; ``message`` is for the handläggare."""

    def __init__(self, field: str, message: Any) -> None:
        super().__init__(str(message))
        self.field = field
        self.message = str(message)


def check_range(first: date, last: date) -> None:
    for field, day in (("from", first), ("to", last)):
        if not within_years(day):
            raise ExportRangeError(field, _l("The dates must lie between the years %(first)d "
                                             "and %(last)d", first=EARLIEST_YEAR,
                                             last=LATEST_YEAR))
    if last < first:
        raise ExportRangeError("to", _l("The last day must be the same as or after the "
                                        "first day"))
    if (last - first).days >= MAX_DAYS:
        raise ExportRangeError("to", _l("The period can be at most one year"))


def parse_range(start: str | None, end: str | None) -> tuple[date, date]:
    """``?from=YYYY-MM-DD&to=YYYY-MM-DD`` as two dates, both inclusive."""
    days = []
    for field, text in (("from", start), ("to", end)):
        if not text:
            raise ExportRangeError(field, _l("Enter the first and the last day of the period"))
        try:
            days.append(date.fromisoformat(text.strip()))
        except ValueError:
            raise ExportRangeError(field, _l("The dates must be real dates written as "
                                             "YYYY-MM-DD, like 2026-11-27")) from None
    check_range(days[0], days[1])
    return days[0], days[1]


def cases_between(record: JourneyRecord, first: date, last: date,
                  zone: str) -> list[JourneySubmission]:
    """The journey's cases submitted on the days ``first``..``last`` (local days)."""
    tz, utc = ZoneInfo(zone), ZoneInfo("UTC")
    start = datetime.combine(first, time(), tz).astimezone(utc)
    end = datetime.combine(last + timedelta(days=1), time(), tz).astimezone(utc)
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


def safe_cell(value: Any) -> str:
    """The text of a cell, never a formula a spreadsheet would run."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, list | tuple):
        value = ", ".join(str(item) for item in value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _shown(case: JourneySubmission) -> dict[str, str]:
    return {row.get("key", ""): row.get("value", "")
            for row in (case.answers or {}).get("rows", [])}


def to_csv(cases: Sequence[JourneySubmission], keys: Sequence[tuple[str, str]],
           labels: dict[str, Any]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([safe_cell(cell) for cell in (
        _("Reference"), _("Submitted"), _("Status"), _("Version"), _("Language"),
        *(header for _key, header in keys))])
    for case in cases:
        shown, raw = _shown(case), (case.answers or {}).get("values", {})
        writer.writerow([safe_cell(cell) for cell in (
            case.reference, case.submitted_at.isoformat(timespec="seconds"),
            str(labels.get(case.status, case.status)), case.version_number, case.language,
            *(shown.get(key, raw.get(key)) for key, _header in keys))])
    return buffer.getvalue().encode("utf-8-sig")


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

class ExportForm(QuestionForm):
    date_from = DateInputField(_l("Submitted from"), validators=[
        InputRequired(_l("Enter the first day of the period"))])
    date_to = DateInputField(_l("Submitted to"), validators=[
        InputRequired(_l("Enter the last day of the period"))])
    file_format = RadioField(_l("File format"), choices=[
        SelectChoice("csv", _l("CSV for Excel (semicolon separated)")),
        SelectChoice("json", _l("JSON"))], default="csv",
        validators=[InputRequired(_l("Select a file format"))])

    def validate_date_to(self, field: DateInputField) -> None:
        if self.date_from.data and field.data:
            try:
                check_range(self.date_from.data, field.data)
            except ExportRangeError as bad:
                raise ValidationError(bad.message) from None


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
        first, last = parse_range(request.args.get("from"), request.args.get("to"))
    except ExportRangeError as bad:
        form = ExportForm(formdata=None)
        getattr(form, "date_to" if bad.field == "to" else "date_from").errors = [bad.message]
        return render_template("eservices/journeys/staff/export.html", form=form,
                               record=record), 400
    cases = cases_between(record, first, last, current_app.config["BABEL_DEFAULT_TIMEZONE"])
    # How many, never whose: the file itself holds the personal data.
    audit.record("journey_cases_exported", subject=f"{first.isoformat()}–{last.isoformat()}",
                 module_id=record.module_id, format=file_format, cases=len(cases))
    db.session.commit()
    if file_format == "csv":
        body: str | bytes = to_csv(cases, columns(record, current_language()), STATUS_LABELS)
        mimetype = "text/csv"
    else:
        body, mimetype = to_json(record, cases, first, last), "application/json"
    name = f"{record.slug}-{first.isoformat()}-{last.isoformat()}.{file_format}"
    return Response(body, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"})


def export_csv(slug: str):
    return _export(slug, "csv")


def export_json(slug: str):
    return _export(slug, "json")
