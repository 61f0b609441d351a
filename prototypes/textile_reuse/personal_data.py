"""What the prototype keeps about people: its part of Mina sidor, erasure and retention.

A booking holds a street address and the mobile number the confirmation went
to; the number ties it to a resident.  A pick-up still to come is kept on
erasure (the reuse market's staff need the address to come, and it goes a
set time after the day anyway); a booking whose day has passed is removed at
once, and by retention a month after its day - time enough for a question
about a pick-up that did not happen.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from eservices import toolkit as tk

from .forms import AMOUNTS, KINDS
from .models import Booking

BOOKING_DAYS = 30


def _item(booking: Booking) -> tk.DataItem:
    kinds = {choice.value: str(choice.label) for choice in KINDS}
    amounts = {choice.value: str(choice.label) for choice in AMOUNTS}
    upcoming = booking.pickup_day >= tk.clock.today()
    return tk.DataItem(
        title=_("Textile pick-up %(reference)s", reference=booking.reference),
        status=_("Booked") if upcoming else _("The day has passed"), when=booking.booked_at,
        record={"reference": booking.reference, "street": booking.street,
                "postal_code": booking.postal_code, "kinds": list(booking.kinds),
                "amount": booking.amount, "pickup_day": booking.pickup_day.isoformat(),
                "pickup_time": booking.pickup_time, "phone": booking.phone,
                "language": booking.language, "booked_at": booking.booked_at.isoformat()},
        details=[(_("Address"), f"{booking.street}, {tk.display_postal_code(booking.postal_code)}"),
                 (_("When"), f"{format_date(booking.pickup_day, 'EEEE d MMMM y')}, "
                             f"{booking.pickup_time}"),
                 (_("What"), ", ".join(kinds.get(kind, kind) for kind in booking.kinds)),
                 (_("How much"), amounts.get(booking.amount, booking.amount)),
                 (_("Mobile number"), tk.display_mobile(booking.phone))])


def find(subject: tk.DataSubject) -> list[tk.DataSection]:
    bookings = tk.db.session.scalars(
        select(Booking).where(Booking.phone.in_(subject.phone_numbers))
        .order_by(Booking.pickup_day.desc(), Booking.id.desc())).all() \
        if subject.phone_numbers else []
    return [tk.DataSection(key="textile_pickups", title=_("Textile pick-ups"),
                           items=[_item(booking) for booking in bookings],
                           empty_text=_("You have not booked any textile pick-ups."))]


def erase(subject: tk.DataSubject) -> tk.ErasureOutcome:
    """Past pick-ups go; one still to come stays until a month after its day."""
    if not subject.phone_numbers:
        return tk.ErasureOutcome()
    today = tk.clock.today()
    removed = tk.db.session.execute(
        delete(Booking).where(Booking.phone.in_(subject.phone_numbers), Booking.pickup_day
                              < today).execution_options(synchronize_session=False)
    ).rowcount or 0
    coming = tk.db.session.scalars(select(Booking.pickup_day).where(
        Booking.phone.in_(subject.phone_numbers)).order_by(Booking.pickup_day.desc())).all()
    kept = [tk.KeptData(
        what=_("Textile pick-ups still to come"),
        reason=_("We need the address and your number to make the pick-up. They are "
                 "removed a month after the day of the pick-up."),
        until=coming[0] + timedelta(days=BOOKING_DAYS))] if coming else []
    return tk.ErasureOutcome(removed=removed, kept=kept)


def drop_old_bookings(cutoff: datetime) -> int:
    """Retention "bookings": a booking whose pick-up day was before ``cutoff`` goes."""
    day = cutoff.astimezone(tk.STOCKHOLM).date()
    return tk.db.session.execute(delete(Booking).where(Booking.pickup_day < day)
                                 .execution_options(synchronize_session=False)).rowcount or 0


PERSONAL_DATA = tk.PersonalData(
    resident_data=tk.ResidentData(find=f"{__name__}:find", erase=f"{__name__}:erase"),
    retention=(tk.Retention(
        "bookings", "bookings", BOOKING_DAYS, f"{__name__}:drop_old_bookings",
        _l("Textile pick-up bookings (the address, what was picked up and the mobile number), "
           "counted from the day of the pick-up: a month for questions about it.")),))
