"""The forms of the coach's idea page: status and answer, coach, note, showcase.

Each form posts to its own address and carries what its change starts from
(the status or coach the coach saw), so a change made meanwhile by a colleague
is refused instead of silently overwritten.  Rules that need the database (the
duplicate's reference) are checked by the handler, not here.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from eservices import toolkit as tk

from . import statuses as st

MAX_ANSWER = 5000
MAX_NOTE = 5000
MAX_STORY = 5000
YES_NO = [SelectChoice("yes", _l("Yes")), SelectChoice("no", _l("No"))]


def _blank(form: tk.QuestionForm, kwargs: dict) -> bool:
    """Whether the form shows the idea as it is now: not the one posted (with its
    errors), but also the blank one beside another form that was posted."""
    return kwargs.get("formdata", ...) is None or not form.is_submitted()


class StatusForm(tk.QuestionForm):
    """A status change with its public answer; ``in_force`` and ``current`` set the choices."""

    from_status = HiddenField()
    status = RadioField(_l("New status"), validators=[
        InputRequired(_l("Select the idea's new status"))])
    closed_reason = RadioField(
        _l("Why is the idea closed?"), validators=[Optional()],
        choices=[SelectChoice(key, st.REASON_LABELS[key]) for key in st.CLOSED_REASONS])
    duplicate_of = StringField(_l("Reference of the idea it duplicates"), validators=[
        Optional(), Length(max=20, message=_l("A reference is 20 characters or fewer"))])
    public_answer = TextAreaField(_l("Answer to the idea giver"), validators=[
        InputRequired(_l("Write the answer to the idea giver")),
        Length(max=MAX_ANSWER, message=_l("The answer must be %(max)d characters or fewer",
                                          max=MAX_ANSWER))])
    notify = RadioField(_l("Send the answer to the idea giver?"), choices=YES_NO,
                        validators=[InputRequired(_l("Select whether to send the answer "
                                                     "to the idea giver"))])

    def __init__(self, *args, in_force: tuple[str, ...], current: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.status.choices = [SelectChoice(key, st.LABELS[key]) for key in in_force
                               if key != current]
        if _blank(self, kwargs):
            self.from_status.data = current

    def validate_public_answer(self, field) -> None:
        if not (field.data or "").strip():
            raise ValidationError(_l("Write the answer to the idea giver"))

    def validate(self, extra_validators=None) -> bool:
        # The reason and the duplicate are asked only of a closing; their fields are
        # optional on their own, so the rule is checked once the fields are.
        valid = super().validate(extra_validators)
        closing = self.status.data == st.CLOSED
        if closing and not self.closed_reason.data and not self.closed_reason.errors:
            self.closed_reason.errors = [str(_l("Select why the idea is closed"))]
            valid = False
        if (closing and self.closed_reason.data == st.DUPLICATE
                and not (self.duplicate_of.data or "").strip()):
            self.duplicate_of.errors = [str(_l("Enter the reference of the idea it "
                                               "duplicates"))]
            valid = False
        return valid


class CoachForm(tk.QuestionForm):
    """Who coaches the idea; ``expected`` is the coach the page showed ("" for nobody)."""

    expected = HiddenField()
    coach = SelectField(_l("Coach"), validators=[Optional()])

    def __init__(self, *args, members: list, current: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.coach.choices = [SelectChoice("", _l("No coach"))] + [
            SelectChoice(m.username, m.display_name) for m in members]
        if current and current not in {m.username for m in members}:
            self.coach.choices.append(SelectChoice(current, current))  # who lost the role
        if _blank(self, kwargs):
            self.coach.data = self.expected.data = current


class NoteForm(tk.QuestionForm):
    body = TextAreaField(_l("Internal note"), validators=[
        InputRequired(_l("Write the note")),
        Length(max=MAX_NOTE, message=_l("The note must be %(max)d characters or fewer",
                                        max=MAX_NOTE))])

    def validate_body(self, field) -> None:
        if not (field.data or "").strip():
            raise ValidationError(_l("Write the note"))


class ShowcaseForm(tk.QuestionForm):
    """The showcase story of an implemented idea; published only with a story."""

    story = TextAreaField(_l("The story"), validators=[
        Optional(), Length(max=MAX_STORY, message=_l("The story must be %(max)d characters "
                                                     "or fewer", max=MAX_STORY))])
    credits = StringField(_l("Who may be credited"), validators=[
        Optional(), Length(max=500, message=_l("Who may be credited must be 500 characters "
                                               "or fewer"))])
    published = RadioField(_l("Show it in the showcase?"), choices=YES_NO,
                           validators=[InputRequired(_l("Select whether to show it in the "
                                                        "showcase"))])

    def validate_published(self, field) -> None:
        if field.data == "yes" and not (self.story.data or "").strip():
            raise ValidationError(_l("Write the story before showing it in the showcase"))
