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
