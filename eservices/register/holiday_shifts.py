"""Proposing the coming year's holiday shifts from the holidays library, for staff to confirm.

A collection planned on a public holiday that falls on a weekday (Easter Monday,
Ascension Day, national day, Christmas, New Year ...) moves to the next working day:
Easter Monday 29 March 2027 to Tuesday 30 March. One planned on a de-facto holiday
eve (Midsummer Eve, Christmas Eve, New Year's Eve) moves to the working day before,
as Swedish municipalities announce it. It is only a proposal: staff confirm or edit
each shift before it moves a single collection.
"""

from __future__ import annotations

from datetime import date, timedelta

import holidays as public_holidays

from .types import HolidayShift

# The eves the holidays library lists as de facto holidays, by English name (its
# ``language="en_US"`` names are stable; the Swedish ones come from the same entry).
EVES = ("Midsummer Eve", "Christmas Eve", "New Year's Eve")


def _holidays(year: int, language: str, categories: tuple[str, ...]) -> dict[date, str]:
    names = public_holidays.Sweden(years=(year - 1, year, year + 1), language=language,
                                   categories=categories)
    return dict(names.items())


def _working(day: date, closed: dict[date, str]) -> bool:
    return day.weekday() < 5 and day not in closed


def _move(day: date, closed: dict[date, str], step: int) -> date:
    moved = day + timedelta(days=step)
    while not _working(moved, closed):
        moved += timedelta(days=step)
    return moved


def proposed_shifts(year: int, language: str = "sv") -> list[HolidayShift]:
    """One proposal for every weekday holiday (or eve) of ``year``, in date order."""
    public = _holidays(year, language, ("public",))
    english = _holidays(year, "en_US", ("de_facto",))
    local = _holidays(year, language, ("de_facto",))
    eves = {day: local.get(day, name) for day, name in english.items() if name in EVES}
    closed = {**public, **eves}
    proposals = [HolidayShift(day, _move(day, closed, 1), name, status="proposed")
                 for day, name in public.items()]
    proposals += [HolidayShift(day, _move(day, closed, -1), name, status="proposed")
                  for day, name in eves.items()]
    return sorted((p for p in proposals
                   if p.original_date.year == year and p.original_date.weekday() < 5),
                  key=lambda p: p.original_date)
