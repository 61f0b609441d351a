"""Back office: the missed-collection queue with the route day's evidence, and bookings.

Each report shows what the crew recorded beside it (the scheduled date, the
outcome, the skip reason, the time), as it stood when the report came and as
the register has it now.  Decisions go through ``tk.transition``: two
handläggare pressing at once decide once, and the resident is told by SMS or
e-mail in their own language.
"""

from __future__ import annotations

from datetime import date

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from eservices import toolkit as tk

from . import texts
from .filing import notify
from .lookup import container_states
from .models import BOOKING_STATUSES, REPORT_STATUSES, Booking, Report
from .workdays import is_working_day

PAGE_SIZE = 50
STATUS_WORDS = {"scheduled": _l("planned"), "done": _l("emptied"), "rejected": _l("rejected")}
NEXT = {"schedule": (("received",), "scheduled"), "done": (("received", "scheduled"), "done"),
        "reject": (("received", "scheduled"), "rejected")}


class DecisionForm(tk.QuestionForm):
    recollect_on = tk.DateInputField(_l("Day of the re-collection"), validators=[Optional()])
    note = TextAreaField(_l("Message to the resident"),
                         filters=[lambda v: v.strip() if v else v],
                         validators=[Optional(), Length(max=1000)])


class RejectForm(tk.QuestionForm):
    note = TextAreaField(_l("Why is the report rejected?"),
                         filters=[lambda v: v.strip() if v else v],
                         validators=[DataRequired(_l("Write why the report is rejected")),
                                     Length(max=1000)])


def queue():
    return render_template("waste_requests/staff/queue.html", statuses=texts.REPORT_STATUSES,
                           queue=tk.status_queue(Report, REPORT_STATUSES, default="received",
                                                 page_size=PAGE_SIZE))


def _report(reference: str) -> Report:
    report = tk.db.session.scalar(select(Report).where(Report.reference == reference))
    if report is None:
        abort(404)
    return report


def _now_evidence(report: Report):
    state = next((s for s in container_states(report.designation)
                  if s.container.container_id == report.container_id), None)
    return state.verdict.evidence if state else None


def detail(reference: str):
    report = _report(reference)
    if request.method == "GET":
        tk.audit.record("report_viewed", subject=report.reference,
                        module_id=tk.current_module().id)
        tk.db.session.commit()
    return render_template("waste_requests/staff/detail.html", report=report,
                           now=_now_evidence(report), decide=DecisionForm(),
                           reject=RejectForm())


def decide(reference: str, action: str):
    if action not in NEXT:
        abort(404)
    report = _report(reference)
    form = RejectForm() if action == "reject" else DecisionForm()
    if not form.validate_on_submit():
        return _refused(report, form, action)
    day = getattr(form, "recollect_on", None)
    day = day.data if day is not None else None
    if action == "schedule" and (day is None or day < tk.clock.today()
                                 or not is_working_day(day)):
        form.recollect_on.errors = [_("Give a working day from today on")]
        return _refused(report, form, action)
    from_statuses, to_status = NEXT[action]
    try:
        tk.transition(report, from_statuses, to_status, g.staff_user.username,
                      reason=form.note.data or "", words=STATUS_WORDS)
    except tk.StatusConflict as refused:
        tk.db.session.rollback()
        flash(refused.message, "warning")
        return redirect(url_for(".detail", reference=reference), code=303)
    report.updated_at = tk.clock.now()
    if day is not None:
        report.recollect_on = day
    report.status_note = _note(report, to_status, form.note.data or "", day)
    notify(report, "report_update")
    tk.db.session.commit()
    flash(_("Report %(reference)s is updated and the resident is told.",
            reference=report.reference))
    return redirect(url_for(".queue"), code=303)


def _refused(report: Report, form, action: str):
    """The case page again with the decision's errors (``form`` titles the page "Error:")."""
    return render_template("waste_requests/staff/detail.html", report=report,
                           now=_now_evidence(report), form=form,
                           decide=form if action != "reject" else DecisionForm(),
                           reject=form if action == "reject" else RejectForm()), 400


def _note(report: Report, status: str, text: str, day: date | None) -> str:
    """The update as the resident reads it, in their language (SMS and e-mail)."""
    with tk.in_language(tk.current_module().id, report.language) as t:
        if status == "scheduled" and day is not None:
            note = t.gettext("We will empty the bin on %(date)s, free of charge.",
                             date=format_date(day, "EEEE d MMMM"))
        elif status == "done":
            note = t.gettext("The bin has now been emptied.")
        else:
            note = t.gettext("We will not empty the bin again.")
    return f"{note} {text}".strip()[:1000]


def bookings():
    return render_template("waste_requests/staff/bookings.html",
                           statuses=texts.BOOKING_STATUSES,
                           queue=tk.status_queue(
                               Booking, BOOKING_STATUSES, default="booked",
                               page_size=PAGE_SIZE,
                               order=lambda model, _status: (model.day, model.id)))
