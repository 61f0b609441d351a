"""The journey: start → address → textiles → time → mobile → check → confirmation.

The platform's journey engine (``FLOW``) owns the order, the back and change
links and the guard against skipping ahead; these handlers say what the pages
show and what booking does.
"""

from __future__ import annotations

from typing import Any

from flask import redirect, render_template, url_for
from flask_babel import format_date

from eservices import toolkit as tk

from .domain import Slot, drop_off_points, upcoming_slots
from .forms import AddressPage, ContactPage, SlotPage, TextilesPage
from .models import Booking


def _offered_slots(_journey: tk.Journey) -> dict[str, Any]:
    """The slots offered today (the Swedish date: after midnight UTC is already tomorrow)."""
    return {"slots": upcoming_slots(tk.clock.today())}


FLOW = tk.Flow("textile_reuse", [
    tk.Step("address", AddressPage, "textile_reuse/address.html"),
    tk.Step("textiles", TextilesPage, "textile_reuse/textiles.html"),
    tk.Step("slot", SlotPage, "textile_reuse/slot.html", form_kwargs=_offered_slots),
    tk.Step("contact", ContactPage, "textile_reuse/contact.html"),
])


def _booking(journey: tk.Journey, answers: tk.Answers) -> dict[str, str] | None:
    """The booked day, time and street as the SMS and the confirmation page write them.

    None once the slot is no longer offered (the confirmation page seen days later).
    """
    address, slot = answers.form("address"), _chosen_slot(journey, answers)
    if address is None or slot is None:
        return None
    return {"street": address.street.data, "date": format_date(slot.day, "EEEE d MMMM"),
            "time": slot.time}


def _chosen_slot(journey: tk.Journey, answers: tk.Answers) -> Slot | None:
    slot_form = answers.form("slot")
    slots = FLOW.kwargs_for(FLOW.step("slot"), journey)["slots"]
    return next((s for s in slots if slot_form and s.key == slot_form.slot.data), None)


def _book(journey: tk.Journey, answers: tk.Answers) -> None:
    """The journey has just been claimed: the booking and its SMS go in the same commit."""
    booking, contact = _booking(journey, answers), answers.form("contact")
    address, textiles = answers.form("address"), answers.form("textiles")
    slot = _chosen_slot(journey, answers)
    assert booking and contact and address and textiles and slot and journey.reference
    tk.db.session.add(Booking(
        reference=journey.reference, journey_id=journey.state.id,
        street=address.street.data.strip(), postal_code=address.postal_code.data,
        kinds=list(textiles.kinds.data), amount=textiles.amount.data, pickup_day=slot.day,
        pickup_time=slot.time, phone=contact.phone.data, language=tk.current_language()))
    tk.send_sms(contact.phone.data, template="textile_reuse/confirmation",
                personalisation={"reference": journey.reference, **booking},
                language=tk.current_language(), category="receipt",
                reference=journey.reference)


def start():
    return render_template("textile_reuse/start.html")


def drop_off():
    return render_template("textile_reuse/drop_off.html", points=drop_off_points(),
                           language=tk.current_language())


def begin():
    return FLOW.begin()


def question(step: str):
    return FLOW.page(FLOW.by_slug(step).name)


def check():
    return FLOW.check("textile_reuse/check.html", _book, reference_prefix="TX")


def confirmation():
    journey = FLOW.finished()
    if journey is None:
        return redirect(url_for(".start"))
    return render_template("textile_reuse/confirmation.html", reference=journey.reference,
                           booking=_booking(journey, FLOW.answers(journey)))
