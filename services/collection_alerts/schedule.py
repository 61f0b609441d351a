"""When is collection? The waste register's dates, or the route pattern; holiday shifts.

At an address the waste register knows (a property with containers), the dates are
the register's (``tk.waste_register().collections``): each container on its own
frequency, a fyrfack bin's compartments on theirs, the plan in force on each day -
the same the subscription service reads, so the two cannot disagree; the routes
passing it add nothing of their own (a garden-waste bin there is a register container
too). Only an address the register does not know shows its routes' pattern.

A route collects on its weekday in the ISO weeks where ``week % week_cycle ==
week_offset``, inside its season if it has one.  ISO weeks, not "every other
week since some date", because that is how the waste-management system and the
printed calendars say it ("udda veckor") - with the consequence residents also
see: a year with 53 ISO weeks (2026) has two odd weeks in a row, 53 and 1.

A holiday shift moves every collection planned on a date to another date (all
routes alike, as the municipality announces it: "hämtningen 25 december flyttas
till 28 december"). Shifts are the register's: staff confirm them there (proposed
from the public holidays), and only confirmed ones move anything.  The season is
judged on the planned date, so a shift does not drop the last collection of a season.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from eservices import toolkit as tk
from eservices.toolkit import db, in_language

from .models import Address, Route, RouteStop
from .settings import MODULE_ID

# The furthest a holiday shift may move a collection (the importer refuses more): planned
# dates this far outside the asked range are looked at too, so a collection moved into
# the range is found.
MAX_SHIFT = tk.register.MAX_SHIFT

def N_(message: str) -> str:
    """Marks a message for the catalogue without translating it (Babel's N_ keyword)."""
    return message


# The fractions the waste system knows, each with its English message id: the name
# residents read comes from the module's catalogue in their language.
FRACTION_NAMES: dict[str, str] = {
    "restavfall": N_("Residual waste"),
    "matavfall": N_("Food waste"),
    "fyrfack_1": N_("Four-compartment bin 1"),
    "fyrfack_2": N_("Four-compartment bin 2"),
    "tradgardsavfall": N_("Garden waste"),
}


@dataclass(frozen=True)
class Collection:
    """One route collecting at one address on one day.

    An address on several routes (a garden-waste route besides the ordinary one)
    gets one Collection per route and day; ``shifted_from`` is the planned date
    when a holiday shift moved it.
    """

    date: date
    fractions: tuple[str, ...]
    route_code: str
    shifted_from: date | None = None


def fraction_label(fraction: str, language: str = "sv") -> str:
    """The fraction's name for residents; unknown fractions show as they are stored."""
    message = FRACTION_NAMES.get(fraction)
    if message is None:
        return fraction
    return _translated(message, (language or "sv")[:2].lower())


@lru_cache(maxsize=256)
def _translated(message: str, language: str) -> str:
    # The evening's 35,000 reminders ask for a handful of names: translate each once
    # per process (catalogues change only with a deploy).
    with in_language(MODULE_ID, language) as t:
        return t.gettext(message)


def fractions_label(fractions: Iterable[str], language: str = "sv") -> str:
    """"Restavfall, Matavfall" - for SMS, calendar entries and lists."""
    return ", ".join(fraction_label(f, language) for f in fractions)


def in_season(route: Route, day: date) -> bool:
    """Whether ``day`` is inside the route's season (both ends included, may wrap the year)."""
    if not route.season_start and not route.season_end:
        return True
    return tk.register.in_season((route.season_start or "01-01", route.season_end or "12-31"),
                                 day)


def is_planned(route: Route, day: date) -> bool:
    """Whether the route's pattern puts a collection on ``day`` (before holiday shifts)."""
    cycle = route.week_cycle or 1
    return (day.weekday() == route.weekday
            and day.isocalendar().week % cycle == (route.week_offset or 0) % cycle
            and in_season(route, day))


def occurrences(route: Route, start: date, end: date,
                shifts: Mapping[date, date]) -> list[tuple[date, date | None]]:
    """(actual date, planned date if shifted else None) for every collection in [start, end]."""
    found: dict[date, date | None] = {}
    day = start - MAX_SHIFT
    day += timedelta(days=(route.weekday - day.weekday()) % 7)  # first matching weekday
    last = end + MAX_SHIFT
    while day <= last:
        if is_planned(route, day):
            actual = shifts.get(day, day)
            if start <= actual <= end and found.get(actual, actual) is not None:
                # A date both planned and shifted onto counts once, as unshifted.
                found[actual] = day if actual != day else None
        day += timedelta(days=7)
    return sorted(found.items())


def collection_dates(route: Route, start: date, end: date,
                     shifts: Mapping[date, date]) -> list[date]:
    """The route's collection dates in [start, end], holiday shifts applied."""
    return [actual for actual, _planned in occurrences(route, start, end, shifts)]


def holiday_shifts() -> dict[date, date]:
    """Planned date -> new date, for every holiday shift the register has confirmed."""
    return {s.original_date: s.new_date
            for s in tk.waste_register().holiday_shifts(date.min, date.max)}


def register_property(address: Address) -> tk.register.Property | None:
    """The register's property at this collection address, if it has one."""
    return tk.waste_register().property_at(f"{address.street} {address.number}".strip(),
                                           address.postal_code)


def _from_register(designation: str, start: date, end: date) -> list[Collection]:
    """The register's collections at a property, one per day and route."""
    merged: dict[tuple[date, str, date | None], list[str]] = {}
    for c in tk.waste_register().collections(designation, start, end):  # as a stop's
        day = merged.setdefault((c.date, c.route_code, c.planned_date), [])
        day.extend(f for f in (c.fraction,) if f not in day)
    return [Collection(day, tuple(names), code, planned)
            for (day, code, planned), names in merged.items()]


def upcoming_for_address(address_id: int, start: date, days: int = 92) -> list[Collection]:
    """Collections at the address from ``start`` for ``days`` days, every route merged.

    Sorted by date (then route code).  Several stops of one route at the address
    (unusual, but the export allows it) make one collection with their fractions joined.
    """
    end = start + timedelta(days=max(days, 1) - 1)
    address = db.session.get(Address, address_id)
    place = register_property(address) if address is not None else None
    if place is not None:
        return sorted(_from_register(place.designation, start, end),
                      key=lambda c: (c.date, c.route_code))
    stops = db.session.scalars(
        select(RouteStop).where(RouteStop.address_id == address_id)
        .options(selectinload(RouteStop.route)).order_by(RouteStop.route_id,
                                                         RouteStop.position)).all()
    fractions_by_route: dict[int, list[str]] = {}
    routes: dict[int, Route] = {}
    for stop in stops:
        routes[stop.route_id] = stop.route
        merged = fractions_by_route.setdefault(stop.route_id, [])
        merged.extend(f for f in stop.fractions or () if f not in merged)
    shifts = holiday_shifts()
    collections = [
        Collection(actual, tuple(fractions_by_route[route_id]), route.code, planned)
        for route_id, route in routes.items()
        for actual, planned in occurrences(route, start, end, shifts)]
    return sorted(collections, key=lambda c: (c.date, c.route_code))


def register_fractions(stop_ids: Iterable[int], day: date) -> dict[int, tuple[str, ...]]:
    """Stop id -> what the register collects at its address on ``day`` (maybe nothing),
    for the stops at addresses the register knows; the others are left out (their
    route's stop says what is collected)."""
    found: dict[int, tuple[str, ...]] = {}
    by_address: dict[int, tuple[str, ...] | None] = {}
    rows = db.session.execute(select(RouteStop.id, Address).join(
        Address, Address.id == RouteStop.address_id).where(RouteStop.id.in_(set(stop_ids))))
    for stop_id, address in rows:
        if address.id not in by_address:
            place = register_property(address)
            by_address[address.id] = None if place is None else tuple(dict.fromkeys(
                f for c in _from_register(place.designation, day, day) for f in c.fractions))
        if by_address[address.id] is not None:
            found[stop_id] = by_address[address.id]
    return found


def route_days_on(day: date) -> list[Route]:
    """The routes that collect on ``day``, holiday shifts applied, ordered by code."""
    shifts = holiday_shifts()
    routes = db.session.scalars(select(Route).order_by(Route.code)).all()
    return [route for route in routes if occurrences(route, day, day, shifts)]
