"""Signing up for texts: the question pages, the code and the confirmation.

Each question page re-reads the journey's saved answers on the server.  Sending
the code (the check-answers page) copies what was asked for into the code row;
from then on the code page reads only that row, through its id in the session,
so nothing the browser posts can point the subscription at another address.
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from wtforms import Form

from eservices.db import db
from eservices.extensions import limiter
from eservices.forms import Journey
from eservices.forms.journey import SummaryRow
from eservices.i18n import current_language

from .forms import (
    ALERT_LABELS,
    AlertsForm,
    ButtonForm,
    CodeForm,
    EveningTimeForm,
    LeadTimeForm,
    MobileForm,
    lead_label,
    setting,
)
from .models import Address, AlertSubscription, VerificationCode
from .verification import CheckResult, CodeRefused, check_code, request_code
from .views import JOURNEY, address_or_404, bp, display_phone

CODE_KEY = "collection_alerts_code"  # the id of the code row this browser is confirming
DONE_KEY = "collection_alerts_done"  # the subscription just confirmed
SEND_LIMIT = "20 per hour"  # coarse per-IP guard; the real limits count code rows
CODE_LIMIT = "60 per hour"
STEPS: dict[str, tuple[type[Form], str]] = {
    "alerts": (AlertsForm, "alerts"), "evening_time": (EveningTimeForm, "reminder_time"),
    "lead_time": (LeadTimeForm, "approach_minutes"), "mobile": (MobileForm, "phone")}


def _journey() -> tuple[Journey, Address]:
    """The sign-up journey and its address, or back to the start page."""
    journey = Journey.current(JOURNEY)
    saved = journey.state.answers.get("address", {}).get("address_id", [""])[0]
    place = db.session.get(Address, int(saved)) if str(saved).isdigit() else None
    if place is None:
        abort(redirect(url_for(".start")))
    return journey, place


def _sequence(journey: Journey) -> list[str]:
    """The pages after the address for the texts chosen (only "alerts" before choosing)."""
    form = journey.validated(AlertsForm, "alerts")
    alerts = list(form.alerts.data) if form else []
    return ["alerts", *(["evening_time"] if "evening" in alerts else []),
            *(["lead_time"] if "approach" in alerts else []), "mobile", "check"]


def _first_missing(journey: Journey) -> str | None:
    for step in _sequence(journey)[:-1]:
        if journey.validated(STEPS[step][0], step) is None:
            return step
    return None


@bp.route("/address/<int:address_id>/sign-up")
def sign_up(address_id: int):
    """The "Get a text" link: a journey for this address (kept if it already is)."""
    place = address_or_404(address_id)
    journey = Journey.current(JOURNEY)
    if journey.state.answers.get("address") != {"address_id": [str(place.id)]}:
        journey.state.answers = {"address": {"address_id": [str(place.id)]}}
    db.session.commit()
    return redirect(url_for(".alerts"))


def _question(step: str):
    journey, place = _journey()
    order = _sequence(journey)
    if step not in order:
        return redirect(url_for(".alerts"))
    form_class, _field = STEPS[step]
    form = journey.form(form_class, step)
    if form.validate_on_submit():
        journey.save(step, form)
        db.session.commit()
        order = _sequence(journey)
        following = ("check" if request.args.get("change") and _first_missing(journey) is None
                     else order[order.index(step) + 1])
        return redirect(url_for(f".{following}"))
    db.session.commit()
    back = (url_for(".check") if request.args.get("change")
            else url_for(".address", address_id=place.id) if step == "alerts"
            else url_for(f".{order[order.index(step) - 1]}"))
    return render_template("collection_alerts/question.html", form=form, step=step,
                           address=place, back=back)


@bp.route("/sign-up/texts", methods=["GET", "POST"])
def alerts():
    return _question("alerts")


@bp.route("/sign-up/evening", methods=["GET", "POST"])
def evening_time():
    return _question("evening_time")


@bp.route("/sign-up/lead-time", methods=["GET", "POST"])
def lead_time():
    return _question("lead_time")


@bp.route("/sign-up/mobile", methods=["GET", "POST"])
def mobile():
    return _question("mobile")


def _pending(journey: Journey, place: Address) -> tuple[dict[str, Any], str]:
    """What the code will confirm, from the validated answers, and the number."""
    alerts = journey.validated(AlertsForm, "alerts").alerts.data  # type: ignore[union-attr]
    evening = journey.validated(EveningTimeForm, "evening_time") if "evening" in alerts else None
    lead = journey.validated(LeadTimeForm, "lead_time") if "approach" in alerts else None
    phone = journey.validated(MobileForm, "mobile").phone.data  # type: ignore[union-attr]
    return ({"address_id": place.id,
             "reminder_time": evening.reminder_time.data if evening else None,
             "approach_minutes": lead.approach_minutes.data if lead else None,
             "language": current_language()}, phone)


def _summary(pending: dict[str, Any], phone: str, place: Address) -> list[SummaryRow]:
    texts = [str(ALERT_LABELS["evening"])] if pending["reminder_time"] else []
    texts += [str(ALERT_LABELS["approach"])] if pending["approach_minutes"] else []
    rows = [SummaryRow(_("Address"), place.label, url_for(".start"), _("address")),
            SummaryRow(_("Texts"), ", ".join(texts), url_for(".alerts", change=1),
                       _("which texts"))]
    if pending["reminder_time"]:
        rows.append(SummaryRow(_("Time the evening before"), pending["reminder_time"],
                               url_for(".evening_time", change=1), _("time")))
    if pending["approach_minutes"]:
        rows.append(SummaryRow(_("When the truck is on its way"),
                               lead_label(pending["approach_minutes"]),
                               url_for(".lead_time", change=1), _("how long before")))
    rows.append(SummaryRow(_("Mobile number"), display_phone(phone),
                           url_for(".mobile", change=1), _("mobile number")))
    return rows


@bp.route("/sign-up/check", methods=["GET", "POST"])
@limiter.limit(SEND_LIMIT, methods=["POST"])
def check():
    journey, place = _journey()
    missing = _first_missing(journey)
    if missing:
        return redirect(url_for(f".{missing}"))
    pending, phone = _pending(journey, place)
    form = ButtonForm()
    if form.validate_on_submit():
        try:
            row = request_code(phone, pending, request.remote_addr)
        except CodeRefused as refused:
            db.session.rollback()
            form.form_errors.append(refused.message)
        else:
            session[CODE_KEY] = row.id
            db.session.commit()
            return redirect(url_for(".code"), code=303)
    db.session.commit()
    return render_template("collection_alerts/check.html", form=form, address=place,
                           rows=_summary(pending, phone, place), back=url_for(".mobile"))


def _code_row() -> VerificationCode:
    row_id = session.get(CODE_KEY)
    row = db.session.get(VerificationCode, row_id) if isinstance(row_id, int) else None
    if row is None:
        abort(redirect(url_for(".start")))
    return row


def _code_error(result: CheckResult) -> str:
    if result.outcome == "expired":
        return _("The code has expired. Ask for a new code")
    if result.outcome == "dead":
        return _("You have entered a wrong code too many times, so the code no longer "
                 "works. Ask for a new code")
    if result.outcome == "used":
        return _("This code has already been used. Ask for a new code if you want to sign "
                 "up again")
    return ngettext("The code is not right. Check the text message and try again "
                    "(%(num)s try left)", "The code is not right. Check the text message and "
                    "try again (%(num)s tries left)", result.attempts_left)


def _code_page(row: VerificationCode, form: CodeForm):
    address = db.session.get(Address, int(row.request.get("address_id", 0)))
    return render_template("collection_alerts/code.html", form=form, row=row,
                           resend=ButtonForm(formdata=None), address=address,
                           minutes=setting("CODE_MINUTES"))


@bp.route("/sign-up/code", methods=["GET", "POST"])
@limiter.limit(CODE_LIMIT, methods=["POST"])
def code():
    row = _code_row()
    if request.method == "GET" and row.used_at is not None and session.get(DONE_KEY):
        return redirect(url_for(".confirmation"))
    form = CodeForm()
    if form.validate_on_submit():
        try:
            result = check_code(row, form.code.data)
        except LookupError:  # the address was removed from the register meanwhile
            db.session.rollback()
            abort(404)
        if result.outcome == "ok" and result.subscription is not None:
            session[DONE_KEY] = result.subscription.id
            journey = Journey.current(JOURNEY)
            journey.state.answers = {}  # done: the back button starts again
            db.session.commit()
            return redirect(url_for(".confirmation"), code=303)
        form.code.error_kind = result.outcome
        form.code.errors = [_code_error(result)]
    db.session.commit()
    return _code_page(row, form)


@bp.route("/sign-up/new-code", methods=["POST"])
@limiter.limit(SEND_LIMIT)
def new_code():
    """Another code for the same number and the same request, within the same limits."""
    row = _code_row()
    if not ButtonForm().validate_on_submit():
        return redirect(url_for(".code"), code=303)
    try:
        fresh = request_code(row.phone, row.request, request.remote_addr)
    except CodeRefused as refused:
        db.session.rollback()
        form = CodeForm(formdata=None)
        form.form_errors.append(refused.message)
        return _code_page(row, form)
    session[CODE_KEY] = fresh.id
    db.session.commit()
    flash(_("We have sent a new code to %(phone)s.", phone=display_phone(row.phone)))
    return redirect(url_for(".code"), code=303)


@bp.route("/sign-up/done")
def confirmation():
    subscription_id = session.get(DONE_KEY)
    subscription = (db.session.get(AlertSubscription, subscription_id)
                    if isinstance(subscription_id, int) else None)
    if subscription is None:
        return redirect(url_for(".start"))
    return render_template("collection_alerts/confirmation.html", subscription=subscription,
                           lead_label=lead_label)
