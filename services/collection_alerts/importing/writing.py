"""Writing checked items to the database: create what is new, update what changed.

This exists to keep the database side of an import in one place.  Rows are matched
on their natural key (an address's ``external_id``, a route's ``code``, a stop's
route and position, a shift's ``original_date``), so importing the same export
again changes nothing and rows missing from a file are left alone.  Nothing here
commits: the caller (``import_file``) commits once, after the whole file is
written, or rolls back.  ``rows_in`` is also how the checks look up existing rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from datetime import date
from typing import Any

from sqlalchemy import select

from eservices import toolkit as tk
from eservices.toolkit import db

from ..addressing import search_text
from ..models import Address, Route, RouteStop, Truck
from .formats import Item

Progress = Callable[[Sequence[Any], str], AbstractContextManager[Iterable[Any]]]


def _chunks(values: Iterable[Any], size: int = 500) -> Iterator[list[Any]]:
    values = list(values)
    for i in range(0, len(values), size):
        yield values[i:i + size]


def rows_in(column: Any, values: Iterable[Any], *entities: Any) -> list[Any]:
    """Rows whose column is among the values, in chunks (SQLite caps bound parameters)."""
    rows: list[Any] = []
    for chunk in _chunks(set(values)):
        rows += db.session.execute(select(*entities).where(column.in_(chunk))).all()
    return rows


def _assign(row: Any, values: Item) -> bool:
    changed = False
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed = True
    return changed


def _upsert(model: type, key: str, items: list[Item], values: Callable[[Item], Item],
            existing: dict[Any, Any], progress: Progress, label: str) -> tuple[int, int]:
    created = updated = 0
    with progress(items, label) as tracked:
        for item in tracked:
            row = existing.get(item[key])
            if row is None:
                db.session.add(model(**values(item)))
                created += 1
            elif _assign(row, values(item)):
                updated += 1
    return created, updated


def write_addresses(items: list[Item], progress: Progress, label: str) -> tuple[int, int]:
    existing = {a.external_id: a for (a,) in rows_in(
        Address.external_id, (i["external_id"] for i in items), Address)}

    def values(i: Item) -> Item:
        return {**i, "search_text": search_text(i["street"], i["number"], i["postal_code"],
                                                i["city"])}

    return _upsert(Address, "external_id", items, values, existing, progress, label)


def write_routes(items: list[Item], progress: Progress, label: str) -> tuple[int, int]:
    existing = {r.code: r for (r,) in rows_in(Route.code, (i["code"] for i in items), Route)}
    trucks = {t.code: t for t in db.session.scalars(select(Truck))}
    for code in {i["truck"] for i in items if i["truck"]} - set(trucks):
        trucks[code] = Truck(code=code, name=code)
        db.session.add(trucks[code])

    def values(i: Item) -> Item:
        return {**{k: v for k, v in i.items() if k != "truck"},
                "truck": trucks.get(i["truck"])}

    return _upsert(Route, "code", items, values, existing, progress, label)


def write_stops(items: list[Item], progress: Progress, label: str) -> tuple[int, int]:
    existing = {(s.route_id, s.position): s for (s,) in rows_in(
        RouteStop.route_id, (i["route_id"] for i in items), RouteStop)}
    for item in items:
        item["key"] = (item["route_id"], item["position"])

    def values(i: Item) -> Item:
        return {"route_id": i["route_id"], "position": i["position"],
                "address_id": i["address_id"], "fractions": i["fractions"],
                "planned_offset_minutes": i["planned_offset_minutes"]}

    return _upsert(RouteStop, "key", items, values, existing, progress, label)


def write_shifts(items: list[Item], progress: Progress, label: str) -> tuple[int, int]:
    """Holiday shifts are the waste register's: an imported shift is a confirmed one."""
    register = tk.waste_register()
    existing = {s.original_date: s for s in register.holiday_shifts(
        date.min, date.max, include_proposed=True)}
    created = updated = 0
    with progress(items, label) as tracked:
        for item in tracked:
            shift = tk.register.HolidayShift(item["original_date"], item["new_date"],
                                             item.get("note") or "", "confirmed")
            before = existing.get(shift.original_date)
            if before is None:
                created += 1
            elif before == shift:
                continue
            else:
                updated += 1
            register.save_holiday_shift(shift)
    return created, updated
