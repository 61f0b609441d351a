"""A property's containers with their last scheduled collection and what the crew recorded.

Everything comes from the waste register (``tk.waste_register()``): the containers
in force today, their collections after holiday shifts, and the outcomes the crews
reported through the route API.  The rules (``rules.judge``) then decide.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from eservices import toolkit as tk

from .models import OPEN_REPORT_STATUSES, Report
from .rules import Evidence, Verdict, judge, last_collection, look_back


@dataclass(frozen=True)
class ContainerState:
    container: object  # tk.register.Container
    verdict: Verdict


def containers_at(designation: str, today: date) -> list[object]:
    """Every container at the property in force today, of every household there."""
    found: dict[str, object] = {}
    for subscription in tk.waste_register().subscriptions_at(designation, today):
        for container in subscription.containers:
            found.setdefault(container.container_id, container)
    return list(found.values())


def open_reports(container_ids: list[str], days: list[date]) -> dict[tuple[str, date], str]:
    if not container_ids:
        return {}
    rows = tk.db.session.execute(select(Report.container_id, Report.collection_date,
                                        Report.reference).where(
        Report.container_id.in_(container_ids), Report.collection_date.in_(days),
        Report.status.in_(OPEN_REPORT_STATUSES)))
    return {(cid, day): reference for cid, day, reference in rows}


def states(designation: str, today: date) -> list[ContainerState]:
    """Each container of the property, judged for a missed-collection report today."""
    register = tk.waste_register()
    start, end = look_back(today)
    containers = containers_at(designation, today)
    collections = register.collections(designation, start, end)
    outcomes = {(o.container_id, o.date): o for o in register.outcomes(designation, start, end)}
    evidence: list[tuple[object, Evidence]] = []
    for container in containers:
        dates = [c.date for c in collections if c.container_id == container.container_id]
        route = next((c.route_code for c in collections
                      if c.container_id == container.container_id), "")
        day = last_collection(dates, today)
        outcome = outcomes.get((container.container_id, day)) if day else None
        evidence.append((container, Evidence(
            container.container_id, day, outcome.outcome if outcome else "",
            outcome.reason if outcome else "", outcome.recorded_at if outcome else None,
            outcome.route_code if outcome and outcome.route_code else route)))
    reported = open_reports([c.container_id for c, _ in evidence],
                            [e.collection_date for _, e in evidence if e.collection_date])
    return [ContainerState(container, judge(e, today, reported.get(
        (e.container_id, e.collection_date), ""))) for container, e in evidence]
