"""The statistics page's filters: a period, a department, a challenge, read from the URL.

The filters are a GET form, so a page of numbers can be bookmarked and sent to a
colleague, and the CSV link carries the same query.  The period is checked as
every export's is (real dates, years 1900-2200, the last day not before the
first, at most a year): the form is the platform's export form without its
file-format question.  A department or challenge that is not on the lists (a
tampered or stale link) is an error on the page, never a server error.  A query
that names no day (the page opened from the menu) is the last year.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from werkzeug.datastructures import MultiDict
from wtforms import SelectField
from wtforms.validators import ValidationError

from eservices import toolkit as tk

from .models import Challenge
from .settings import departments
from .stats_numbers import Filters

_PeriodForm = tk.export_form_class(_l("Submitted from"), _l("Submitted to"), "")

#: How far back the page looks when it is opened without filters (a year, both ends included).
DEFAULT_DAYS = 365


class StatisticsForm(_PeriodForm):
    class Meta:
        csrf = False  # a GET form that changes nothing

    file_format = None  # the page shows numbers; the CSV has its own link
    department = SelectField(_l("Department or area"), validate_choice=False, default="")
    challenge = SelectField(_l("Idea challenge"), validate_choice=False, default="")

    def validate_department(self, field: SelectField) -> None:
        if field.data and field.data not in {key for key, _label in field.choices}:
            raise ValidationError(_l("Choose a department from the list"))

    def validate_challenge(self, field: SelectField) -> None:
        if field.data and field.data not in {key for key, _label in field.choices}:
            raise ValidationError(_l("Choose an idea challenge from the list"))


def _challenges() -> list[tuple[str, str, int]]:
    """Every challenge, newest first, as (slug, question, id): staff see unpublished ones too."""
    rows = tk.db.session.execute(select(Challenge.slug, Challenge.question, Challenge.id)
                                 .order_by(Challenge.opens_on.desc(), Challenge.id.desc()))
    return [(slug, question, challenge_id) for slug, question, challenge_id in rows]


def _with_default_period(args: Any) -> MultiDict:
    """The query, with the last year as its period when it names no day at all (a link
    to one department's numbers, say, or the page opened from the menu)."""
    query = MultiDict(args)
    if not any(key.startswith(("date_from-", "date_to-")) for key in query):
        today = tk.clock.today()
        query.update(_date_parts("date_from", today - timedelta(days=DEFAULT_DAYS)))
        query.update(_date_parts("date_to", today))
    return query


def read_filters(args: Any) -> tuple[StatisticsForm, Filters | None]:
    """The form filled from the query string, and the filters it asks for (None when
    the form refused them; the form then carries the errors)."""
    form = StatisticsForm(formdata=_with_default_period(args))
    form.department.choices = [("", str(_l("All departments")))] + [
        (d.key, d.label) for d in departments()]
    challenges = _challenges()
    form.challenge.choices = [("", str(_l("All ideas, in challenges or not")))] + [
        (slug, question) for slug, question, _id in challenges]
    if not form.validate():
        return form, None
    ids = {slug: challenge_id for slug, _question, challenge_id in challenges}
    return form, Filters(first=form.date_from.data, last=form.date_to.data,
                         department=form.department.data or "",
                         challenge_id=ids.get(form.challenge.data or ""))


def query_of(filters: Filters, challenge_slug: str) -> dict[str, str]:
    """The query string of ``filters``, as the form sends it (for the CSV link)."""
    query: dict[str, str] = {}
    for name, day in (("date_from", filters.first), ("date_to", filters.last)):
        query.update(_date_parts(name, day))
    if filters.department:
        query["department"] = filters.department
    if challenge_slug:
        query["challenge"] = challenge_slug
    return query


def _date_parts(name: str, day: date) -> dict[str, str]:
    return {f"{name}-day": str(day.day), f"{name}-month": str(day.month),
            f"{name}-year": str(day.year)}
