"""Importing the waste-management system's exports: addresses, routes, stops, holiday shifts.

Run as ``flask collection-alerts import-addresses FILE`` (and ``import-routes``,
``import-stops``, ``import-holiday-shifts``; import addresses and routes before stops).
A file is checked completely first and every problem is reported with the file name
and the line a spreadsheet shows (the header is line 1) or, for JSON, the item's
index (``item [0]`` is the first).  Only a file without problems is imported, in one
transaction: a half-imported route network would send residents wrong dates.
Rows are matched on their natural key and updated, so importing the same export
again changes nothing; rows missing from a file are left as they are.

Files: ``.csv`` - UTF-8 with or without BOM, ``;`` or ``,`` between fields (told
from the header line), a header line of column names; or ``.json`` - a list of
objects with the same names as keys.  Column names ignore case and surrounding
spaces; unknown columns are ignored.  Decimal numbers may use a decimal comma.

Addresses (key ``external_id``): ``external_id``, ``street``, ``number`` (may be
empty for a farm name), ``postal_code`` (5 digits, "931 31" accepted), ``city``,
``latitude``, ``longitude`` (WGS 84, inside Sweden).

Routes (key ``code``): ``code``, ``name``, ``weekday`` (1-7 with 1 = Monday, or
the day's name in Swedish or English: "måndag", "mån", "Monday", "mon"),
``weeks`` (see below; empty = every week), ``season_start`` and ``season_end``
("MM-DD", both or neither, both days included, may wrap the new year: 10-01 and
04-30), ``start_time`` ("HH:MM", empty = 07:00), ``truck`` (a truck code, created
if new; may be empty).  ``weeks`` is one of "every" / "varje vecka", "odd" /
"udda", "even" / "jämna", or "every N from week W" / "var N:e vecka från vecka
W" (every N:th ISO week, W being one of them: "every 4 from week 3" collects in
weeks 3, 7, 11 …).  Instead of ``weeks`` a file may give ``week_cycle`` and
``week_offset``: collected in ISO week w when w % week_cycle == week_offset.

Stops (key ``route_code`` + ``position``): ``route_code`` and
``address_external_id`` (both already imported), ``position`` (1, 2, 3 … in
driving order), ``fractions`` (separated by "," or "|": restavfall, matavfall,
fyrfack_1, fyrfack_2, tradgardsavfall), ``planned_offset_minutes`` (minutes
after the route's start time; not decreasing along the route).

Holiday shifts (key ``original_date``): ``original_date``, ``new_date``
(YYYY-MM-DD, at most 31 days apart, and not onto a date that is itself moved),
``note`` (optional, e.g. "Juldagen").

This package's ``__init__`` holds that contract and ``import_file``, which runs the
steps in order: ``formats`` reads the file, ``values`` parses single cells,
``checks`` checks rows on their own and together, ``writing`` creates or updates
the rows; all of it in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.exc import IntegrityError

from eservices.toolkit import audit, db

from ..settings import MODULE_ID
from .checks import (
    SWEDEN,
    check_addresses,
    check_routes,
    check_shifts,
    check_stops,
    parse_address,
    parse_route,
    parse_shift,
    parse_stop,
)
from .formats import ImportFailed, Item, Located, Problem, read_records
from .writing import Progress, write_addresses, write_routes, write_shifts, write_stops

__all__ = ["KINDS", "MODULE_ID", "SWEDEN", "ImportFailed", "ImportResult", "Kind", "Problem",
           "Progress", "import_file", "read_records"]


@dataclass
class ImportResult:
    kind: str
    rows: int
    created: int
    updated: int  # rows that existed and changed; the rest were already as in the file


@dataclass(frozen=True)
class Kind:
    required: tuple[str, ...]  # CSV columns that must be there
    parse: Callable[[dict[str, Any]], tuple[Item | None, list[str]]]
    check: Callable[[Located], list[tuple[str, str]]]
    write: Callable[[list[Item], Progress, str], tuple[int, int]]


KINDS = {
    "addresses": Kind(("external_id", "street", "number", "postal_code", "city", "latitude",
                       "longitude"), parse_address, check_addresses, write_addresses),
    "routes": Kind(("code", "name", "weekday"), parse_route, check_routes, write_routes),
    "stops": Kind(("route_code", "position", "address_external_id", "fractions",
                   "planned_offset_minutes"), parse_stop, check_stops, write_stops),
    "holiday-shifts": Kind(("original_date", "new_date"), parse_shift, check_shifts,
                           write_shifts),
}


def _no_progress(items: Sequence[Any], label: str) -> AbstractContextManager[Iterable[Any]]:
    return nullcontext(items)


def import_file(kind_name: str, path: Path | str, *,
                progress: Progress = _no_progress) -> ImportResult:
    """Check the whole file, then write it all in one transaction - or raise ImportFailed."""
    kind, path = KINDS[kind_name], Path(path)
    records = read_records(path, kind.required)
    problems: list[Problem] = []
    items: Located = []
    with progress(records, f"Checking {path.name}") as tracked:
        for where, values in tracked:
            item, messages = kind.parse(values)
            problems += [Problem(where, message) for message in messages]
            if item is not None:
                items.append((where, item))
    problems += [Problem(where, message) for where, message in kind.check(items)]
    if problems:
        db.session.rollback()
        order = {where: n for n, (where, _values) in enumerate(records)}
        raise ImportFailed(sorted(problems, key=lambda p: order.get(p.where, -1)))
    try:
        created, updated = kind.write([item for _where, item in items], progress,
                                      f"Importing {path.name}")
        audit.record(f"{kind_name.replace('-', '_')}_imported", subject=path.name,
                     module_id=MODULE_ID, rows=len(items), created=created, updated=updated)
        db.session.commit()
    except IntegrityError as error:  # a constraint the checks above did not foresee
        db.session.rollback()
        raise ImportFailed([Problem(path.name, "the database refused the import: "
                                               f"{error.orig}")]) from None
    except Exception:
        db.session.rollback()
        raise
    return ImportResult(kind_name, len(items), created, updated)
