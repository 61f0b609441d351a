"""Booking rules for bulky-waste pick-ups and extra emptyings: days, cap, cut-off, price.

A pick-up is booked for a working day from ``BOOKING_LEAD_DAYS`` working days
ahead up to ``BOOKING_WINDOW_DAYS`` days ahead, on a day that has not reached
its cap (``BOOKINGS_PER_DAY``, the crews' capacity).  It can be cancelled until
``CANCEL_CUTOFF_HOURS`` before the pick-up day starts (Swedish time).  The date
rules are pure; ``book`` is the one place that writes.  It takes a place from
the day's ``DayCapacity`` row with one conditional ``UPDATE ... SET taken =
taken + 1 WHERE taken < cap`` in the booking's transaction: the database locks
the row, so of two residents racing for the last place (on PostgreSQL too,
where a count after the insert let both through) only one update matches and
the second is told the day is full.  A cancellation gives the place back.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from sqlalchemy import select, update

from eservices import toolkit as tk

from .models import Booking, DayCapacity
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
    """The places taken on each of ``days`` (a day nobody booked has no row: none)."""
    if not days:
        return {}
    rows = tk.db.session.execute(
        select(DayCapacity.day, DayCapacity.taken).where(DayCapacity.day.in_(list(days))))
    return {day: taken for day, taken in rows}


def take_place(day: date, cap: int) -> bool:
    """Take one of ``day``'s ``cap`` places in the caller's transaction; False when full.

    The row is created first if the day has none (``ON CONFLICT DO NOTHING``: two
    first bookings of a day make one row), then the conditional ``UPDATE``'s row
    count says whether a place was free when the row lock was ours.
    """
    tk.db.session.execute(tk.upsert_insert(DayCapacity).values(day=day, taken=0)
                          .on_conflict_do_nothing(index_elements=["day"]))
    taken = tk.db.session.execute(
        update(DayCapacity).where(DayCapacity.day == day, DayCapacity.taken < cap)
        .values(taken=DayCapacity.taken + 1).execution_options(synchronize_session=False))
    return taken.rowcount == 1


def release_place(day: date) -> None:
    """Give a cancelled booking's place back, in the cancellation's transaction."""
    tk.db.session.execute(
        update(DayCapacity).where(DayCapacity.day == day, DayCapacity.taken > 0)
        .values(taken=DayCapacity.taken - 1).execution_options(synchronize_session=False))


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
    if not take_place(booking.day, rules.bookings_per_day):
        raise DayFull(booking.day)  # nothing was written but the day's (empty) row
    tk.db.session.add(booking)
    tk.db.session.flush()
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
