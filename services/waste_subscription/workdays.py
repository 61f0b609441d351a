"""Swedish working days, for when a change to a subscription can take effect at the earliest.

The tariff promises that a change takes effect a number of working days after the request,
which is the time the municipality needs to reschedule collection routes. Working days are
Monday to Friday except public holidays (allmänna helgdagar) and the eves that Swedish
working life treats as holidays: Midsommarafton, Julafton and Nyårsafton. Days when work
ends at 14.00 (Skärtorsdagen, Valborgsmässoafton and so on) are working days.
"""

from __future__ import annotations

import functools
from datetime import date, timedelta
from typing import TYPE_CHECKING

import holidays

if TYPE_CHECKING:
    from .tariff import Tariff

# "public" are the allmänna helgdagar; "de_facto" are the eves above. The "bank" and
# "optional" categories add half days and squeeze days (klämdagar), which are working days.
_CATEGORIES = ("public", "de_facto")
_HALF_DAY_MARKERS = ("(från kl", "(from ")


@functools.cache
def holidays_in(year: int) -> frozenset[date]:
    """Holidays and holiday eves of ``year`` that are not working days (some on weekends)."""
    found = holidays.Sweden(years=year, include_sundays=False, categories=_CATEGORIES,
                            language="sv")
    return frozenset(
        day for day, name in found.items()
        if not any(marker in part for part in name.split("; ") for marker in _HALF_DAY_MARKERS)
    )


def holiday_name(day: date, language: str = "sv") -> str | None:
    """The name of the holiday on ``day`` in Swedish or English, for messages; else None."""
    if day not in holidays_in(day.year):
        return None
    found = holidays.Sweden(years=day.year, include_sundays=False, categories=_CATEGORIES,
                            language="sv" if language.startswith("sv") else "en_US")
    return found.get(day)


def is_working_day(day: date) -> bool:
    """Monday to Friday, and not a public holiday or a holiday eve."""
    return day.weekday() < 5 and day not in holidays_in(day.year)


def add_working_days(start: date, n: int) -> date:
    """The ``n``-th working day after ``start`` (``start`` itself for 0).

    ``start`` need not be a working day: the first working day after a Saturday is Monday.
    """
    if n < 0:
        raise ValueError("n must not be negative")
    day = start
    while n:
        day += timedelta(days=1)
        if is_working_day(day):
            n -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """How many working days fall after ``start`` up to and including ``end``."""
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        count += is_working_day(day)
    return count


def earliest_effective_date(tariff: Tariff, requested_on: date) -> date:
    """The first day a change requested on ``requested_on`` can take effect."""
    return add_working_days(requested_on, tariff.earliest_effective_working_days)
