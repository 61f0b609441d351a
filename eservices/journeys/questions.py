"""A built journey's question as a form: one field per page, the platform's validators.

The designer chooses a question *type*, never validation rules (GOV.UK Forms'
lesson): each type maps onto the forms toolkit here - the Swedish validators
for mobile numbers, personal identity numbers, postal codes, e-mail addresses
and names, ``DateInputField`` for dates, radios and checkboxes for choices -
with error messages in the GOV.UK Design System's wording, through gettext so
every site language has them.  The field is named after the page key, which
is also the answer's key in stored journeys, cases and an ejected module.

Three views of one answer live here as well, so the runtime, the editor's
preview, receipts and cases agree on them: the *value* a condition compares
(``answer_value``), what a resident reads on check answers (``display_value``)
and what a case stores (``json_value``).
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import Any

from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, Field, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional, StopValidation, ValidationError

from .. import clock
from ..forms.base import MultiCheckboxField, QuestionForm
from ..forms.fields import DateInputField
from ..forms.validators import (
    EmailAddress,
    PersonalIdentityNumber,
    PersonName,
    PostalCode,
    SwedishMobileNumber,
)
from ..i18n import LONG_DATE
from ..languages import marks
from ..languages.configured import SWEDISH
from .schema import Page, Question

#: The stored value of the exclusive "None of these" answer; never a key, so no
#: option can be called the same.
NONE_VALUE = "_none"
YES_NO = ("yes", "no")

#: What an empty required answer says, by type (GOV.UK: "Enter ...", "Select ...").
REQUIRED_MESSAGES = {
    "short_text": _l("Enter an answer"),
    "long_text": _l("Enter an answer"),
    "number": _l("Enter a number"),
    "date": _l("Enter a date"),
    "one_choice": _l("Select an option"),
    "several_choices": _l("Select at least one option"),
    "yes_no": _l("Select yes or no"),
    "email": _l("Enter an email address"),
    "mobile": _l("Enter a mobile number"),
    "personal_number": _l("Enter a personal identity number"),
    "postal_code": _l("Enter a postal code"),
    "address": _l("Enter an address"),
    "name": _l("Enter a name"),
    "consent": _l("Select the box to confirm"),
}
ADDRESS_MAX_LENGTH = 200


def text(texts: dict[str, str], language: str) -> str:
    """A definition text in ``language``; else the Swedish, marked as Swedish (a
    language offered as incomplete may lack it), else any (a draft may lack both)."""
    found = texts.get(language)
    if found:
        return found
    swedish = texts.get(SWEDISH)
    if swedish:
        return swedish if language == SWEDISH else marks.mark(swedish)
    return next((t for t in texts.values() if t), "")


# -- validators --------------------------------------------------------------------

class WholeNumber:
    """A whole number within the question's limits; the field's data becomes an int.

    Spaces (thousands separators as Swedes write them) are allowed; decimals
    are not, since every number question is a count or an amount in whole units.
    """

    def __init__(self, minimum: int | None, maximum: int | None) -> None:
        self.minimum, self.maximum = minimum, maximum

    def _range_message(self) -> str:
        low, high = self.minimum, self.maximum
        if low is not None and high is not None:
            return _("Enter a number between %(low)s and %(high)s", low=low, high=high)
        if low is not None:
            return _("Enter a number that is %(low)s or more", low=low)
        return _("Enter a number that is %(high)s or less", high=high)

    def __call__(self, form: Any, field: Field) -> None:
        raw = re.sub(r"[\s\u00a0\u202f]", "", str(field.data or "")).replace("\u2212", "-")
        if not raw:
            return
        if not re.fullmatch(r"-?\d{1,10}", raw):
            field.error_kind = "format"
            raise ValidationError(_("Enter a whole number, like 12"))
        number = int(raw)
        if (self.minimum is not None and number < self.minimum) or (
                self.maximum is not None and number > self.maximum):
            field.error_kind = "range"
            raise ValidationError(self._range_message())
        field.data = number


class DateRule:
    """Past, future, earliest and latest, in the words GOV.UK uses for dates."""

    def __init__(self, rule: str, earliest: dt.date | None, latest: dt.date | None) -> None:
        self.rule, self.earliest, self.latest = rule, earliest, latest

    def __call__(self, form: Any, field: Field) -> None:
        day = field.data
        if not isinstance(day, dt.date):
            return
        today = clock.today()
        if self.rule == "past" and day > today:
            field.error_kind = "future"
            raise ValidationError(_("The date must be today or in the past"))
        if self.rule == "future" and day < today:
            field.error_kind = "past"
            raise ValidationError(_("The date must be today or in the future"))
        if self.earliest is not None and day < self.earliest:
            field.error_kind = "too_early"
            raise ValidationError(_("The date must be the same as or after %(date)s",
                                    date=format_date(self.earliest, LONG_DATE)))
        if self.latest is not None and day > self.latest:
            field.error_kind = "too_late"
            raise ValidationError(_("The date must be the same as or before %(date)s",
                                    date=format_date(self.latest, LONG_DATE)))


class ExclusiveNone:
    """"None of these" cannot be chosen together with an option."""

    def __init__(self, none_label: str) -> None:
        self.none_label = none_label

    def __call__(self, form: Any, field: Field) -> None:
        if NONE_VALUE in (field.data or []) and len(field.data) > 1:
            field.error_kind = "exclusive"
            raise StopValidation(_("Select the options that apply, or only “%(none)s”",
                                   none=self.none_label))


# -- the form ----------------------------------------------------------------------

def _field(question: Question, language: str) -> Field:
    label = text(question.label, language)
    kind = question.type
    validators: list[Any] = [InputRequired(REQUIRED_MESSAGES[kind]) if question.required
                             else Optional()]
    if kind in ("short_text", "long_text"):
        limit = question.text_limit
        validators.append(Length(max=limit, message=_l(
            "The answer must be %(max)s characters or fewer", max=limit)))
        return (TextAreaField if kind == "long_text" else StringField)(label,
                                                                       validators=validators)
    if kind == "number":
        return StringField(label, validators=[*validators, WholeNumber(question.minimum,
                                                                       question.maximum)])
    if kind == "date":
        return DateInputField(label, validators=[*validators, DateRule(
            question.date_rule, question.earliest, question.latest)])
    if kind == "one_choice":
        return RadioField(label, validators=validators, choices=[
            SelectChoice(option.value, text(option.label, language))
            for option in question.options])
    if kind == "yes_no":
        return RadioField(label, validators=validators,
                          choices=[SelectChoice("yes", _l("Yes")), SelectChoice("no", _l("No"))])
    if kind == "several_choices":
        choices = [SelectChoice(option.value, text(option.label, language))
                   for option in question.options]
        if question.none_option:
            none_label = text(question.none_option, language)
            choices.append(SelectChoice(NONE_VALUE, none_label))
            validators.append(ExclusiveNone(none_label))
        return MultiCheckboxField(label, validators=validators, choices=choices)
    if kind == "consent":
        return BooleanField(label, validators=validators)
    typed = {"email": EmailAddress(), "mobile": SwedishMobileNumber(),
             "personal_number": PersonalIdentityNumber(), "postal_code": PostalCode(),
             "name": PersonName(),
             "address": Length(max=ADDRESS_MAX_LENGTH, message=_l(
                 "The address must be %(max)s characters or fewer", max=ADDRESS_MAX_LENGTH))}
    return StringField(label, validators=[*validators, typed[kind]])


@lru_cache(maxsize=512)
def _cached_form_class(page_json: str, language: str) -> type[QuestionForm]:
    page = Page.model_validate_json(page_json)
    assert page.question is not None
    return type(f"{page.key.title().replace('_', '')}Question", (QuestionForm,),
                {page.key: _field(page.question, language)})


def form_class(page: Page, language: str) -> type[QuestionForm]:
    """The form of a question page in ``language``: one field named ``page.key``.

    Cached by the page's exact content and the language (at most 512 classes
    per process), so a published version's pages are built once, and a draft
    page edited in the preview gets a fresh class as soon as it changes.
    Messages are lazy: they are translated when a page is shown, in the
    resident's language.
    """
    if page.question is None:
        raise ValueError(f"page {page.key!r} asks no question")
    return _cached_form_class(page.model_dump_json(by_alias=True), language)


# -- one answer, three ways --------------------------------------------------------

def answer_value(page: Page, data: Any) -> Any:
    """What a condition compares: an option value, a list of them, an int, a date, a bool."""
    if page.question is None or data in (None, "", []):
        return None
    if page.question.type == "several_choices":
        return list(data)
    return data


def display_value(page: Page, data: Any, language: str) -> str:
    """The answer as a resident reads it on check answers (and staff in the case)."""
    question = page.question
    if question is None or data in (None, "", [], False):
        return _("Not provided") if question is None or question.type != "consent" else _("No")
    labels = {option.value: text(option.label, language) for option in question.options}
    if question.type == "several_choices":
        labels[NONE_VALUE] = text(question.none_option, language)
        return ", ".join(labels.get(value, value) for value in data)
    if question.type == "one_choice":
        return labels.get(data, str(data))
    if question.type == "yes_no":
        return _("Yes") if data == "yes" else _("No")
    if question.type == "consent":
        return _("Yes")
    if isinstance(data, dt.date):
        return format_date(data, LONG_DATE)
    return str(data)


def json_value(data: Any) -> Any:
    """The answer as JSON for the case (dates as ISO text)."""
    if isinstance(data, dt.date):
        return data.isoformat()
    if isinstance(data, tuple):
        return list(data)
    return data
