"""Forms of the designer tools."""

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, PasswordField, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from ..forms import QuestionForm
from ..modules.manifest import STAGES

STAGE_LABELS = {"idea": _l("Idea"), "prototype": _l("Prototype"), "pilot": _l("Pilot"),
                "live": _l("Live"), "retired": _l("Retired")}


class StageForm(QuestionForm):
    stage = RadioField(_l("New stage"),
                       choices=[SelectChoice(s, STAGE_LABELS[s]) for s in STAGES],
                       validators=[InputRequired(_l("Select the new stage"))])
    reason = TextAreaField(_l("Why is the module moving?"), validators=[
        InputRequired(_l("Say why the module is moving")),
        Length(max=2000, message=_l("The reason must be 2000 characters or fewer"))])


class FeedbackForm(QuestionForm):
    module_id = HiddenField()
    path = HiddenField()
    helpful = RadioField(_l("Did this page help you?"),
                         choices=[SelectChoice("yes", _l("Yes")), SelectChoice("no", _l("No"))],
                         validators=[InputRequired(_l("Select yes or no"))])
    comment = TextAreaField(_l("Tell us more"), validators=[
        Optional(), Length(max=1000, message=_l("Write 1000 characters or fewer"))])


class AccessForm(QuestionForm):
    password = PasswordField(_l("Password"), validators=[
        InputRequired(_l("Enter the password you were given")), Length(max=200)])


class NewPasswordForm(QuestionForm):
    label = StringField(_l("Test round"), validators=[
        InputRequired(_l("Name the test round, for example 'Sprint 3, Piteå library'")),
        Length(max=120)])


class NewRoundForm(QuestionForm):
    name = StringField(_l("Name of the test round"), validators=[
        InputRequired(_l("Name the test round")), Length(max=120)])
    tasks = TextAreaField(_l("Tasks"), validators=[
        InputRequired(_l("Write at least one task")), Length(max=5000)])


class RatingForm(QuestionForm):
    rating = RadioField(_l("Overall, how difficult or easy was the task?"),
                        choices=[SelectChoice(str(n), label) for n, label in (
                            (1, _l("1 – Very difficult")), (2, "2"), (3, "3"), (4, "4"),
                            (5, "5"), (6, "6"), (7, _l("7 – Very easy")))],
                        validators=[InputRequired(_l("Select a number from 1 to 7"))])
