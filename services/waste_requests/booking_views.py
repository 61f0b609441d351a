"""Booking a bulky-waste pick-up or an extra emptying, and cancelling it by its link.

start → what → address → choose the address → which bin (extra emptying) or
which things (bulky waste) → which day → contact → check (with the price) →
confirmation.  The days offered are the booking window's working days that
still have room; a day that fills while the resident is on the check page is
refused there, with the answers kept, and nothing is booked twice by a double
click (the journey is claimed once).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import format_date, format_datetime
from flask_babel import gettext as _
from sqlalchemy import select

from eservices import toolkit as tk

from . import booking_filing
from .bookings import (
    DayFull,
    booking_for_token,
    can_cancel,
    cancel_deadline,
    offered_days,
    release_place,
)
from .filing import Contact
from .forms import (
    AddressPage,
    ContactPage,
    ContainerPage,
    DayPage,
    ItemsPage,
    KindPage,
    PropertyPage,
)
from .lookup import container_states, needs_search, offered_places, place
from .models import Booking
from .prices import prices
from .settings import settings
from .texts import fraction_text

LOOKUPS_PER_HOUR = 120
LONG_DATE = "d MMMM y"


def _answers(journey: tk.Journey) -> tk.Answers:
    return FLOW.answers(journey)


def _places(journey: tk.Journey) -> dict[str, Any]:
    return {"places": offered_places(_answers(journey).value("address"))}


def _containers_of(journey: tk.Journey) -> list[Any]:
    return [s.container for s in container_states(_answers(journey).value("property"))]


def _container_choices(journey: tk.Journey) -> dict[str, Any]:
    choices = []
    for container in _containers_of(journey):
        price = prices().extra_emptying_price(container.litres)
        if price is not None:
            choices.append((container.container_id,
                            f"{fraction_text(container.fraction)}, {container.litres} l "
                            f"({tk.format_sek(price)})"))
    return {"choices": choices}


def _item_choices(_journey: tk.Journey) -> dict[str, Any]:
    tariff = prices()
    language = tk.current_language()
    return {"choices": [(item.key, f"{item.name(language)} ({tk.format_sek(item.price)})")
                        for item in tariff.items],
            "max_items": tariff.bulky_max_items}


def _day_choices(_journey: tk.Journey) -> dict[str, Any]:
    return {"choices": [(day.isoformat(), format_date(day, "EEEE d MMMM"))
                        for day in offered_days(tk.clock.today(), settings())]}


def _is(kind: str):
    return lambda answers: answers.value("kind") == kind


FLOW = tk.Flow("waste_requests_booking", [
    tk.Step("kind", KindPage, "waste_requests/kind.html"),
    tk.Step("address", AddressPage, "waste_requests/address.html", condition=needs_search),
    tk.Step("property", PropertyPage, "waste_requests/property.html", form_kwargs=_places),
    tk.Step("container", ContainerPage, "waste_requests/container.html",
            condition=_is("extra_emptying"), form_kwargs=_container_choices),
    tk.Step("items", ItemsPage, "waste_requests/items.html", condition=_is("bulky"),
            form_kwargs=_item_choices),
    tk.Step("day", DayPage, "waste_requests/day.html", form_kwargs=_day_choices),
    tk.Step("contact", ContactPage, "waste_requests/contact.html"),
], step_endpoint=".booking_question", check_endpoint=".booking_check",
    start_endpoint=".start", confirmation_endpoint=".booking_confirmation")


def _chosen(journey: tk.Journey) -> dict[str, Any]:
    """What the answers book: kind, property, container, items, day and the price."""
    answers = _answers(journey)
    kind = answers.value("kind")
    container_id = answers.value("container") if kind == "extra_emptying" else None
    container = next((c for c in _containers_of(journey) if c.container_id == container_id),
                     None)
    items = tuple(answers.value("items") or ()) if kind == "bulky" else ()
    day_text = answers.value("day")
    try:
        price = booking_filing.price_of(kind, container, items) if kind else None
    except booking_filing.Unbookable:
        price = None
    return {"kind": kind, "place": place(answers.value("property")), "container": container,
            "items": items, "day": date.fromisoformat(day_text) if day_text else None,
            "price": price}


def begin():
    return FLOW.begin()


@tk.guard(LOOKUPS_PER_HOUR, 3600)
def question(step: str):
    return FLOW.page(FLOW.by_slug(step).name, base_price=tk.format_sek(prices().bulky_base))


def _submit(journey: tk.Journey, answers: tk.Answers) -> None:
    """Claimed: book the day (``DayFull`` rolls the claim back with it) and send the receipt."""
    chosen, contact = _chosen(journey), answers.form("contact")
    assert contact is not None and journey.reference and chosen["place"] is not None
    booking_filing.book_pick_up(
        chosen["kind"], chosen["place"], chosen["day"],
        Contact(contact.phone.data or "", contact.email.data or "", tk.current_language()),
        container=chosen["container"], items=chosen["items"], reference=journey.reference)


def check():
    journey = FLOW.current()
    missing = FLOW.first_unanswered(journey)
    if missing is not None and missing.name == "day" and journey.has("day"):
        # The day was chosen, and has filled up (or left the window) since.
        return _day_gone()
    chosen = _chosen(journey) if missing is None else {}
    try:
        return FLOW.check("waste_requests/booking_check.html", _submit,
                          reference_prefix="HB", chosen=chosen,
                          cancel_by=_cancel_by(chosen.get("day")))
    except DayFull:
        tk.db.session.rollback()
        return _day_gone()


def _day_gone():
    flash(_("The day you chose has just been fully booked. Choose another day."), "warning")
    return redirect(FLOW.url(FLOW.step("day")), code=303)


def _cancel_by(day: date | None) -> str:
    return format_datetime(cancel_deadline(day, settings()), "d MMMM y HH:mm") if day else ""


def confirmation():
    journey = FLOW.finished()
    if journey is None:
        return redirect(url_for(".start"))
    booking = tk.db.session.scalar(select(Booking).where(
        Booking.reference == journey.reference))
    return render_template("waste_requests/booking_confirmation.html", booking=booking,
                           reference=journey.reference,
                           cancel_by=_cancel_by(booking.day if booking else None))


@tk.guard(30, 3600)
def cancel(token: str):
    booking = booking_for_token(token)
    if booking is None:
        abort(404)
    form = tk.SubmitForm()
    now = tk.clock.now()
    allowed = can_cancel(booking, now, settings())
    if allowed and form.validate_on_submit():
        try:
            tk.transition(booking, ("booked",), "cancelled", action="booking_cancelled",
                          actor="resident")
        except tk.StatusConflict:
            tk.db.session.rollback()
        else:
            booking.updated_at = now
            release_place(booking.day)
            tk.db.session.commit()
        return redirect(url_for(".cancel", token=token), code=303)
    tk.db.session.commit()
    return render_template("waste_requests/cancel.html", booking=booking, form=form,
                           allowed=allowed, cancel_by=_cancel_by(booking.day),
                           what=booking_filing.describe(booking, _fraction(booking)))


def _fraction(booking) -> str:
    if not booking.container_id:
        return ""
    return next((s.container.fraction for s in container_states(booking.designation)
                 if s.container.container_id == booking.container_id), "")
