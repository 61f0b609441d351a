"""The resident's journey: start → problem → contact → check answers → confirmation.

The order, the back and change links and the guard against skipping ahead
belong to the platform's journey engine (``FLOW``); these handlers only say
what the pages show and what sending a report does.
"""

from __future__ import annotations

import logging

from flask import current_app, redirect, render_template, url_for

from eservices import toolkit as tk

from .forms import ContactForm, ProblemForm
from .models import Report

log = logging.getLogger(__name__)

FLOW = tk.Flow("accessibility_report", [
    tk.Step("problem", ProblemForm, "accessibility_report/problem.html",
            endpoint=".problem"),
    tk.Step("contact", ContactForm, "accessibility_report/contact.html",
            endpoint=".contact"),
])


def _send_receipts(report: Report) -> None:
    """Receipts go in the same transaction as the report: both or neither."""
    personalisation = {
        "reference": report.reference,
        "municipality": current_app.config["MUNICIPALITY_NAME"],
        "greeting_name": f" {report.name}" if report.name else "",
    }
    common = {"template": "accessibility_report/receipt", "personalisation": personalisation,
              "language": report.language, "category": "receipt",
              "reference": report.reference, "idempotency_key": f"receipt:{report.reference}"}
    if report.email:
        tk.send_email(report.email, **common)
    if report.phone:
        tk.send_sms(report.phone, **common)


def _file_report(journey: tk.Journey, answers: tk.Answers) -> None:
    """The journey has just been claimed: store the case and queue its receipts."""
    problem, contact = answers.form("problem"), answers.form("contact")
    assert problem is not None and contact is not None and journey.reference is not None
    report = Report(
        reference=journey.reference, journey_id=journey.state.id,
        problem_kind=problem.problem_kind.data, location=problem.location.data.strip(),
        description=problem.description.data.strip(),
        name=(contact.name.data or "").strip(), email=contact.email.data or "",
        phone=contact.phone.data or "", language=tk.current_language())
    tk.db.session.add(report)
    _send_receipts(report)
    log.info("accessibility report %s received", journey.reference)


def start():
    return render_template("accessibility_report/start.html")


def begin():
    return FLOW.begin()


def problem():
    return FLOW.page("problem")


def contact():
    return FLOW.page("contact")


def check():
    return FLOW.check("accessibility_report/check.html", _file_report, reference_prefix="TR")


def confirmation():
    journey = FLOW.finished()
    if journey is None:
        return redirect(url_for(".start"))
    contact = journey.validated(ContactForm, "contact")
    wants_reply = bool(contact and (contact.email.data or contact.phone.data))
    return render_template("accessibility_report/confirmation.html",
                           reference=journey.reference, wants_reply=wants_reply)
