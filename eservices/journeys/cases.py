"""The back office of built journeys: an overview, a queue per journey, the case page.

Handlers only: the URLs are in ``staff_blueprint`` (which imports this file,
never the other way round).  The queue is the case kit's ``status_queue`` over
the submissions of one journey; a decision is ``decisions.decide``; a
refused decision (a colleague was first, another tab) is a message on the
case page, never an error page.  Lists show contact details masked; the case
page shows them in full, and who opened it is in the audit trail.
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import aliased
from wtforms import HiddenField, RadioField, TextAreaField
from wtforms.validators import InputRequired, Length, ValidationError

from notifications.models import Notification

from ..db import db
from ..forms.base import QuestionForm
from ..i18n import current_language
from ..privacy import mask_email, mask_phone
from ..staff import audit
from ..staff.cases import StatusConflict, status_queue
from . import decisions, store
from .models import JourneyRecord, JourneySubmission
from .schema import JourneyDefinition

PAGE_SIZE = 50
CONTACT_TYPES = {"mobile": mask_phone, "email": mask_email}


class DecisionForm(QuestionForm):
    status = RadioField(_l("New status"), validators=[InputRequired(_l("Select the new status"))])
    reason = TextAreaField(_l("Reason the resident is told"),
                           filters=[lambda value: value.strip() if value else value],
                           validators=[Length(max=decisions.REASON_MAX, message=_l(
                               "The reason must be %(max)d characters or fewer",
                               max=decisions.REASON_MAX))])
    #: The status the page showed: the decision is a compare-and-set on it.
    seen_status = HiddenField()

    def validate_reason(self, field: TextAreaField) -> None:
        if self.status.data in decisions.REASON_REQUIRED and not field.data:
            raise ValidationError(_("Enter the reason the resident is told"))


def decision_form(submission: JourneySubmission) -> DecisionForm:
    """The form offers the moves from the status the page showed (on a POST, the one
    it was loaded with), so a stale tab's choice reaches the compare-and-set and is
    refused there in words, instead of failing as "not a valid choice"."""
    form = DecisionForm()
    seen = form.seen_status.data if request.method == "POST" else None
    if seen not in decisions.STATUSES:
        seen = form.seen_status.data = submission.status
    form.status.choices = [(status, decisions.STATUS_LABELS[status])
                           for status in decisions.next_statuses(seen)]
    return form


# -- helpers --------------------------------------------------------------------------

def journey_name(record: JourneyRecord, language: str) -> str:
    """The journey's name in ``language`` from its draft (the slug while it has none)."""
    names = (record.draft or {}).get("name") or {}
    return names.get(language) or next(iter(names.values()), record.slug)


def journey_or_404(slug: str) -> JourneyRecord:
    record = store.by_slug(slug)
    if record is None:
        abort(404)
    g.journey_slug = record.slug  # url_for fills in the slug (staff_blueprint.url_defaults)
    return record


def definitions(record: JourneyRecord, numbers: set[int]) -> dict[int, JourneyDefinition]:
    """The definitions of the versions ``numbers``, each validated once."""
    found = {}
    for number in sorted(numbers):
        definition = store.definition_of(record, number)
        if definition is not None:
            found[number] = definition
    return found


def masked_contacts(definition: JourneyDefinition | None,
                    submission: JourneySubmission) -> list[str]:
    """The resident's mobile and e-mail answers, masked, for lists."""
    if definition is None:
        return []
    values = (submission.answers or {}).get("values", {})
    found = []
    for page in definition.questions():
        assert page.question is not None
        mask = CONTACT_TYPES.get(page.question.type)
        value = values.get(page.key)
        if mask is not None and isinstance(value, str) and value:
            found.append(mask(value))
    return found


# -- pages ----------------------------------------------------------------------------

def overview():
    """Every built journey with its cases per status, in one ``GROUP BY``."""
    counts: dict[str, dict[str, int]] = {}
    for module_id, status, count in db.session.execute(
            select(JourneySubmission.module_id, JourneySubmission.status, func.count())
            .group_by(JourneySubmission.module_id, JourneySubmission.status)):
        counts.setdefault(module_id, {})[status] = count
    language = current_language()
    journeys = [{"record": record, "name": journey_name(record, language),
                 "counts": counts.get(record.module_id, {})} for record in store.all_journeys()]
    return render_template("eservices/journeys/staff/overview.html", journeys=journeys,
                           statuses=decisions.STATUSES, labels=decisions.STATUS_LABELS)


def _newest_first(model: Any, _status: str) -> tuple[Any, ...]:
    return (model.submitted_at.desc(), model.id.desc())


def queue(slug: str):
    record = journey_or_404(slug)
    # The kit's queue over this journey's submissions only: an aliased subquery
    # keeps both the page and its counts per status to the one module id.
    scoped = aliased(JourneySubmission, select(JourneySubmission).where(
        JourneySubmission.module_id == record.module_id).subquery("journey_cases"))
    page = status_queue(scoped, decisions.STATUSES, page_size=PAGE_SIZE, order=_newest_first)
    known = definitions(record, {item.version_number for item in page.items})
    rows = [{"case": item, "contacts": masked_contacts(known.get(item.version_number), item)}
            for item in page.items]
    return render_template("eservices/journeys/staff/queue.html", record=record,
                           name=journey_name(record, current_language()), queue=page,
                           rows=rows, statuses=decisions.STATUSES,
                           labels=decisions.STATUS_LABELS)


def _submission(record: JourneyRecord, reference: str) -> JourneySubmission:
    found = db.session.scalar(select(JourneySubmission).where(
        JourneySubmission.reference == reference,
        JourneySubmission.module_id == record.module_id))
    if found is None:
        abort(404)
    return found


def _render_case(record: JourneyRecord, submission: JourneySubmission, form: DecisionForm,
                 status: int = 200):
    messages = db.session.scalars(select(Notification).where(
        Notification.reference == submission.reference, Notification.category == "decision")
        .order_by(Notification.created_at)).all()
    return render_template(
        "eservices/journeys/staff/case.html", record=record, case=submission,
        name=journey_name(record, current_language()), form=form if form.errors else None,
        decision_form=form, rows=(submission.answers or {}).get("rows", []),
        history=decisions.history(submission), messages=messages,
        labels=decisions.STATUS_LABELS), status


def case(slug: str, reference: str):
    record = journey_or_404(slug)
    submission = _submission(record, reference)
    form = decision_form(submission)
    if request.method == "POST":
        return _decide(record, submission, form)
    # The page shows the resident's answers in full: who looked is in the audit trail.
    audit.record("journey_case_viewed", subject=submission.reference,
                 module_id=record.module_id)
    db.session.commit()
    return _render_case(record, submission, form)


def _decide(record: JourneyRecord, submission: JourneySubmission, form: DecisionForm):
    here = url_for(".case", reference=submission.reference)
    if not form.status.choices:  # closed when the page was loaded: nothing to decide
        flash(_("The case is closed."), "warning")
        return redirect(here, code=303)
    if not form.validate_on_submit():
        return _render_case(record, submission, form, 400)
    try:
        outcome = decisions.decide(record, submission, form.seen_status.data or "",
                                   form.status.data, form.reason.data or "",
                                   g.staff_user.username)
        db.session.commit()
    except StatusConflict as refused:
        db.session.rollback()
        flash(refused.message, "warning")
        return redirect(here, code=303)
    flash(_("Case %(reference)s is now: %(status)s.", reference=submission.reference,
            status=decisions.STATUS_LABELS[submission.status]))
    if outcome.failed:
        flash(_("The decision is saved, but the message to the resident could not be sent. "
                "Contact the resident another way."), "warning")
    elif not outcome.sent:
        flash(_("The resident left no mobile number or e-mail address for messages, so they "
                "are not told."), "warning")
    return redirect(here, code=303)
