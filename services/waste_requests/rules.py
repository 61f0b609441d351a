"""When a missed collection may be reported, as FixMyStreet WasteWorks decides it.

* Only for the container's last scheduled collection, and only until the end of
  the second working day after it (``REPORT_WORKING_DAYS``; weekends, public
  holidays and the free eves do not count).
* Not on the collection day before the truck has been: until the crew has
  recorded the container (emptied or skipped), it may still come.
* One open report per container and collection.
* When the crew recorded the container as skipped, with a reason (the bin was
  not put out, access was blocked, wrong sorting, frozen, overfilled), the cause
  was on the resident's side: they are told the reason, and offered a paid extra
  emptying instead of a free re-collection.

Pure functions of values from the register: no Flask, no database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from .workdays import working_days_after

REPORT_WORKING_DAYS = 2
LOOK_BACK_DAYS = 62  # an every-8-weeks bin's last collection is at most this far back

Kind = Literal["reportable", "skipped", "too_early", "too_late", "already_reported",
               "no_collection"]


@dataclass(frozen=True)
class Evidence:
    """What the register knows of the container's last scheduled collection."""

    container_id: str
    collection_date: date | None  # the last scheduled collection on or before today
    outcome: str = ""  # "emptied", "skipped" or "" (nothing recorded yet)
    reason: str = ""  # a skip reason code when skipped
    recorded_at: object = None  # when the crew recorded it, if known
    route_code: str = ""


@dataclass(frozen=True)
class Verdict:
    kind: Kind
    evidence: Evidence
    deadline: date | None = None  # the last day a report is taken
    open_reference: str = ""  # the report already made for this collection

    @property
    def reportable(self) -> bool:
        return self.kind == "reportable"


def report_deadline(collection_date: date) -> date:
    return working_days_after(collection_date, REPORT_WORKING_DAYS)


def last_collection(dates: Sequence[date], today: date) -> date | None:
    """The latest of a container's scheduled dates on or before today."""
    past = [day for day in dates if day <= today]
    return max(past) if past else None


def look_back(today: date) -> tuple[date, date]:
    return today - timedelta(days=LOOK_BACK_DAYS), today


def judge(evidence: Evidence, today: date, open_reference: str = "") -> Verdict:
    """Whether the container's last collection may be reported as missed today."""
    day = evidence.collection_date
    if day is None:
        return Verdict("no_collection", evidence)
    deadline = report_deadline(day)
    if evidence.outcome == "skipped" and evidence.reason:
        return Verdict("skipped", evidence, deadline)
    if open_reference:
        return Verdict("already_reported", evidence, deadline, open_reference)
    if today > deadline:
        return Verdict("too_late", evidence, deadline)
    if day == today and not evidence.outcome:
        return Verdict("too_early", evidence, deadline)
    return Verdict("reportable", evidence, deadline)
