"""Identifying with e-ID instead of the customer number and the property.

Signing in with e-ID at the module's level (``minimum_assurance``, loa3:
BankID or Freja eID+) proves who the resident is; the waste register knows
which customers have that personal identity number.  The journey then keeps
the same identification answers a typed identification leaves (customer
number and property designation), so every later page re-identifies the
subscription exactly as before and nothing after this page changes.  The
answers come from the register, never from the browser: a choice between
several subscriptions is checked against the resident's own.

A resident the register does not know is told so, and can still identify
with customer number and property.  No lookup here spends the identification
budgets: nothing is guessed, the identity is proven.
"""

from __future__ import annotations

from flask import redirect, render_template, url_for
from flask_babel import lazy_gettext as _l
from wtforms import RadioField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

from eservices import toolkit as tk

from .household import Household, household
from .journey import FLOW, JOURNEY

TEMPLATE = "waste_subscription/eid_choose.html"


class ChooseForm(tk.QuestionForm):
    customer_number = RadioField(_l("Which subscription do you want to change?"), validators=[
        InputRequired(_l("Select the subscription you want to change"))])


def households_of(personal_number: str) -> list[Household]:
    """The subscriptions held by the customers with this identity number, in force today."""
    found = []
    for customer in tk.waste_register().customers_by_identity(personal_number):
        held = household(customer.customer_number)
        if held is not None:
            found.append(held)
    return sorted(found, key=lambda held: held.id)


def _identify_as(held: Household):
    """Continue the journey as if the resident had typed this subscription's details."""
    journey = tk.Journey.fresh(JOURNEY)
    answers = dict(journey.state.answers)
    identified = {"customer_number": [held.id], "place": [held.property.designation]}
    if answers.get("identify") != identified:
        answers = {}  # another subscription (or none yet): start over
    journey.state.answers = {**answers, "identify": identified}
    tk.db.session.commit()
    return redirect(FLOW.next_url(journey, FLOW.step("identify")), code=303)


@tk.require_resident()  # the module's minimum_assurance (loa3)
def eid_identify():
    resident = tk.signed_in_resident()
    assert resident is not None
    held = households_of(resident.personal_number)
    if not held:
        return render_template("waste_subscription/eid_none.html",
                               identify_url=url_for(".identify_page"))
    if len(held) == 1:
        return _identify_as(held[0])
    form = ChooseForm()
    form.customer_number.choices = [
        SelectChoice(h.id, f"{h.property.street_address}, {h.property.designation} ({h.id})")
        for h in held]
    if form.validate_on_submit():  # the choices are the resident's own: nothing else passes
        return _identify_as(next(h for h in held if h.id == form.customer_number.data))
    return render_template(TEMPLATE, form=form, back=url_for(".identify_page"))
