"""What the module keeps about people: its part of Mina sidor, erasure and retention.

A report is tied to a person only by the contact details they chose to give
(an e-mail address, a mobile number), so a resident finds the reports sent
from the numbers and addresses proven to be theirs.  The report itself - where
the problem was and what it was - is about a web page, not about the person,
and is what the municipality's accessibility work (and its reporting to DIGG)
needs; the person's name and contact details are only needed until the report
is answered.  So erasure and retention take the contact details first, and the
report only after the follow-up period; a report still being handled is kept
whole, because we still have to answer it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, false, func, or_, select, update

from eservices import toolkit as tk

from .forms import PROBLEM_KINDS
from .models import Report

STATUS_LABELS = {"new": _l("Being handled"), "handled": _l("Handled")}
#: The days a handled report keeps its sender's contact details (retention "contact").
CONTACT_DAYS = 90
#: The days a handled report is kept at all (retention "reports").
REPORT_DAYS = 730


def _tied_to(subject: tk.DataSubject) -> Any:
    """The reports sent from the subject's proven numbers or addresses."""
    conditions = []
    if subject.phone_numbers:
        conditions.append(Report.phone.in_(subject.phone_numbers))
    if subject.email_addresses:
        conditions.append(func.lower(Report.email).in_(subject.email_addresses))
    return or_(*conditions) if conditions else false()


def _reports(subject: tk.DataSubject) -> list[Report]:
    return list(tk.db.session.scalars(select(Report).where(_tied_to(subject))
                                      .order_by(Report.created_at.desc(), Report.id.desc())))


def _record(report: Report) -> dict[str, Any]:
    return {"reference": report.reference, "problem_kind": report.problem_kind,
            "location": report.location, "description": report.description,
            "name": report.name, "email": report.email, "phone": report.phone,
            "language": report.language, "status": report.status,
            "created_at": report.created_at.isoformat(),
            "handled_at": report.handled_at.isoformat() if report.handled_at else None}


def _item(report: Report) -> tk.DataItem:
    kinds = {choice.value: str(choice.label) for choice in PROBLEM_KINDS}
    details = [(_("What kind of problem"), kinds.get(report.problem_kind, report.problem_kind)),
               (_("Where"), report.location)]
    if report.email:
        details.append((_("E-mail address"), report.email))
    if report.phone:
        details.append((_("Mobile number"), tk.display_mobile(report.phone)))
    return tk.DataItem(
        title=_("Accessibility report %(reference)s", reference=report.reference),
        record=_record(report), status=str(STATUS_LABELS.get(report.status, report.status)),
        when=report.created_at, details=details)


def find(subject: tk.DataSubject) -> list[tk.DataSection]:
    return [tk.DataSection(key="accessibility_reports", title=_("Accessibility reports"),
                           items=[_item(report) for report in _reports(subject)],
                           empty_text=_("You have not sent any accessibility reports."))]


def erase(subject: tk.DataSubject) -> tk.ErasureOutcome:
    """Handled reports lose the name and contact details; open ones are kept whole."""
    reports = _reports(subject)
    handled = [report for report in reports if report.status != "new"]
    for report in handled:
        report.name, report.email, report.phone = "", "", ""
    kept = []
    if len(handled) < len(reports):
        kept.append(tk.KeptData(
            what=_("Accessibility reports we are still handling"),
            reason=_("We need your contact details to answer the report. They are removed "
                     "when the report has been handled and the time for questions about "
                     "our answer has passed.")))
    tk.db.session.flush()
    return tk.ErasureOutcome(anonymised=len(handled), kept=kept)


def drop_contact_details(cutoff: datetime) -> int:
    """Retention "contact": handled before ``cutoff`` -> no name, e-mail or phone left."""
    result = tk.db.session.execute(
        update(Report)
        .where(Report.status == "handled", Report.handled_at < cutoff,
               or_(Report.name != "", Report.email != "", Report.phone != ""))
        .values(name="", email="", phone="").execution_options(synchronize_session=False))
    return result.rowcount or 0


def delete_old_reports(cutoff: datetime) -> int:
    """Retention "reports": handled before ``cutoff`` -> the report is deleted."""
    result = tk.db.session.execute(
        delete(Report).where(Report.status == "handled", Report.handled_at < cutoff)
        .execution_options(synchronize_session=False))
    return result.rowcount or 0


PERSONAL_DATA = tk.PersonalData(
    resident_data=tk.ResidentData(find=f"{__name__}:find", erase=f"{__name__}:erase"),
    retention=(
        tk.Retention("contact", "reports", CONTACT_DAYS, f"{__name__}:drop_contact_details",
                     _l("The name, e-mail address and mobile number given with an "
                        "accessibility report, counted from when the report was handled: "
                        "long enough for questions about our answer.")),
        tk.Retention("reports", "reports", REPORT_DAYS, f"{__name__}:delete_old_reports",
                     _l("Handled accessibility reports, counted from when they were "
                        "handled: two years, for the follow-up of our accessibility work "
                        "and the yearly report to DIGG.")),
    ))
