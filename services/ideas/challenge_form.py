"""The staff form that opens or edits an idea challenge.

A challenge's phases are fixed (``models.PHASES``); the form chooses in which
of them the challenge takes ideas, comments and supports, so a forged phase
is refused like a tampered choice.  The window is two GOV.UK date inputs and
must close on or after it opens; the support threshold is optional and
bounded; the address (slug) is made from the question when left empty.
"""

from __future__ import annotations

import re
import unicodedata

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional, Regexp, ValidationError

from eservices import toolkit as tk

from . import phases, settings
from .models import PHASES

THRESHOLD_MAX = 100_000
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def slug_from(text: str) -> str:
    """"Hur kan vi minska textilavfallet?" -> "hur-kan-vi-minska-textilavfallet"."""
    plain = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[a-z0-9]+", plain))[:60].strip("-") or "utmaning"


def _phase_choices() -> list[SelectChoice]:
    return [SelectChoice(phase, phases.PHASE_LABELS[phase]) for phase in PHASES]


def _known_phases(form, field) -> None:
    """Only the challenge phases (a forged one is refused in words, not WTForms')."""
    if any(value not in PHASES for value in field.data or ()):
        field.error_kind = "invalid"
        raise ValidationError(_l("Choose phases from the list"))


def _phases_field(label):
    return tk.MultiCheckboxField(label, choices=_phase_choices(), validate_choice=False,
                                 validators=[_known_phases])


class ChallengeForm(tk.QuestionForm):
    question = StringField(_l("Question"), validators=[
        InputRequired(_l("Enter the challenge's question")),
        Length(max=300, message=_l("The question must be 300 characters or fewer"))])
    slug = StringField(_l("Web address"), validators=[
        Optional(), Length(max=80, message=_l("The web address must be 80 characters or fewer")),
        Regexp(SLUG, message=_l("The web address can only have small letters a-z, digits "
                                "and single hyphens"))])
    description = TextAreaField(_l("Description"), validators=[
        Optional(), Length(max=5000, message=_l("The description must be 5000 characters "
                                                "or fewer"))])
    department = SelectField(_l("Department"), validate_choice=False)
    opens_on = tk.DateInputField(_l("Opens for ideas on"), validators=[
        InputRequired(_l("Enter the day the challenge opens for ideas"))])
    closes_on = tk.DateInputField(_l("Closes for ideas on"), validators=[
        InputRequired(_l("Enter the day the challenge closes for ideas"))])
    submissions_in = _phases_field(_l("Phases that take new ideas"))
    comments_in = _phases_field(_l("Phases that take comments"))
    supports_in = _phases_field(_l("Phases that take supports"))
    support_threshold = StringField(_l("Supports an idea needs to go on to selection"),
                                    validators=[Optional()])
    published = BooleanField(_l("Show the challenge to residents"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.department.choices = [SelectChoice("", _l("The whole municipality"))] + [
            SelectChoice(d.key, d.label) for d in settings.departments()]

    def validate_department(self, field) -> None:
        if (field.data or "") not in {str(choice[0]) for choice in field.iter_choices()}:
            field.error_kind = "invalid"
            raise ValidationError(_l("Choose a department from the list"))

    def validate_closes_on(self, field) -> None:
        if self.opens_on.data and field.data and field.data < self.opens_on.data:
            field.error_kind = "before_opens"
            raise ValidationError(_l("The closing day must be the same as or after the "
                                     "opening day"))

    def validate_support_threshold(self, field) -> None:
        raw = (field.data or "").strip()
        if raw and not (raw.isdigit() and 1 <= int(raw) <= THRESHOLD_MAX):
            field.error_kind = "invalid"
            raise ValidationError(_l("The number of supports must be a whole number from 1 "
                                     "to %(max)d, or empty", max=THRESHOLD_MAX))

    def threshold(self) -> int | None:
        raw = (self.support_threshold.data or "").strip()
        return int(raw) if raw else None
