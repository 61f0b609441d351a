"""Checking a file's rows, per kind: each row on its own, then the rows together.

This exists because an import is all or nothing and must report every problem at
once: ``parse_*`` turn one row's raw values into an item (or messages saying what
is wrong with it), and ``check_*`` find what no single row shows - duplicates in
the file, clashes with rows already in the database, references to routes and
addresses that do not exist, stop times going backwards, shifts onto moved dates.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time
from typing import Any

from eservices import toolkit as tk

from ..models import Address, Route
from ..schedule import MAX_SHIFT
from .formats import Item, Located
from .values import (
    BadValue,
    parse_date,
    parse_decimal,
    parse_fractions,
    parse_integer,
    parse_month_day,
    parse_postal_code,
    parse_time,
    parse_weekday,
    parse_weeks,
)
from .writing import rows_in

SWEDEN = ((55.0, 69.1), (10.9, 24.2))  # latitude and longitude bounds, WGS 84
Parsed = tuple[Item | None, list[str]]
Found = list[tuple[str, str]]  # (where, message)


class _Fields:
    """One row's values, read one by one; every bad value leaves a message."""

    def __init__(self, values: dict[str, Any]) -> None:
        self.values = values
        self.messages: list[str] = []

    def raw(self, name: str) -> str:
        value = self.values.get(name)
        if value is None:
            return ""
        if isinstance(value, list):  # JSON fractions may be a list
            return "|".join(str(v) for v in value)
        return str(value).strip()

    def text(self, name: str, max_length: int, required: bool = True) -> str:
        value = self.raw(name)
        if required and not value:
            self.messages.append(f"{name} is missing")
        elif len(value) > max_length:
            self.messages.append(f"{name} is longer than {max_length} characters")
        return value

    def parsed(self, name: str, parse: Callable[[str], Any], expected: str,
               required: bool = True) -> Any:
        value = self.raw(name)
        if not value:
            if required:
                self.messages.append(f"{name} is missing")
            return None
        try:
            return parse(value)
        except BadValue as error:
            self.messages.append(f"{name} {value!r}: {error}")
        except (ValueError, KeyError):
            self.messages.append(f"{name} {value!r}: expected {expected}")
        return None

    def result(self, item: Item) -> Parsed:
        return (None if self.messages else item), self.messages


# --- each row on its own --------------------------------------------------------------

def parse_address(values: dict[str, Any]) -> Parsed:
    f = _Fields(values)
    item = {"external_id": f.text("external_id", 40), "street": f.text("street", 120),
            "number": f.text("number", 10, required=False),
            "postal_code": f.parsed("postal_code", parse_postal_code, "5 digits"),
            "city": f.text("city", 80),
            "latitude": f.parsed("latitude", parse_decimal, "a decimal number"),
            "longitude": f.parsed("longitude", parse_decimal, "a decimal number")}
    lat, lon = item["latitude"], item["longitude"]
    (lat_min, lat_max), (lon_min, lon_max) = SWEDEN
    if lat is not None and lon is not None and not (lat_min <= lat <= lat_max
                                                    and lon_min <= lon <= lon_max):
        swapped = lat_min <= lon <= lat_max and lon_min <= lat <= lon_max
        f.messages.append(f"{lat}, {lon} is not in Sweden"
                          + (" (latitude and longitude swapped?)" if swapped else ""))
    return f.result(item)


def parse_route(values: dict[str, Any]) -> Parsed:
    f = _Fields(values)
    item = {"code": f.text("code", 20), "name": f.text("name", 120),
            "weekday": f.parsed("weekday", parse_weekday, "1-7 (1 = Monday) or a day's name"),
            "season_start": f.parsed("season_start", parse_month_day, "MM-DD", required=False),
            "season_end": f.parsed("season_end", parse_month_day, "MM-DD", required=False),
            "start_time": f.parsed("start_time", parse_time, "HH:MM", required=False)
            or time(7),
            "truck": f.text("truck", 20, required=False)}
    if bool(f.raw("season_start")) != bool(f.raw("season_end")):
        f.messages.append("give both season_start and season_end, or neither")
    weeks_format = '"every", "odd", "even" or "every N from week W"'
    if f.raw("weeks") or not f.raw("week_cycle"):
        item["week_cycle"], item["week_offset"] = (
            f.parsed("weeks", parse_weeks, weeks_format, required=False) or (1, 0))
    else:
        cycle = f.parsed("week_cycle", parse_integer, "a whole number")
        offset = f.parsed("week_offset", parse_integer, "a whole number", required=False) or 0
        if cycle is not None and not (1 <= cycle <= 52 and 0 <= offset < cycle):
            f.messages.append("week_cycle must be 1-52 and week_offset 0 to week_cycle - 1")
        item["week_cycle"], item["week_offset"] = cycle, offset
    return f.result(item)


def parse_stop(values: dict[str, Any]) -> Parsed:
    f = _Fields(values)
    item = {"route_code": f.text("route_code", 20),
            "position": f.parsed("position", parse_integer, "a whole number"),
            "address_external_id": f.text("address_external_id", 40),
            "fractions": f.parsed("fractions", parse_fractions, "fractions"),
            "planned_offset_minutes": f.parsed("planned_offset_minutes", parse_integer,
                                               "whole minutes")}
    if item["position"] is not None and item["position"] < 1:
        f.messages.append("position must be 1 or more")
    offset = item["planned_offset_minutes"]
    if offset is not None and not 0 <= offset <= 24 * 60:
        f.messages.append("planned_offset_minutes must be 0-1440")
    return f.result(item)


def parse_shift(values: dict[str, Any]) -> Parsed:
    f = _Fields(values)
    item = {"original_date": f.parsed("original_date", parse_date, "a date YYYY-MM-DD"),
            "new_date": f.parsed("new_date", parse_date, "a date YYYY-MM-DD"),
            "note": f.text("note", 200, required=False)}
    original, new = item["original_date"], item["new_date"]
    if original is not None and new is not None:
        if original == new:
            f.messages.append("new_date is the same as original_date")
        elif abs(new - original) > MAX_SHIFT:
            f.messages.append(f"a shift may move collections at most {MAX_SHIFT.days} days")
    return f.result(item)


# --- the rows together ----------------------------------------------------------------

def _short(where: str) -> str:
    return where.rsplit(", ", 1)[-1]  # "line 4" / "item [3]"


def _duplicates(items: Located, key: Callable[[Item], Any], what: str) -> Found:
    first: dict[Any, str] = {}
    found = []
    for where, item in items:
        k = key(item)
        if k in first:
            found.append((where, f"{what} {k!r} is also on {_short(first[k])}"))
        else:
            first[k] = where
    return found


def check_addresses(items: Located) -> Found:
    def place(i: Item) -> tuple[str, str, str]:
        return i["street"], i["number"], i["postal_code"]

    found = _duplicates(items, lambda i: i["external_id"], "external_id")
    found += _duplicates(items, place, "address")
    owners = {(s, n, p): e for e, s, n, p in rows_in(
        Address.postal_code, (i["postal_code"] for _w, i in items), Address.external_id,
        Address.street, Address.number, Address.postal_code)}
    in_file = {i["external_id"]: place(i) for _w, i in items}
    for where, item in items:
        owner = owners.get(place(item))
        if owner is not None and owner != item["external_id"] and owner not in in_file:
            found.append((where, f"{' '.join(place(item))} is already address {owner!r}"))
    return found


def check_routes(items: Located) -> Found:
    return _duplicates(items, lambda i: i["code"], "code")


def check_stops(items: Located) -> Found:
    """Also resolves route and address references (route_id, address_id) for writing."""
    found = _duplicates(items, lambda i: (i["route_code"], i["position"]), "route and position")
    found += _duplicates(items, lambda i: (i["route_code"], i["address_external_id"]),
                         "route and address")
    routes = dict(rows_in(Route.code, (i["route_code"] for _w, i in items), Route.code,
                          Route.id))
    addresses = dict(rows_in(Address.external_id, (i["address_external_id"] for _w, i in items),
                             Address.external_id, Address.id))
    for where, item in items:
        item["route_id"] = routes.get(item["route_code"])
        item["address_id"] = addresses.get(item["address_external_id"])
        if item["route_id"] is None:
            found.append((where, f"unknown route {item['route_code']!r} (import routes first)"))
        if item["address_id"] is None:
            found.append((where, f"unknown address {item['address_external_id']!r} "
                                 "(import addresses first)"))
    previous: dict[str, Item] = {}
    for where, item in sorted(items, key=lambda w_i: (w_i[1]["route_code"], w_i[1]["position"])):
        before = previous.get(item["route_code"])
        if before and item["planned_offset_minutes"] < before["planned_offset_minutes"]:
            found.append((where, f"planned_offset_minutes {item['planned_offset_minutes']} is "
                                 f"earlier than position {before['position']}'s "
                                 f"{before['planned_offset_minutes']}"))
        previous[item["route_code"]] = item
    return found


def check_shifts(items: Located) -> Found:
    found = _duplicates(items, lambda i: i["original_date"], "original_date")
    shifts = {s.original_date: s.new_date for s in tk.waste_register().holiday_shifts(
        date.min, date.max, include_proposed=True)}
    shifts.update({i["original_date"]: i["new_date"] for _w, i in items})
    for where, item in items:
        if item["new_date"] in shifts:
            found.append((where, f"new_date {item['new_date']} is itself moved, to "
                                 f"{shifts[item['new_date']]}"))
    return found
