"""Signing up while signed in with e-ID: a number already proven needs no code.

A code proves that whoever signs up holds the number.  A resident signed in
with e-ID who once answered a code for a number (here or in another service)
has it among their proven contacts (``subject.phone_numbers``), so asking
again proves nothing new and costs an SMS: the subscription starts at once.
A number typed for the first time still gets a code, and answering it while
signed in ties the number to the identity for the next time.

Submitting without a code is made exactly-once by claiming the journey (the
database lets one of two racing clicks win) and a welcome text keyed on it.
"""

from __future__ import annotations

from typing import Any

from flask import redirect, session, url_for

from eservices import toolkit as tk
from eservices.toolkit import db

from .settings import MODULE_ID
from .verification import subscribe_number

DONE_KEY = "collection_alerts_done"  # as signup.DONE_KEY: the subscription just confirmed


def proven_number(phone: str) -> bool:
    """Whether the signed-in resident has proven ``phone`` to be theirs."""
    resident = tk.signed_in_resident()
    return resident is not None and phone in resident.subject.phone_numbers


def remember_proof(phone: str) -> None:
    """A code for ``phone`` was just answered: tie it to the signed-in resident, if any."""
    tk.prove_resident_contact("sms", phone, MODULE_ID)


def subscribe_without_code(journey: tk.Journey, pending: dict[str, Any], phone: str):
    """Start the texts for a number the resident's e-ID already vouches for."""
    if not journey.claim(tk.new_reference("CA")):
        # The other click of a double click is starting the same subscription.
        return redirect(url_for(".confirmation"), code=303)
    subscription = subscribe_number(phone, pending, welcome_key=f"welcome:{journey.state.id}")
    remember_proof(phone)  # renews when the number was last proven
    session[DONE_KEY] = subscription.id
    tk.Journey.restart(journey.name)  # the next sign-up starts afresh
    db.session.commit()
    return redirect(url_for(".confirmation"), code=303)
