"""Step one: prove you hold the subscription (customer number + property).

Until residents sign in with e-ID, the customer number from the invoice together
with the property designation or street address is the proof.  The match is
made on the server on every page (the journey never trusts a subscription id
sent by the browser), a mismatch says nothing about which half was wrong or
what else exists, and failed attempts count against the budgets of
``attempts`` (per client and per customer number).  Signing in with e-ID is the
other way (``eid.py``): it finds the subscription by personal identity number and
leaves the same answers this form does, so everything after it is the same.
"""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import InputRequired, Length, ValidationError

from eservices import toolkit as tk

from .household import Household, household

CUSTOMER_NUMBER = re.compile(r"\d{6}")


def normalise_customer_number(text: str) -> str:
    """'100 001' and '100-001' are typed from invoices; keep only the digits."""
    return re.sub(r"[\s-]", "", text or "")


def normalise_place(text: str) -> str:
    """Compare designations and addresses without case, extra spaces or 'g.'/'gatan'."""
    text = re.sub(r"\s+", " ", (text or "").strip().lower())
    text = re.sub(r"(?<=\w)g\.(?=\s|$)", "gatan", text)  # "Storg. 1" is "Storgatan 1"
    return re.sub(r"\s*:\s*", ":", text)


def find_subscription(customer_number: str, place: str) -> Household | None:
    """The register's subscription of this customer at this property, or None."""
    number = normalise_customer_number(customer_number)
    wanted = normalise_place(place)
    if not CUSTOMER_NUMBER.fullmatch(number) or not wanted:
        return None
    found = household(number)
    if found is None:
        return None
    prop = found.property
    known = {normalise_place(prop.designation), normalise_place(prop.street_address)}
    return found if wanted in known else None


class IdentifyForm(tk.QuestionForm):
    customer_number = StringField(_l("Customer number"), validators=[
        InputRequired(_l("Enter your customer number")), Length(max=20)])
    place = StringField(_l("Property designation or street address"), validators=[
        InputRequired(_l("Enter the property designation or the street address")),
        Length(max=200)])

    subscription: Household | None = None

    def validate_customer_number(self, field) -> None:
        if not CUSTOMER_NUMBER.fullmatch(normalise_customer_number(field.data)):
            field.error_kind = "invalid"
            raise ValidationError(_l("Enter the customer number as 6 digits, like 100234. "
                                     "You find it on your invoice"))

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        self.subscription = find_subscription(self.customer_number.data, self.place.data)
        if self.subscription is None:
            self.customer_number.error_kind = "no_match"
            self.customer_number.errors = [str(_l(
                "The customer number and the property do not match any subscription. "
                "Check both against your invoice"))]
            tk.validation_failed.send(self, kinds=self.error_kinds())
            return False
        return True
