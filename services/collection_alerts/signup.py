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

from eservices import toolkit as tk
from eservices.toolkit import db

from .forms import (
    ALERT_LABELS,
    AlertsForm,
    CodeForm,
    EveningTimeForm,
    LeadTimeForm,
    MobileForm,
    lead_label,
)
from .models import Address, AlertSubscription, VerificationCode
from .settings import settings
from .signed_in import DONE_KEY, proven_number, remember_proof, subscribe_without_code
from .verification import CheckResult, CodeRefused, check_code, request_code
from .views import JOURNEY, address_or_404

CODE_KEY = "collection_alerts_code"  # the id of the code row this browser is confirming
SENDS_PER_HOUR = 20  # coarse per-client guard; the real limits count code rows
CODE_TRIES_PER_HOUR = 60
QUESTION = "collection_alerts/question.html"


def _chose(kind: str):
    return lambda answers: kind in (answers.value("alerts") or ())


#: The questions after the address: which texts, then a page per kind of text chosen.
FLOW = tk.Flow(JOURNEY, [
    tk.Step("alerts", AlertsForm, QUESTION, endpoint=".alerts"),
    tk.Step("evening_time", EveningTimeForm, QUESTION, condition=_chose("evening"),
            endpoint=".evening_time"),
    tk.Step("lead_time", LeadTimeForm, QUESTION, condition=_chose("approach"),
            endpoint=".lead_time"),
    tk.Step("mobile", MobileForm, QUESTION, endpoint=".mobile"),
], check_endpoint=".check", start_endpoint=".start", confirmation_endpoint=".confirmation")


def _journey() -> tuple[tk.Journey, Address]:
    """The sign-up journey and its address, or back to the start page."""
    journey = tk.Journey.current(JOURNEY)
    saved = journey.state.answers.get("address", {}).get("address_id", [""])[0]
    place = db.session.get(Address, int(saved)) if str(saved).isdigit() else None
    if place is None:
        abort(redirect(url_for(".start")))
    return journey, place


def sign_up(address_id: int):
    """The "Get a text" link: a journey for this address (kept if it already is)."""
    place = address_or_404(address_id)
    journey = tk.Journey.current(JOURNEY)
    if journey.state.answers.get("address") != {"address_id": [str(place.id)]}:
        journey.state.answers = {"address": {"address_id": [str(place.id)]}}
    db.session.commit()
    return redirect(url_for(".alerts"))


def _question(name: str):
    """One question page; the flow decides which pages there are and where they lead."""
    journey, place = _journey()
    step = FLOW.step(name)
    path = FLOW.path(journey)
    if step not in path:
        return redirect(url_for(".alerts"))
    form = journey.form(step.form, name)
    if form.validate_on_submit():
        journey.save(name, form)
        FLOW.discard_off_path(journey)
        db.session.commit()
        return redirect(FLOW.next_url(journey, step))
    db.session.commit()
    # The first question came from the address page, which the flow does not know.
    back = (url_for(".address", address_id=place.id)
            if step == path[0] and request.args.get("change") != "1"
            else FLOW.back_url(journey, step))
    return render_template(step.template, form=form, step=name, address=place, back=back)


def alerts():
    return _question("alerts")


def evening_time():
    return _question("evening_time")


def lead_time():
    return _question("lead_time")


def mobile():
    return _question("mobile")


def _pending(answers: tk.Answers, place: Address) -> tuple[dict[str, Any], str]:
    """What the code will confirm, from the validated answers on the path, and the number."""
    path = {step.name for step in FLOW.path(answers.journey, answers)}
    return ({"address_id": place.id,
             "reminder_time": answers.value("evening_time") if "evening_time" in path
             else None,
             "approach_minutes": answers.value("lead_time") if "lead_time" in path else None,
             "language": tk.current_language()}, answers.value("mobile"))


def _summary(pending: dict[str, Any], phone: str, place: Address) -> list[tk.SummaryRow]:
    texts = [str(ALERT_LABELS["evening"])] if pending["reminder_time"] else []
    texts += [str(ALERT_LABELS["approach"])] if pending["approach_minutes"] else []
    rows = [tk.SummaryRow(_("Address"), place.label, url_for(".start"), _("address")),
            tk.SummaryRow(_("Texts"), ", ".join(texts), FLOW.change_url(FLOW.step("alerts")),
                       _("which texts"))]
    if pending["reminder_time"]:
        rows.append(tk.SummaryRow(_("Time the evening before"), pending["reminder_time"],
                               FLOW.change_url(FLOW.step("evening_time")), _("time")))
    if pending["approach_minutes"]:
        rows.append(tk.SummaryRow(_("When the truck is on its way"),
                               lead_label(pending["approach_minutes"]),
                               FLOW.change_url(FLOW.step("lead_time")), _("how long before")))
    rows.append(tk.SummaryRow(_("Mobile number"), tk.display_mobile(phone),
                           FLOW.change_url(FLOW.step("mobile")), _("mobile number")))
    return rows


@tk.guard(SENDS_PER_HOUR, 3600, methods=("POST",))
def check():
    journey, place = _journey()
    answers = FLOW.answers(journey)
    missing = FLOW.first_unanswered(journey, answers)
    if missing:
        return redirect(FLOW.url(missing))
    pending, phone = _pending(answers, place)
    proven = proven_number(phone)
    form = tk.SubmitForm()
    if form.validate_on_submit() and proven:
        return subscribe_without_code(journey, pending, phone)
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
                           rows=_summary(pending, phone, place), proven=proven,
                           back=FLOW.url(FLOW.step("mobile")))


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
                           resend=tk.SubmitForm(formdata=None), address=address,
                           minutes=settings().code_minutes)


@tk.guard(CODE_TRIES_PER_HOUR, 3600, methods=("POST",))
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
            remember_proof(row.phone)
            session[DONE_KEY] = result.subscription.id
            journey = tk.Journey.current(JOURNEY)
            journey.state.answers = {}  # done: the back button starts again
            db.session.commit()
            return redirect(url_for(".confirmation"), code=303)
        form.code.error_kind = result.outcome
        form.code.errors = [_code_error(result)]
    db.session.commit()
    return _code_page(row, form)


@tk.guard(SENDS_PER_HOUR, 3600)
def new_code():
    """Another code for the same number and the same request, within the same limits."""
    row = _code_row()
    if not tk.SubmitForm().validate_on_submit():
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
    flash(_("We have sent a new code to %(phone)s.", phone=tk.display_mobile(row.phone)))
    return redirect(url_for(".code"), code=303)


def confirmation():
    subscription_id = session.get(DONE_KEY)
    subscription = (db.session.get(AlertSubscription, subscription_id)
                    if isinstance(subscription_id, int) else None)
    if subscription is None:
        return redirect(url_for(".start"))
    return render_template("collection_alerts/confirmation.html", subscription=subscription,
                           lead_label=lead_label)
