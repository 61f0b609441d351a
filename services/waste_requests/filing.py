"""Filing a missed-collection report, from the resident's pages and from Open311 alike.

The rules are judged again at the moment of filing (the resident may have
waited on the check page past the deadline, or the crew's skip may just have
come in).  The unique constraint on (container, collection date) settles two
filings racing; the loser is told the reference of the winner's report.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import format_date
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from eservices import toolkit as tk

from .evidence import ContainerState, states
from .models import Report
from .settings import MODULE_ID


@dataclass(frozen=True)
class Contact:
    phone: str = ""
    email: str = ""
    language: str = "sv"


class AlreadyReported(Exception):
    """Another filing for the same container and collection won the race."""

    def __init__(self, reference: str) -> None:
        super().__init__(reference)
        self.reference = reference


class NotReportable(Exception):
    def __init__(self, state: ContainerState) -> None:
        super().__init__(state.verdict.kind)
        self.state = state


def state_of(designation: str, container_id: str) -> ContainerState | None:
    return next((s for s in states(designation, tk.clock.today())
                 if s.container.container_id == container_id), None)


def file_report(property_, state: ContainerState, contact: Contact, reference: str,
                description: str = "", source: str = "web") -> Report:
    """Add the report and its receipt to the session; ``NotReportable`` if the rules say no."""
    if not state.verdict.reportable:
        raise NotReportable(state)
    evidence = state.verdict.evidence
    report = Report(
        reference=reference, designation=property_.designation,
        street_address=property_.street_address, postal_code=property_.postal_code,
        container_id=state.container.container_id, fraction=state.container.fraction,
        collection_date=evidence.collection_date, route_code=evidence.route_code,
        outcome=evidence.outcome, outcome_recorded_at=evidence.recorded_at
        if hasattr(evidence.recorded_at, "tzinfo") else None,
        description=description[:4000], phone=contact.phone, email=contact.email,
        language=contact.language, source=source, created_at=tk.clock.now(),
        updated_at=tk.clock.now())
    try:
        with tk.db.session.begin_nested():
            tk.db.session.add(report)
    except IntegrityError:
        existing = tk.db.session.scalar(select(Report.reference).where(
            Report.container_id == report.container_id,
            Report.collection_date == report.collection_date))
        raise AlreadyReported(existing or "") from None
    notify(report, "report_receipt")
    return report


def fraction_name(fraction: str, language: str) -> str:
    """A container type as residents read it, in ``language``."""
    with tk.in_language(MODULE_ID, language) as t:
        names = {"restavfall": t.gettext("Residual waste"), "matavfall": t.gettext("Food waste"),
                 "fyrfack_1": t.gettext("Four-compartment bin 1"),
                 "fyrfack_2": t.gettext("Four-compartment bin 2")}
    return names.get(fraction, fraction)


def notify(report: Report, template: str) -> None:
    """The receipt or a status update, by SMS and/or e-mail, in the resident's language."""
    with tk.in_language(MODULE_ID, report.language):
        values = {"reference": report.reference, "street": report.street_address,
                  "container": fraction_name(report.fraction, report.language),
                  "date": format_date(report.collection_date, "d MMMM"),
                  "note": report.status_note or ""}
    send(report, template, values, key=f"{report.reference}:{template}:{report.status}")


def send(case, template: str, values: dict[str, str], key: str) -> None:
    """One message per channel the resident gave, each sent once (``key``) however often
    the caller runs: a report or a booking (``phone``, ``email``, ``language``, ``reference``)."""
    common = {"template": f"{MODULE_ID}/{template}", "personalisation": values,
              "language": case.language, "category": "receipt",
              "reference": case.reference, "module_id": MODULE_ID}
    if case.phone:
        tk.send_sms(case.phone, idempotency_key=f"{MODULE_ID}:{key}:sms", **common)
    if case.email:
        tk.send_email(case.email, idempotency_key=f"{MODULE_ID}:{key}:email", **common)
