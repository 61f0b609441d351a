"""Back office: the handläggare's queue, the case page with its decisions, and the export.

The decisions themselves live in ``cases``; this file only turns requests into
calls, a refused decision into a message, and plans into words a handläggare
reads (bin names and frequencies from the tariff, in the handläggare's language).
The URLs are in ``blueprint`` (the module's one URL map); this file never imports it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import (
    Response,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from eservices import toolkit as tk

from . import cases, export
from .models import OPEN_STATUSES, STATUSES, ChangeRequest
from .plan import Plan
from .pricing import PriceQuote
from .settings import current_tariff
from .tariff import Tariff, label

PAGE_SIZE = 50
REASON_MAX = 1000


def _reason(text: str, message: str | None = None) -> TextAreaField:
    # DataRequired after stripping: a reason of only spaces is no reason.
    validators = [DataRequired(message)] if message else [Optional()]
    too_long = _l("The reason must be %(max)d characters or fewer", max=REASON_MAX)
    return TextAreaField(text, filters=[lambda v: v.strip() if v else v],
                         validators=[*validators, Length(max=REASON_MAX, message=too_long)])


StartForm = tk.SubmitForm  # taking a case is one button


class ApproveForm(tk.QuestionForm):
    approve_reason = _reason(_l("Message to the resident"))


class RejectForm(tk.QuestionForm):
    reject_reason = _reason(_l("Reason for rejecting"),
                            _l("Enter the reason for rejecting the request"))


class WithdrawForm(tk.QuestionForm):
    withdraw_reason = _reason(_l("Why is the request withdrawn?"),
                              _l("Enter why the request is withdrawn"))


ExportForm = tk.export_form_class(
    _l("Approved from"), _l("Approved to"),
    _l("CSV for Excel and EDP Future (semicolon separated)"))


# -- reading plans as words ----------------------------------------------------------------

def _name(names: dict[str, Any], key: str, language: str) -> str:
    found = names.get(key)
    return found.label(language) if found is not None else key  # a tariff id no longer used


def _pause_text(start: Any, end: Any) -> str:
    return _("%(start)s to %(end)s", start=format_date(start, "d MMMM y"),
             end=format_date(end, "d MMMM y"))


def describe_plan(plan: Plan, tariff: Tariff, language: str) -> dict[str, str]:
    rows = {_name(tariff.containers, b.container, language): _("%(litres)d litres",
                                                                litres=b.litres)
            for b in plan.bins}
    rows[_("Collection frequency")] = _name(tariff.frequencies, plan.frequency, language)
    rows[_("Home composting")] = _("Yes") if plan.home_composting else _("No")
    rows[_("Shares bins with customer number")] = plan.shared_with or "–"
    rows[_("Pause")] = _pause_text(plan.pause.start, plan.pause.end) if plan.pause else "–"
    return rows


def compare(case: ChangeRequest, tariff: Tariff, language: str) -> list[dict[str, Any]]:
    """Current and proposed side by side, one row per bin or property of the plan."""
    current = describe_plan(case.current(), tariff, language)
    proposed = describe_plan(case.proposed(), tariff, language)
    keys = list(dict.fromkeys([*current, *proposed]))
    return [{"key": key, "current": current.get(key, "–"), "proposed": proposed.get(key, "–"),
             "changed": current.get(key) != proposed.get(key)} for key in keys]


def describe_changes(case: ChangeRequest, tariff: Tariff, language: str) -> list[tuple[str, str]]:
    """What the resident asked for, change by change."""
    details, rows = case.details or {}, []
    for kind in case.change_types:
        value = details.get(kind)
        if kind == "size":
            text = ", ".join(_("%(container)s %(litres)d litres", litres=int(litres),
                               container=_name(tariff.containers, container, language))
                             for container, litres in (value or {}).items())
        elif kind == "frequency":
            text = _name(tariff.frequencies, str(value), language)
        elif kind == "home_composting":
            compost = (value or {}).get("compost_type", "")
            types = tariff.home_composting.compost_types
            text = label(types[compost], language) if compost in types else compost
        elif kind == "share":
            text = _("With customer number %(number)s",
                     number=(value or {}).get("neighbour_customer_number", "–"))
            if case.neighbour is not None:
                text += f", {case.neighbour.property.designation}, " \
                        f"{case.neighbour.property.street_address}"
        elif kind == "pause":
            text = _pause_text(date.fromisoformat(value["start"]),
                               date.fromisoformat(value["end"]))
        else:
            text = _("Yes")
        rows.append((str(cases.CHANGE_LABELS.get(kind, kind)), text))
    return rows


# -- the queue and the case ----------------------------------------------------------------

def _queue_order(model: type[ChangeRequest], status: str) -> tuple[Any, ...]:
    """Open cases oldest first (first come, first served); decided ones latest first."""
    first = model.created_at.asc() if status in OPEN_STATUSES else model.decided_at.desc()
    return (first, model.id)


def queue():
    found = tk.status_queue(ChangeRequest, STATUSES, page_size=PAGE_SIZE, order=_queue_order)
    return render_template(
        "waste_subscription/staff/queue.html", queue=found, statuses=STATUSES,
        labels=cases.STATUS_LABELS, change_labels=cases.CHANGE_LABELS,
        neighbour_labels=cases.NEIGHBOUR_LABELS)


def _case(reference: str) -> ChangeRequest:
    case = tk.db.session.scalar(select(ChangeRequest).where(ChangeRequest.reference == reference))
    if case is None:
        abort(404)
    return case


def _render_case(case: ChangeRequest, failed: tk.QuestionForm | None = None, **forms: Any):
    language = tk.current_language()
    tariff = current_tariff()
    forms = {"start_form": StartForm(), "approve_form": ApproveForm(),
             "reject_form": RejectForm(), "withdraw_form": WithdrawForm(), **forms}
    return render_template(
        "waste_subscription/staff/case.html", case=case, form=failed, **forms,
        quote=PriceQuote.from_json(case.quote) if case.quote else None,
        changes=describe_changes(case, tariff, language),
        comparison=compare(case, tariff, language), labels=cases.STATUS_LABELS,
        neighbour_labels=cases.NEIGHBOUR_LABELS, event_labels=cases.EVENT_LABELS,
        actor_labels=cases.ACTOR_LABELS)


def detail(reference: str):
    case = _case(reference)
    # The page shows full contact details: who looked is in the audit trail.
    tk.audit.record("case_viewed", subject=case.reference, module_id=tk.current_module().id)
    tk.db.session.commit()
    return _render_case(case)


DECISIONS = {
    "start": (StartForm, None, cases.start_handling, _l("You are now handling %(reference)s.")),
    "approve": (ApproveForm, "approve_reason", cases.approve,
                _l("%(reference)s is approved. The register changes the subscription on the "
                   "date the change applies from. The resident is notified.")),
    "reject": (RejectForm, "reject_reason", cases.reject,
               _l("%(reference)s is rejected. The resident is notified.")),
    "withdraw": (WithdrawForm, "withdraw_reason", cases.withdraw,
                 _l("%(reference)s is withdrawn. The resident is notified.")),
}


def decide(reference: str, action: str):
    if action not in DECISIONS:
        abort(404)
    form_class, field, decision, done = DECISIONS[action]
    case = _case(reference)
    form = form_class()
    if not form.validate_on_submit():
        return _render_case(case, failed=form, **{f"{action}_form": form})
    args = (form[field].data or "",) if field else ()
    try:
        decision(case, g.staff_user.username, *args)
        tk.db.session.commit()
    except cases.CaseError as refused:
        tk.db.session.rollback()
        flash(refused.message, "warning")
    else:
        flash(str(done) % {"reference": case.reference})
    return redirect(url_for(".detail", reference=reference), code=303)


# -- export --------------------------------------------------------------------------------

def export_form():
    form = ExportForm()
    if form.validate_on_submit():
        endpoint = ".export_json" if form.file_format.data == "json" else ".export_csv"
        return redirect(url_for(endpoint, **{"from": form.date_from.data.isoformat(),
                                             "to": form.date_to.data.isoformat()}), 303)
    return render_template("waste_subscription/staff/export.html", form=form)


def _export(file_format: str) -> Response | tuple[str, int]:
    try:
        first, last = tk.parse_export_range(request.args.get("from"), request.args.get("to"))
    except tk.ExportRangeError as bad:
        return render_template("waste_subscription/staff/export.html",
                               form=tk.export_form_with_error(ExportForm, bad)), 400
    start, end = tk.utc_bounds(first, last, current_app.config["BABEL_DEFAULT_TIMEZONE"])
    approved = tk.db.session.scalars(
        select(ChangeRequest).where(ChangeRequest.status == "approved",
                                    ChangeRequest.decided_at >= start,
                                    ChangeRequest.decided_at < end)
        .order_by(ChangeRequest.decided_at, ChangeRequest.id)).all()
    rows = export.export_rows(approved)
    tk.audit.record("cases_exported", subject=f"{first.isoformat()}–{last.isoformat()}",
                 module_id=tk.current_module().id, format=file_format, cases=len(approved),
                 rows=len(rows))
    tk.db.session.commit()
    name = f"avfallsabonnemang-{first.isoformat()}-{last.isoformat()}.{file_format}"
    body = export.to_csv(rows) if file_format == "csv" else export.to_json(rows, first, last)
    return tk.export_file(body, file_format, name)


def export_csv():
    return _export("csv")


def export_json():
    return _export("json")
