"""Collection dates from a container's collection day and frequency, holiday shifts applied.

Pure functions over the register's values, shared by every adapter so that two
registers given the same data give the same calendar. A container is collected on its
weekday in the ISO weeks its frequency picks (``CollectionDay``), a fyrfack bin's
compartments each by their own frequency, inside the route's season and outside the
container's pause. A confirmed holiday shift moves every collection planned on a date.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta

from .types import FREQUENCY_WEEKS, Collection, CollectionDay, Container

# The furthest a holiday shift may move a collection: planned dates this far outside
# the asked range are looked at too, so a collection moved into the range is found.
MAX_SHIFT = timedelta(days=31)


def interval_weeks(frequency: str) -> int:
    """Weeks between collections; an unknown frequency is a register error, said plainly."""
    try:
        return FREQUENCY_WEEKS[frequency]
    except KeyError:
        raise ValueError(f"unknown collection frequency {frequency!r}") from None


def in_season(season: tuple[str, str] | None, day: date) -> bool:
    """Whether ``day`` is inside the season (both ends included; may wrap the year)."""
    if not season:
        return True
    start, end = season
    month_day = f"{day:%m-%d}"
    if start <= end:
        return start <= month_day <= end
    return month_day >= start or month_day <= end


# Weeks of 4 and 8 are counted on from this Monday, not by ISO week number: a year of
# 53 ISO weeks would otherwise stretch one gap to 13 weeks (week 47 to week 7).
FIRST_MONDAY = date(2001, 1, 1)


def week_number(on: date, weeks: int) -> int:
    """The week that ``weeks`` is counted in: ISO (as "udda veckor" are) up to 2 weeks."""
    if weeks <= 2:
        return on.isocalendar().week
    return (on - FIRST_MONDAY).days // 7


def is_planned(day: CollectionDay, frequency: str, on: date) -> bool:
    """Whether the pattern puts a collection of this frequency on ``on`` (before shifts)."""
    weeks = interval_weeks(frequency)
    return (on.weekday() == day.weekday
            and week_number(on, weeks) % weeks == day.week_offset % weeks
            and in_season(day.season, on)
            and (day.start_date is None or on >= day.start_date))


def planned_dates(day: CollectionDay, frequency: str, start: date, end: date) -> list[date]:
    """Dates in [start, end] the pattern gives for this frequency (no shifts)."""
    on = start + timedelta(days=(day.weekday - start.weekday()) % 7)
    found = []
    while on <= end:
        if is_planned(day, frequency, on):
            found.append(on)
        on += timedelta(days=7)
    return found


def container_collections(container: Container, start: date, end: date,
                          shifts: Mapping[date, date]) -> list[Collection]:
    """The container's collections in [start, end], shifted, its pause left out."""
    parts = [(c.fraction, c.frequency) for c in container.compartments] or [
        (container.fraction, container.frequency)]
    due: dict[date, list[str]] = {}
    for fraction, frequency in parts:
        for planned in planned_dates(container.day, frequency, start - MAX_SHIFT,
                                     end + MAX_SHIFT):
            if not container.is_paused(planned):
                fractions = due.setdefault(planned, [])
                if fraction not in fractions:
                    fractions.append(fraction)
    collections = []
    for planned, fractions in sorted(due.items()):
        actual = shifts.get(planned, planned)
        if start <= actual <= end:
            collections.append(Collection(
                actual, container.container_id, container.fraction, tuple(fractions),
                container.day.route_code, planned if actual != planned else None))
    return collections


def collections_of(containers: Iterable[Container], start: date, end: date,
                   shifts: Mapping[date, date]) -> list[Collection]:
    """Every container's collections, by date, then route, containers in the order given."""
    found = [c for container in containers
             for c in container_collections(container, start, end, shifts)]
    return sorted(found, key=lambda c: (c.date, c.route_code))
