"""Booking a pick-up, from the resident's pages and from Open311 alike: price, cap, receipt.

The price is the tariff's at the moment of booking and is stored with the
booking, so a later price change never rewrites what a resident was told.
The receipt carries a signed cancel link (``tk.tokens``), built on
``PUBLIC_BASE_URL`` (``tk.public_url``), and the cancellation deadline.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from flask_babel import format_date, format_datetime

from eservices import toolkit as tk

from .bookings import book, cancel_deadline, cancel_token
from .filing import Contact, fraction_name, send
from .models import Booking
from .prices import prices
from .settings import MODULE_ID, settings


class Unbookable(Exception):
    """The booking cannot be priced or has no items; the message says why (English, API)."""


def price_of(kind: str, container=None, items: Sequence[str] = ()):
    tariff = prices()
    if kind == "extra_emptying":
        price = tariff.extra_emptying_price(container.litres) if container else None
        if price is None:
            raise Unbookable("The tariff has no extra emptying of that container size")
        return price
    if not items:
        raise Unbookable("attribute[items]: choose at least one item")
    if len(items) > tariff.bulky_max_items:
        raise Unbookable(f"attribute[items]: at most {tariff.bulky_max_items} items a pick-up")
    return tariff.bulky_price(list(items))


def book_pick_up(kind: str, place, day: date, contact: Contact, *, container=None,
                 items: Sequence[str] = (), reference: str, source: str = "web") -> Booking:
    """Add the booking and its receipt to the session; ``DayFull`` or ``Unbookable``."""
    price = price_of(kind, container, items)
    booking = book(Booking(
        reference=reference, kind=kind, day=day, designation=place.designation,
        street_address=place.street_address,
        container_id=container.container_id if container else "", items=list(items),
        price=price, phone=contact.phone, email=contact.email, language=contact.language,
        source=source, created_at=tk.clock.now(), updated_at=tk.clock.now()), settings())
    send_receipt(booking, container.fraction if container else "")
    return booking


def describe(booking: Booking, fraction: str = "") -> str:
    """What was booked, in the booking's language: "extra emptying of residual waste"."""
    with tk.in_language(MODULE_ID, booking.language) as t:
        if booking.kind == "bulky":
            tariff = prices()
            names = [tariff.item(key).name(booking.language) for key in booking.items
                     if tariff.item(key) is not None]
            return t.gettext("bulky waste pick-up (%(items)s)", items=", ".join(names))
        return t.gettext("extra emptying of %(container)s",
                         container=fraction_name(fraction, booking.language).lower()
                         if fraction else t.gettext("a bin"))


def send_receipt(booking: Booking, fraction: str = "") -> None:
    rules = settings()
    with tk.in_language(MODULE_ID, booking.language):
        values = {
            "reference": booking.reference, "what": describe(booking, fraction),
            "date": format_date(booking.day, "d MMMM"), "street": booking.street_address,
            "price": tk.format_sek(booking.price),
            "cancel_by": format_datetime(cancel_deadline(booking.day, rules), "d MMMM HH:mm"),
            "cancel_url": tk.public_url(f"{MODULE_ID}.cancel", token=cancel_token(booking)),
        }
    send(booking, "booking_receipt", values, key=f"{booking.reference}:booking_receipt")
