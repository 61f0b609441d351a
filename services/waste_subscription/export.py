"""Approved changes as a file for the waste-management system (an EDP Future import).

One row per container in the household's new state, plus one row per container
the change takes away, so the import can be read line by line without knowing
the old state.  The ``action`` column says what to do with the container:

- ``add``       the household gets a container it did not have;
- ``change``    the container stays, but something on its row changes (size,
                frequency, home composting, sharing or pause);
- ``unchanged`` the container and its row are exactly as before (sent anyway, so
                the file always describes the whole new subscription);
- ``remove``    the container is taken away; the container and size are the old
                ones, the other columns describe the household's new state.

A shared bin appears on both households' subscriptions in the register, so a
share gives rows for both households (``shared_with_customer_number`` pointing at
the other one; the neighbour's rows have action ``change``).

CSV is written for Excel in Sweden as well as for the import: UTF-8 with a byte
order mark (without it Excel shows å, ä and ö as garbage), semicolons between
fields (Swedish Excel uses the comma as decimal separator and expects ``;``),
CRLF line ends, ISO dates and ``1``/``0`` for yes/no.  JSON has the same fields
with native types (numbers, true/false, null).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from typing import Any

from eservices import toolkit as tk

from .household import Household
from .models import ChangeRequest
from .plan import Bin, Plan

FIELDS = ("customer_number", "property_designation", "street_address", "container_type",
          "size_litres", "frequency", "home_composting", "shared_with_customer_number",
          "pause_start", "pause_end", "effective_date", "case_reference", "action")

def _row(case: ChangeRequest, subscription: Household, plan: Plan,
         item: Bin) -> dict[str, Any]:
    prop = subscription.property
    return {
        "customer_number": subscription.customer.customer_number,
        "property_designation": prop.designation,
        "street_address": prop.street_address,
        "container_type": item.container,
        "size_litres": item.litres,
        "frequency": plan.frequency,
        "home_composting": plan.home_composting,
        "shared_with_customer_number": plan.shared_with,
        "pause_start": plan.pause.start.isoformat() if plan.pause else None,
        "pause_end": plan.pause.end.isoformat() if plan.pause else None,
        "effective_date": case.effective_date.isoformat(),
        "case_reference": case.reference,
    }


def _by_container(bins: Iterable[Bin]) -> dict[str, list[Bin]]:
    found: dict[str, list[Bin]] = {}
    for item in bins:
        found.setdefault(item.container, []).append(item)
    return found


def _rows(case: ChangeRequest, subscription: Household, before: Plan,
          after: Plan) -> list[dict[str, Any]]:
    old, new = _by_container(before.bins), _by_container(after.bins)
    rows = []
    for container in dict.fromkeys([*new, *old]):
        olds, news = old.get(container, []), new.get(container, [])
        for index, item in enumerate(news):
            row = _row(case, subscription, after, item)
            if index >= len(olds):
                row["action"] = "add"
            else:
                unchanged = _row(case, subscription, before, olds[index]) == row
                row["action"] = "unchanged" if unchanged else "change"
            rows.append(row)
        for item in olds[len(news):]:
            rows.append({**_row(case, subscription, after, item), "action": "remove"})
    return rows


def rows_for_case(case: ChangeRequest) -> list[dict[str, Any]]:
    """The rows of one approved case, from the plans it was decided on.

    A shared bin changes the neighbour's subscription too (it is now shared with
    the requester), so a share also gives the neighbour's rows.
    """
    before, after = case.current(), case.proposed()
    rows = _rows(case, case.subscription, before, after)
    neighbour = case.neighbour
    if "share" in case.change_types and neighbour is not None:
        # The neighbour keeps its bins; only the sharing is new.  Its other
        # particulars (home composting, pause) are read from the register.
        now = neighbour.plan()
        unshared = replace(now, bins=after.bins, frequency=after.frequency, shared_with=None)
        shared = replace(unshared, shared_with=case.subscription.customer.customer_number)
        rows += _rows(case, neighbour, unshared, shared)
    return rows


def export_rows(cases: Iterable[ChangeRequest]) -> list[dict[str, Any]]:
    return [row for case in cases for row in rows_for_case(case)]


def to_csv(rows: Iterable[dict[str, Any]]) -> bytes:
    return tk.excel_csv(FIELDS, ([tk.csv_cell(row[field]) for field in FIELDS] for row in rows))


def to_json(rows: list[dict[str, Any]], first: date, last: date) -> str:
    return json.dumps({"approved_from": first.isoformat(), "approved_to": last.isoformat(),
                       "fields": list(FIELDS), "rows": rows}, ensure_ascii=False, indent=2)
