"""Back office: the queue of reports and marking them handled."""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import func, select

from eservices.db import db, utcnow
from eservices.forms import QuestionForm
from eservices.staff import audit

from .forms import PROBLEM_KINDS
from .models import STATUSES, Report

staff_bp = Blueprint("accessibility_report_staff", __name__, template_folder="templates")


class HandleForm(QuestionForm):
    """Only the CSRF token: marking a report handled is one button."""


@staff_bp.route("/")
def queue():
    status = request.args.get("status", "new")
    if status not in STATUSES:
        abort(404)
    reports = db.session.scalars(select(Report).where(Report.status == status)
                                 .order_by(Report.created_at.desc()).limit(500)).all()
    counts = dict(db.session.execute(select(Report.status, func.count())
                                     .group_by(Report.status)).all())
    return render_template("accessibility_report/staff/queue.html", reports=reports,
                           status=status, counts=counts, statuses=STATUSES)


@staff_bp.route("/<reference>", methods=["GET", "POST"])
def detail(reference: str):
    report = db.session.scalar(select(Report).where(Report.reference == reference))
    if report is None:
        abort(404)
    form = HandleForm()
    if form.validate_on_submit() and report.status == "new":
        report.status = "handled"
        report.handled_at = utcnow()
        report.handled_by = g.staff_user.username
        audit.record("report_handled", subject=report.reference,
                     module_id="accessibility_report")
        db.session.commit()
        flash(_("Report %(reference)s is marked as handled.", reference=report.reference))
        return redirect(url_for(".queue"))
    if request.method == "GET":
        audit.record("report_viewed", subject=report.reference, module_id="accessibility_report")
        db.session.commit()
    return render_template("accessibility_report/staff/detail.html", report=report, form=form,
                           kinds={c.value: c.label for c in PROBLEM_KINDS})
