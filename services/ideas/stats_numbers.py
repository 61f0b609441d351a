"""The innovation office's numbers for one period, by department and by challenge.

The innovation office reports as Sundsvall's idea lock does ("172 cases, 152
closed, 29 implemented, about 17 %"), and the idea lock promises every idea an
answer: so what is counted is the ideas *submitted* in the period (days in the
municipality's time zone), each with the status it has now, whether its giver
got a first public answer within N days (``Idea.first_answered_at``), and how
long the first answer and implementation took.  Hidden ideas count too: a
hidden idea is still an idea someone gave and that needs an answer.

Two queries whatever the number of ideas: one ``GROUP BY`` for the counts by
department, challenge and status, and one list of the times of the ideas that
were answered or implemented.  SQLite and PostgreSQL subtract timestamps
differently, so the durations, the medians and "within N days" are worked out
here in Python over that list - a period is at most a year of ideas.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from statistics import median
from typing import Any

from sqlalchemy import func, select

from eservices import toolkit as tk

from .models import Challenge, Idea
from .statuses import IMPLEMENTED

DAY_SECONDS = 86400


@dataclass(frozen=True)
class Filters:
    """What the numbers are for: a period of days, one department or all, one challenge or all."""

    first: date
    last: date
    department: str = ""
    challenge_id: int | None = None


@dataclass
class Group:
    """One row of a table: the ideas of a department, of a challenge, or all of them."""

    key: str
    label: str
    submitted: int = 0
    answered_in_time: int = 0
    implemented: int = 0
    #: Days from submitted to the first answer, and to implemented, of its ideas that got there.
    days_to_answer: list[float] = field(default_factory=list)
    days_to_implemented: list[float] = field(default_factory=list)

    @property
    def median_days_to_answer(self) -> float | None:
        return _median(self.days_to_answer)

    @property
    def median_days_to_implemented(self) -> float | None:
        return _median(self.days_to_implemented)

    @property
    def implemented_share(self) -> float | None:
        return self.implemented / self.submitted if self.submitted else None

    @property
    def answered_share(self) -> float | None:
        return self.answered_in_time / self.submitted if self.submitted else None

    @property
    def answered(self) -> int:
        """Its ideas that have had a first answer, in time or not."""
        return len(self.days_to_answer)


@dataclass
class Statistics:
    filters: Filters
    within_days: int
    total: Group
    #: (status key, count) for the statuses in force, then any other status ideas still have.
    by_status: list[tuple[str, int]]
    departments: list[Group] = field(default_factory=list)
    challenges: list[Group] = field(default_factory=list)


def _days(start: datetime, end: datetime) -> float:
    return (end - start).total_seconds() / DAY_SECONDS


def _median(values: list[float]) -> float | None:
    return round(median(values), 1) if values else None


def _where(filters: Filters, zone: str) -> list[Any]:
    start, end = tk.utc_bounds(filters.first, filters.last, zone)
    conditions = [Idea.submitted_at >= start, Idea.submitted_at < end]
    if filters.department:
        conditions.append(Idea.department == filters.department)
    if filters.challenge_id is not None:
        conditions.append(Idea.challenge_id == filters.challenge_id)
    return conditions


def _groups(keys: list[tuple[str, str]]) -> dict[str, Group]:
    return {key: Group(key, label) for key, label in keys}


def _group(groups: dict[str, Group], key: str) -> Group:
    """The row of ``key``; a key no longer configured gets a row of its own, named by itself."""
    if key not in groups:
        groups[key] = Group(key, key)
    return groups[key]


def _challenge_key(challenge_id: int | None) -> str:
    return "" if challenge_id is None else str(challenge_id)


def compute(filters: Filters, *, zone: str, within_days: int, statuses: tuple[str, ...],
            departments: list[tuple[str, str]], total_label: str,
            no_challenge_label: str) -> Statistics:
    """The numbers of ``filters``' ideas; ``departments`` are (key, name), configured order."""
    where = _where(filters, zone)
    counts = tk.db.session.execute(
        select(Idea.department, Idea.challenge_id, Idea.status, func.count())
        .where(*where).group_by(Idea.department, Idea.challenge_id, Idea.status)).all()
    times = tk.db.session.execute(
        select(Idea.department, Idea.challenge_id, Idea.status, Idea.submitted_at,
               Idea.first_answered_at, Idea.implemented_at)
        .where(*where, (Idea.first_answered_at.is_not(None)) | (Idea.implemented_at.is_not(None)))
    ).all()

    total = Group("", total_label)
    shown_departments = [(key, label) for key, label in departments
                         if not filters.department or key == filters.department]
    by_department = _groups(shown_departments)
    by_challenge: dict[str, Group] = {}
    status_counts: Counter[str] = Counter()
    for department, challenge_id, status, count in counts:
        status_counts[status] += count
        rows = (total, _group(by_department, department),
                _group(by_challenge, _challenge_key(challenge_id)))
        for row in rows:
            row.submitted += count
            if status == IMPLEMENTED:
                row.implemented += count

    in_time = timedelta(days=within_days)
    for department, challenge_id, status, submitted, answered, implemented in times:
        rows = (total, _group(by_department, department),
                _group(by_challenge, _challenge_key(challenge_id)))
        for row in rows:
            if answered is not None:
                row.days_to_answer.append(_days(submitted, answered))
                row.answered_in_time += answered - submitted <= in_time
            if implemented is not None and status == IMPLEMENTED:
                row.days_to_implemented.append(_days(submitted, implemented))

    by_status = [(status, status_counts.get(status, 0)) for status in statuses]
    by_status += [(status, count) for status, count in sorted(status_counts.items())
                  if status not in statuses]
    return Statistics(
        filters=filters, within_days=within_days, total=total, by_status=by_status,
        departments=list(by_department.values()),
        challenges=_challenge_rows(by_challenge, no_challenge_label))


def _challenge_rows(groups: dict[str, Group], no_challenge_label: str) -> list[Group]:
    """The challenges that had ideas in the period, newest first, then the ideas on their own."""
    ids = [int(key) for key in groups if key]
    names = dict(tk.db.session.execute(
        select(Challenge.id, Challenge.question).where(Challenge.id.in_(ids))).all()) if ids else {}
    rows = []
    for challenge_id in sorted(ids, reverse=True):
        row = groups[str(challenge_id)]
        row.label = names.get(challenge_id, row.key)
        rows.append(row)
    if "" in groups:
        groups[""].label = no_challenge_label
        rows.append(groups[""])
    return rows
