"""Back office: the queue of reports and marking them handled.

Both go through the toolkit's back-office kit: the queue is ``tk.status_queue``
(counts per status, bounded pages) and "handled" is ``tk.transition``, so two
handläggare pressing the button at once mark a report handled exactly once,
with one audit record, and the second is told so.  The URLs are in ``blueprint``.
"""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from eservices import toolkit as tk

from .forms import PROBLEM_KINDS
from .models import STATUSES, Report

PAGE_SIZE = 500
STATUS_WORDS = {"handled": _l("handled")}  # "The case is already handled"


def queue():
    return render_template("accessibility_report/staff/queue.html", statuses=STATUSES,
                           queue=tk.status_queue(Report, STATUSES, page_size=PAGE_SIZE))


def detail(reference: str):
    report = tk.db.session.scalar(select(Report).where(Report.reference == reference))
    if report is None:
        abort(404)
    form = tk.SubmitForm()
    if form.validate_on_submit():
        try:
            tk.transition(report, ("new",), "handled", g.staff_user.username,
                          action="report_handled", words=STATUS_WORDS)
        except tk.StatusConflict as refused:
            tk.db.session.rollback()
            flash(refused.message, "warning")
            return redirect(url_for(".detail", reference=reference), code=303)
        report.handled_at = tk.utcnow()
        report.handled_by = g.staff_user.username
        tk.db.session.commit()
        flash(_("Report %(reference)s is marked as handled.", reference=report.reference))
        return redirect(url_for(".queue"))
    if request.method == "GET":
        tk.audit.record("report_viewed", subject=report.reference,
                        module_id=tk.current_module().id)
        tk.db.session.commit()
    return render_template("accessibility_report/staff/detail.html", report=report, form=form,
                           kinds={c.value: c.label for c in PROBLEM_KINDS})
