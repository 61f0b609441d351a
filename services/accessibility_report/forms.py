"""The questions, one concern per page."""

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from eservices import toolkit as tk

PROBLEM_KINDS = [
    SelectChoice("perceive", _l("I cannot see, hear or read the content")),
    SelectChoice("operate", _l("I cannot use it with my keyboard or assistive technology")),
    SelectChoice("understand", _l("The content is hard to understand")),
    SelectChoice("other", _l("Something else")),
]


class ProblemForm(tk.QuestionForm):
    problem_kind = RadioField(_l("What kind of problem is it?"), choices=PROBLEM_KINDS,
                              validators=[InputRequired(_l("Select what kind of problem it is"))])
    location = StringField(_l("Where did you find the problem?"), validators=[
        InputRequired(_l("Enter where you found the problem")),
        Length(max=500, message=_l("Where you found the problem must be 500 characters "
                                   "or fewer"))])
    description = TextAreaField(_l("Describe the problem"), validators=[
        InputRequired(_l("Describe the problem")),
        Length(max=3000, message=_l("The description must be 3000 characters or fewer"))])


class ContactForm(tk.QuestionForm):
    name = StringField(_l("Your name"), validators=[Optional(), tk.PersonName()])
    email = StringField(_l("E-mail address"), validators=[Optional(), tk.EmailAddress()])
    phone = StringField(_l("Mobile number"), validators=[Optional(), tk.SwedishMobileNumber()])
