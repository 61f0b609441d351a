"""The resident's journey: start → problem → contact → check answers → confirmation."""

from __future__ import annotations

import logging

from flask import Blueprint, current_app, redirect, render_template, request, url_for

from eservices.db import db
from eservices.forms import Journey, QuestionForm, new_reference
from eservices.i18n import current_language
from notifications import send_email, send_sms

from .forms import ContactForm, ProblemForm
from .models import Report

bp = Blueprint("accessibility_report", __name__, template_folder="templates")
log = logging.getLogger(__name__)

JOURNEY = "accessibility_report"
STEPS = (("problem", ProblemForm, ".problem"), ("contact", ContactForm, ".contact"))
NEXT = {"problem": ".contact", "contact": ".check"}


class SubmitForm(QuestionForm):
    """No questions: only the CSRF token of the check-answers page."""


def _first_missing_step(journey: Journey) -> str | None:
    for step, form_class, endpoint in STEPS:
        if journey.validated(form_class, step) is None:
            return endpoint
    return None


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
        send_email(report.email, **common)
    if report.phone:
        send_sms(report.phone, **common)


@bp.route("/")
def start():
    return render_template("accessibility_report/start.html")


@bp.route("/begin")
def begin():
    Journey.fresh(JOURNEY)
    return redirect(url_for(".problem"))


def _question_page(step: str, form_class: type[QuestionForm], template: str, back: str):
    journey = Journey.current(JOURNEY)
    if journey.submitted:
        return redirect(url_for(".confirmation"))
    form = journey.form(form_class, step)
    changing = request.args.get("change") == "1"
    if form.validate_on_submit():
        journey.save(step, form)
        db.session.commit()
        return redirect(url_for(".check" if changing else NEXT[step]))
    db.session.commit()
    return render_template(template, form=form, back=url_for(".check") if changing else back)


@bp.route("/problem", methods=["GET", "POST"])
def problem():
    return _question_page("problem", ProblemForm, "accessibility_report/problem.html",
                          url_for(".start"))


@bp.route("/contact", methods=["GET", "POST"])
def contact():
    journey = Journey.current(JOURNEY)
    if not journey.submitted and not journey.has("problem"):
        return redirect(url_for(".problem"))
    return _question_page("contact", ContactForm, "accessibility_report/contact.html",
                          url_for(".problem"))


@bp.route("/check", methods=["GET", "POST"])
def check():
    journey = Journey.current(JOURNEY)
    if journey.submitted:
        return redirect(url_for(".confirmation"))
    missing = _first_missing_step(journey)
    if missing:
        return redirect(url_for(missing))
    form = SubmitForm()
    if form.validate_on_submit():
        problem = journey.validated(ProblemForm, "problem")
        contact = journey.validated(ContactForm, "contact")
        assert problem is not None and contact is not None
        reference = new_reference("TR")
        if journey.claim(reference):
            report = Report(
                reference=reference, journey_id=journey.state.id,
                problem_kind=problem.problem_kind.data, location=problem.location.data.strip(),
                description=problem.description.data.strip(),
                name=(contact.name.data or "").strip(), email=contact.email.data or "",
                phone=contact.phone.data or "", language=current_language())
            db.session.add(report)
            _send_receipts(report)
            db.session.commit()  # the case and its receipts, together or not at all
            log.info("accessibility report %s received", reference)
        return redirect(url_for(".confirmation"), code=303)
    rows = journey.summary(STEPS, change_url={
        "problem": url_for(".problem", change=1), "contact": url_for(".contact", change=1)})
    db.session.commit()
    return render_template("accessibility_report/check.html", form=form, rows=rows)


@bp.route("/confirmation")
def confirmation():
    journey = Journey.finished(JOURNEY)
    if journey is None:
        return redirect(url_for(".start"))
    contact = journey.validated(ContactForm, "contact")
    wants_reply = bool(contact and (contact.email.data or contact.phone.data))
    return render_template("accessibility_report/confirmation.html",
                           reference=journey.reference, wants_reply=wants_reply)
