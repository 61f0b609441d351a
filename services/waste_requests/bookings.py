"""Booking rules for bulky-waste pick-ups and extra emptyings: days, cap, cut-off, price.

A pick-up is booked for a working day from ``BOOKING_LEAD_DAYS`` working days
ahead up to ``BOOKING_WINDOW_DAYS`` days ahead, on a day that has not reached
its cap (``BOOKINGS_PER_DAY``, the crews' capacity).  It can be cancelled until
``CANCEL_CUTOFF_HOURS`` before the pick-up day starts (Swedish time).  The date
rules are pure; ``book`` is the one place that writes, and it counts the day
after its own insert, in the same transaction, so two residents racing for the
last place cannot both get it (the second is told the day is full).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select

from eservices import toolkit as tk

from .models import Booking
from .settings import Settings
from .workdays import is_working_day, working_days_after


class DayFull(Exception):
    """The chosen day reached its cap while the resident was choosing."""


def candidate_days(today: date, rules: Settings) -> list[date]:
    first = working_days_after(today, rules.booking_lead_days)
    last = today + timedelta(days=rules.booking_window_days)
    days, day = [], first
    while day <= last:
        if is_working_day(day):
            days.append(day)
        day += timedelta(days=1)
    return days


def booked_per_day(days: Sequence[date]) -> dict[date, int]:
    if not days:
        return {}
    rows = tk.db.session.execute(
        select(Booking.day, func.count()).where(Booking.day.in_(list(days)),
                                                Booking.status != "cancelled")
        .group_by(Booking.day))
    return {day: count for day, count in rows}


def offered_days(today: date, rules: Settings) -> list[date]:
    """The days a pick-up can be booked for now: in the window, not full."""
    days = candidate_days(today, rules)
    taken = booked_per_day(days)
    return [day for day in days if taken.get(day, 0) < rules.bookings_per_day]


def cancel_deadline(day: date, rules: Settings) -> datetime:
    start = datetime.combine(day, time(0), tzinfo=tk.STOCKHOLM)
    return start - timedelta(hours=rules.cancel_cutoff_hours)


def can_cancel(booking: Booking, now: datetime, rules: Settings) -> bool:
    return booking.status == "booked" and now < cancel_deadline(booking.day, rules)


def book(booking: Booking, rules: Settings) -> Booking:
    """Add the booking; ``DayFull`` when the day has no place left (the caller rolls back)."""
    if booking.day not in candidate_days(tk.clock.today(), rules):
        raise DayFull(booking.day)
    tk.db.session.add(booking)
    tk.db.session.flush()
    if booked_per_day([booking.day]).get(booking.day, 0) > rules.bookings_per_day:
        raise DayFull(booking.day)  # the caller rolls back: the insert goes with it
    return booking


def cancel_token(booking: Booking) -> str:
    return tk.tokens.sign("waste_requests.cancel", booking.reference)


def booking_for_token(token: str) -> Booking | None:
    try:
        reference = tk.tokens.unsign("waste_requests.cancel", token)
    except tk.InvalidToken:
        return None
    if not isinstance(reference, str):
        return None
    return tk.db.session.scalar(select(Booking).where(Booking.reference == reference))
