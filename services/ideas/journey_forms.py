"""The questions of submitting an idea, one thing per page (GOV.UK question pages).

Texts are required where the coach needs them to understand the idea and
bounded so that nobody pastes a book: the platform already strips NUL and the
other control characters from every posted value (``eservices/inputs.py``),
and ``DataRequired`` refuses an answer that is only spaces.  Choices that come
from configuration (departments) or the database (open challenges) are filled
in when the form is made, so a saved answer is checked again against what is
offered today when the idea is filed.
"""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from eservices import toolkit as tk

from . import settings
from .challenge_choice import open_challenges

EMPLOYEE, RESIDENT = "employee", "resident"
NO_CHALLENGE = "none"
TEXT_MAX = 5000


def _one_line(value: str | None) -> str | None:
    """A title is one line: runs of whitespace (a pasted newline) become one space."""
    return re.sub(r"\s+", " ", value).strip() if isinstance(value, str) else value


def _trimmed(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


class WhoForm(tk.QuestionForm):
    who = RadioField(_l("Do you work for the municipality?"), choices=[
        SelectChoice(EMPLOYEE, _l("Yes, I work for the municipality")),
        SelectChoice(RESIDENT, _l("No, I live in or visit the municipality"))],
        validators=[InputRequired(_l("Select whether you work for the municipality"))])


class TitleForm(tk.QuestionForm):
    title = StringField(_l("Give your idea a short title"), filters=[_one_line], validators=[
        DataRequired(_l("Enter a title for your idea")),
        Length(max=200, message=_l("The title must be 200 characters or fewer"))])


class ProblemForm(tk.QuestionForm):
    problem = TextAreaField(_l("What problem or need have you seen?"), filters=[_trimmed],
                            validators=[
        DataRequired(_l("Describe the problem or need you have seen")),
        Length(max=TEXT_MAX, message=_l("The problem must be 5000 characters or fewer"))])


class ProposalForm(tk.QuestionForm):
    proposal = TextAreaField(_l("What is your idea?"), filters=[_trimmed], validators=[
        DataRequired(_l("Describe your idea")),
        Length(max=TEXT_MAX, message=_l("The idea must be 5000 characters or fewer"))])


class BeneficiariesForm(tk.QuestionForm):
    beneficiaries = TextAreaField(_l("Who would benefit from the idea?"), filters=[_trimmed],
                                  validators=[
        DataRequired(_l("Describe who would benefit from the idea")),
        Length(max=2000, message=_l("Who would benefit must be 2000 characters or fewer"))])


class DepartmentForm(tk.QuestionForm):
    department = RadioField(_l("Which part of the municipality does the idea concern?"),
                            validators=[InputRequired(_l("Select what the idea concerns"))])

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.department.choices = [SelectChoice(d.key, d.label) for d in settings.departments()]


class ChallengeForm(tk.QuestionForm):
    challenge = RadioField(_l("Is the idea an answer to one of our idea challenges?"),
                           validators=[InputRequired(_l("Select a challenge, or that the idea "
                                                        "is not an answer to one"))])

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.challenge.choices = [SelectChoice(c.slug, c.question) for c in open_challenges()] + [
            SelectChoice(NO_CHALLENGE, _l("No, it is an idea of its own"))]


class ContinueForm(tk.QuestionForm):
    """A page whose answer is that the resident has seen it (similar ideas, attachments)."""


class TakePartForm(tk.QuestionForm):
    take_part = RadioField(_l("Do you want to take part in developing the idea?"), choices=[
        SelectChoice("yes", _l("Yes, I would like to take part")),
        SelectChoice("no", _l("No, not now"))],
        validators=[InputRequired(_l("Select whether you want to take part"))])


class ResidentContactForm(tk.QuestionForm):
    name = StringField(_l("Your name"), validators=[Optional(), tk.PersonName()])
    email = StringField(_l("E-mail address"), validators=[Optional(), tk.EmailAddress()])
    phone = StringField(_l("Mobile number"), validators=[Optional(), tk.SwedishMobileNumber()])


def work_domain(address: str) -> str:
    return address.rpartition("@")[2].lower()


class WorkEmailForm(tk.QuestionForm):
    name = StringField(_l("Your name"), validators=[
        DataRequired(_l("Enter your name")), tk.PersonName()])
    email = StringField(_l("Your work e-mail address"), validators=[
        DataRequired(_l("Enter your work e-mail address")), tk.EmailAddress()])

    def validate_email(self, field) -> None:
        if field.data and work_domain(field.data) not in settings.employee_email_domains():
            raise ValidationError(_l("Enter an e-mail address of the municipality, like "
                                     "name@%(domain)s", domain=_first_domain()))


def _first_domain() -> str:
    return min(settings.employee_email_domains(), default="exempelkommun.se")
