"""The forms of the versions pages: publish (a note and a stage), point a stage, restore."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length

from ...forms import QuestionForm
from .forms import EditorForm

#: The stages in plain words: what publishing there means for residents.
STAGE_CHOICES = [
    SelectChoice("prototype", _l("Prototype – for test rounds; residents are told it is not "
                                 "a real service")),
    SelectChoice("pilot", _l("Pilot – a real service, marked as new, for the residents you "
                             "invite")),
    SelectChoice("live", _l("Live – the real service, in the catalogue for everyone")),
]


def _stage_field(label: str) -> RadioField:
    return RadioField(label, choices=STAGE_CHOICES,
                      validators=[InputRequired(_l("Select where the version is used"))])


class PublishForm(EditorForm):
    note = TextAreaField(_l("What changed, in a sentence"), validators=[
        InputRequired(_l("Write a note saying what changed")),
        Length(max=2000, message=_l("The note must be 2000 characters or fewer"))])
    stage = _stage_field(_l("Publish it as"))


class PointForm(QuestionForm):
    stage = _stage_field(_l("Use this version as"))


class RestoreForm(EditorForm):
    """Only the revision: the confirmation is the button itself."""
