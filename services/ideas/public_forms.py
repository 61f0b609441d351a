"""The forms residents fill in on the public side: a comment, a report, a phone and its code.

Each is a ``tk.QuestionForm`` (CSRF on every POST, optional fields marked),
with length limits that the database columns and the page can hold; what a
resident typed comes back to them on an error, never lost.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional, Regexp, ValidationError

from eservices import toolkit as tk

COMMENT_MAX = 2000
NAME_MAX = 100

#: Why something was reported, and so why it is hidden (``hidden_reason``).
OFFENSIVE, OFF_TOPIC = "offensive", "off_topic"
REASON_LABELS = {
    OFFENSIVE: _l("It is offensive"),
    OFF_TOPIC: _l("It is off-topic"),
}


class CommentForm(tk.QuestionForm):
    body = TextAreaField(_l("Your comment"), validators=[
        InputRequired(_l("Write your comment")),
        Length(max=COMMENT_MAX, message=_l("The comment must be %(max)d characters or fewer",
                                           max=COMMENT_MAX))])
    author_name = StringField(_l("Name to show with the comment"), validators=[
        Optional(), Length(max=NAME_MAX, message=_l("The name must be %(max)d characters "
                                                    "or fewer", max=NAME_MAX))])

    def validate_body(self, field) -> None:
        if field.data is not None and not field.data.strip():
            raise ValidationError(str(_l("Write your comment")))


class ReportForm(tk.QuestionForm):
    reason = RadioField(_l("Why should it be reviewed?"), choices=[
        SelectChoice(key, label) for key, label in REASON_LABELS.items()],
        validators=[InputRequired(_l("Select why it should be reviewed"))])


class PhoneForm(tk.QuestionForm):
    phone = StringField(_l("What is your mobile number?"), validators=[
        InputRequired(_l("Enter your mobile number")), tk.SwedishMobileNumber()])


class CodeForm(tk.QuestionForm):
    code = StringField(_l("Code"), validators=[
        InputRequired(_l("Enter the code from the text message")),
        Regexp(r"^\s*\d{6}\s*$", message=_l("Enter the 6 digits of the code"))])
