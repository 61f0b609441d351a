"""The question pages of the two journeys: one question each, as GOV.UK patterns ask."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from eservices import toolkit as tk

KINDS = [SelectChoice("bulky", _l("Bulky waste pick-up (furniture and other large things)")),
         SelectChoice("extra_emptying", _l("Extra emptying of a bin"))]


class AddressPage(tk.QuestionForm):
    street = StringField(_l("Street address"), validators=[
        InputRequired(_l("Enter the street address, for example Storgatan 1")),
        Length(min=2, max=100, message=_l("Enter at least 2 and at most 100 characters"))])


class PropertyPage(tk.QuestionForm):
    """The addresses the search found; a saved choice no longer offered is invalid."""

    designation = RadioField(_l("Choose the address"), validators=[
        InputRequired(_l("Choose the address"))])

    def __init__(self, *args, places=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.designation.choices = [
            SelectChoice(p.designation, f"{p.street_address}, "
                                        f"{tk.display_postal_code(p.postal_code)} {p.city}")
            for p in places]


class _OfferedChoices(tk.QuestionForm):
    """A page whose one question offers what the journey found (``choices`` passed in).

    Offered anew on every request: a saved answer no longer offered (a day that
    filled up, a bin that went) is invalid, and the resident chooses again.
    """

    question = ""  # the name of the field the choices are for

    def __init__(self, *args, choices=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self[self.question].choices = [SelectChoice(value, label) for value, label in choices]


class ContainersPage(_OfferedChoices):
    question = "containers"
    containers = tk.MultiCheckboxField(_l("Which bins were not emptied?"), validators=[
        InputRequired(_l("Choose at least one bin"))])


class ContainerPage(_OfferedChoices):
    question = "container"
    container = RadioField(_l("Which bin should we empty?"), validators=[
        InputRequired(_l("Choose the bin"))])


class KindPage(tk.QuestionForm):
    kind = RadioField(_l("What do you want to book?"), choices=KINDS, validators=[
        InputRequired(_l("Choose what you want to book"))])


class ItemsPage(_OfferedChoices):
    question = "items"
    items = tk.MultiCheckboxField(_l("What should we pick up?"), validators=[
        InputRequired(_l("Choose at least one thing to pick up"))])

    def __init__(self, *args, choices=(), max_items: int = 10, **kwargs) -> None:
        super().__init__(*args, choices=choices, **kwargs)
        self.max_items = max_items

    def validate_items(self, field) -> None:
        if field.data and len(field.data) > self.max_items:
            raise ValidationError(_l("Choose at most %(max)d things for one pick-up",
                                     max=self.max_items))


class DayPage(_OfferedChoices):
    question = "day"
    day = RadioField(_l("Which day should we come?"), validators=[
        InputRequired(_l("Choose a day"))])


class ContactPage(tk.QuestionForm):
    """A receipt needs a way to reach the resident: a mobile number, an e-mail, or both."""

    phone = StringField(_l("Mobile number"), validators=[Optional(), tk.SwedishMobileNumber()])
    email = StringField(_l("E-mail address"), validators=[Optional(), tk.EmailAddress()])

    def validate(self, extra_validators=None) -> bool:
        # Both fields are optional on their own (``Optional`` ends their checks when
        # empty), so "one of the two" is the form's rule, not a field's.
        valid = super().validate(extra_validators)
        if valid and not (self.phone.data or "").strip() and not (self.email.data or "").strip():
            self.phone.errors = [*self.phone.errors, _l(
                "Enter a mobile number or an e-mail address so that we can send you the "
                "receipt")]
            return False
        return valid
