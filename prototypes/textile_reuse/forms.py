"""The questions: where, what, when, and a mobile number for the confirmation."""

from __future__ import annotations

from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from wtforms import RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length

from eservices import toolkit as tk

from .domain import Slot

KINDS = [SelectChoice("clothes", _l("Clothes")), SelectChoice("shoes", _l("Shoes")),
         SelectChoice("home", _l("Home textiles, such as curtains and bed linen")),
         SelectChoice("worn", _l("Worn-out textiles for recycling"))]
AMOUNTS = [SelectChoice("small", _l("1–2 bags")), SelectChoice("medium", _l("3–5 bags")),
           SelectChoice("large", _l("More than 5 bags"))]


class AddressPage(tk.QuestionForm):
    street = StringField(_l("Street address"), validators=[
        InputRequired(_l("Enter the street address")), Length(max=200)])
    postal_code = StringField(_l("Postal code"), validators=[
        InputRequired(_l("Enter the postal code")), tk.PostalCode()])


class TextilesPage(tk.QuestionForm):
    kinds = tk.MultiCheckboxField(_l("What would you like us to pick up?"), choices=KINDS,
                               validators=[InputRequired(_l("Select at least one kind"))])
    amount = RadioField(_l("How much is it?"), choices=AMOUNTS,
                        validators=[InputRequired(_l("Select how much it is"))])


class SlotPage(tk.QuestionForm):
    slot = RadioField(_l("When should we come?"),
                      validators=[InputRequired(_l("Select a time for the pick-up"))])

    def __init__(self, *args, slots: list[Slot] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Offered slots move with the days: a saved slot that has passed is invalid.
        self.slot.choices = [SelectChoice(s.key, f"{format_date(s.day, 'EEEE d MMMM')}, "
                                                 f"{s.time}") for s in slots]


class ContactPage(tk.QuestionForm):
    phone = StringField(_l("Mobile number"), validators=[
        InputRequired(_l("Enter a mobile number so that we can confirm the pick-up")),
        tk.SwedishMobileNumber()])
