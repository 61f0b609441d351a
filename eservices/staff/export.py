"""A back office's export of a period as a file, the same in every module.

One export covers a bounded period of days in the municipality's time zone (at
most a year, so a typo cannot ask for everything); the handläggare picks the
days and the format on one form, and the file is fetched from
``?from=YYYY-MM-DD&to=YYYY-MM-DD`` so a link to it can be bookmarked.  CSV is
written for Excel in Sweden: UTF-8 with a byte order mark (without it Excel shows
å, ä and ö as garbage), semicolons (Swedish Excel uses the comma as decimal
separator), CRLF line ends and ``1``/``0`` for yes/no.  What goes in the rows is
the module's own business; this file only keeps the period, the form and the
file's shape in one place.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from flask import Response
from flask_babel import lazy_gettext as _l
from wtforms import RadioField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, ValidationError

from ..forms.base import QuestionForm
from ..forms.fields import EARLIEST_YEAR, LATEST_YEAR, DateInputField, within_years

MAX_DAYS = 366


class ExportRangeError(ValueError):
    """Dates an export cannot be made for; ``message`` is for the handläggare."""

    def __init__(self, field: str, message: Any) -> None:
        super().__init__(str(message))
        self.field = field
        self.message = str(message)


def _check_year(field: str, day: date) -> None:
    if not within_years(day):  # year 1 or 9999 cannot even be turned into UTC
        raise ExportRangeError(field, _l("The dates must lie between the years %(first)d "
                                         "and %(last)d", first=EARLIEST_YEAR,
                                         last=LATEST_YEAR))


def _check_order(first: date, last: date) -> None:
    if last < first:
        raise ExportRangeError("to", _l("The last day must be the same as or after the "
                                        "first day"))
    if (last - first).days >= MAX_DAYS:
        raise ExportRangeError("to", _l("The period can be at most one year"))


def check_range(first: date, last: date) -> None:
    """Refuse a period no export is made for (the form's dates, already real dates)."""
    _check_year("from", first)
    _check_year("to", last)
    _check_order(first, last)


def parse_range(start: str | None, end: str | None) -> tuple[date, date]:
    """``?from=YYYY-MM-DD&to=YYYY-MM-DD`` as two dates, both inclusive."""
    days = []
    for field, text in (("from", start), ("to", end)):
        if not text:
            raise ExportRangeError(field, _l("Enter the first and the last day of the period"))
        try:
            day = date.fromisoformat(text.strip())
        except ValueError:
            raise ExportRangeError(field, _l("The dates must be real dates written as "
                                             "YYYY-MM-DD, like 2026-11-27")) from None
        _check_year(field, day)
        days.append(day)
    first, last = days
    _check_order(first, last)
    return first, last


def utc_bounds(first: date, last: date, zone: str) -> tuple[datetime, datetime]:
    """The period as [start, end) in UTC: days are days in the municipality's time zone."""
    tz = ZoneInfo(zone)
    return (datetime.combine(first, time(), tz).astimezone(ZoneInfo("UTC")),
            datetime.combine(last + timedelta(days=1), time(), tz).astimezone(ZoneInfo("UTC")))


def export_form_class(from_label: Any, to_label: Any, csv_label: Any) -> type[QuestionForm]:
    """The form of an export page: the first and last day and the file format.

    The labels say what the period counts (approved, submitted) and what the CSV
    is for; the checks are the same as the file's own (``check_range``).
    """

    class ExportForm(QuestionForm):
        date_from = DateInputField(from_label, validators=[
            InputRequired(_l("Enter the first day of the period"))])
        date_to = DateInputField(to_label, validators=[
            InputRequired(_l("Enter the last day of the period"))])
        file_format = RadioField(_l("File format"), choices=[
            SelectChoice("csv", csv_label), SelectChoice("json", _l("JSON"))], default="csv",
            validators=[InputRequired(_l("Select a file format"))])

        def validate_date_to(self, field: DateInputField) -> None:
            if self.date_from.data and field.data:
                try:
                    check_range(self.date_from.data, field.data)
                except ExportRangeError as bad:
                    raise ValidationError(bad.message) from None

    return ExportForm


def form_with_error(form_class: type[QuestionForm], bad: ExportRangeError) -> QuestionForm:
    """The export form, empty, with the refused link's problem on its field."""
    form = form_class(formdata=None)
    getattr(form, "date_to" if bad.field == "to" else "date_from").errors = [bad.message]
    return form


def csv_cell(value: Any) -> str:
    """A value as a CSV cell: nothing for None, ``1``/``0`` for yes/no."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


#: What a spreadsheet runs as a formula when a cell starts with it.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> str:
    """A value as a CSV cell a spreadsheet never runs as a formula.

    Text others typed (a resident's answer, a challenge's question) must never
    become a formula in a colleague's Excel: a cell that starts like one gets an
    apostrophe in front.  A list is written as its items joined by commas.
    """
    if isinstance(value, list | tuple):
        value = ", ".join(str(item) for item in value)
    text = csv_cell(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def excel_csv(header: Iterable[Any], rows: Iterable[Iterable[Any]]) -> bytes:
    """Rows of cells (already text) as a CSV file Swedish Excel opens as it is."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def file_response(body: str | bytes, file_format: str, name: str) -> Response:
    """The export as a download that no cache keeps (it holds personal data)."""
    mimetype = "text/csv" if file_format == "csv" else "application/json"
    return Response(body, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"})
