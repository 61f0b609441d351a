"""Swedish working days: the report window counts them, not calendar days.

Monday to Friday except the public holidays (allmänna helgdagar) and the eves
Swedish working life keeps free (Midsommarafton, Julafton, Nyårsafton), from the
``holidays`` library - a report of a Thursday collection before Easter may still
come on the Tuesday after Easter Monday.
"""

from __future__ import annotations

import functools
from datetime import date, timedelta

import holidays


@functools.cache
def _days_off(year: int) -> frozenset[date]:
    found = holidays.Sweden(years=year, include_sundays=False, categories=("public", "de_facto"))
    # Half days ("from 12.00") are working days: only whole days off count.
    return frozenset(day for day, name in found.items() if "(" not in name)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _days_off(day.year)


def working_days_after(start: date, n: int) -> date:
    """The ``n``-th working day after ``start``."""
    day = start
    while n > 0:
        day += timedelta(days=1)
        n -= is_working_day(day)
    return day
