"""The journey: start → address → textiles → time → mobile → check → confirmation."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import format_date

from eservices import clock
from eservices.db import db
from eservices.forms import Journey, QuestionForm, new_reference
from eservices.i18n import current_language
from notifications import send_sms

from .domain import drop_off_points, upcoming_slots
from .forms import AddressPage, ContactPage, SlotPage, TextilesPage

bp = Blueprint("textile_reuse", __name__, template_folder="templates")
JOURNEY = "textile_reuse"
STEPS = (("address", AddressPage, ".address"), ("textiles", TextilesPage, ".textiles"),
         ("slot", SlotPage, ".slot"), ("contact", ContactPage, ".contact"))
NEXT = {"address": "textiles", "textiles": "slot", "slot": "contact", "contact": None}
TEMPLATES = {"address": "address.html", "textiles": "textiles.html", "slot": "slot.html",
             "contact": "contact.html"}


class SubmitForm(QuestionForm):
    """Only the CSRF token of the check-answers page."""


def _today() -> date:
    return clock.now().date()


def _form_kwargs() -> dict[str, dict]:
    return {"slot": {"slots": upcoming_slots(_today())}}


def _missing(journey: Journey) -> str | None:
    kwargs = _form_kwargs()
    for step, form_class, endpoint in STEPS:
        if journey.validated(form_class, step, **kwargs.get(step, {})) is None:
            return endpoint
    return None


@bp.route("/")
def start():
    return render_template("textile_reuse/start.html")


@bp.route("/drop-off")
def drop_off():
    return render_template("textile_reuse/drop_off.html", points=drop_off_points(),
                           language=current_language())


@bp.route("/begin")
def begin():
    Journey.fresh(JOURNEY)
    return redirect(url_for(".question", step="address"))


@bp.route("/<any(address, textiles, slot, contact):step>", methods=["GET", "POST"])
def question(step: str):
    journey = Journey.current(JOURNEY)
    if journey.submitted:
        return redirect(url_for(".confirmation"))
    names = [name for name, _, _ in STEPS]
    earlier = names[:names.index(step)]
    missing_earlier = next((name for name in earlier if not journey.has(name)), None)
    if missing_earlier:
        return redirect(url_for(".question", step=missing_earlier))
    form_class = dict((name, cls) for name, cls, _ in STEPS)[step]
    form = journey.form(form_class, step, **_form_kwargs().get(step, {}))
    changing = request.args.get("change") == "1"
    if form.validate_on_submit():
        journey.save(step, form)
        db.session.commit()
        following = None if changing else NEXT[step]
        return redirect(url_for(".question", step=following) if following
                        else url_for(".check"))
    db.session.commit()
    back = url_for(".check") if changing else (
        url_for(".question", step=earlier[-1]) if earlier else url_for(".start"))
    return render_template(f"textile_reuse/{TEMPLATES[step]}", form=form, back=back)


@bp.route("/check", methods=["GET", "POST"])
def check():
    journey = Journey.current(JOURNEY)
    if journey.submitted:
        return redirect(url_for(".confirmation"))
    missing = _missing(journey)
    if missing:
        return redirect(url_for(".question", step=missing.removeprefix(".")))
    form = SubmitForm()
    if form.validate_on_submit():
        kwargs = _form_kwargs()
        address = journey.validated(AddressPage, "address")
        slot_form = journey.validated(SlotPage, "slot", **kwargs["slot"])
        contact = journey.validated(ContactPage, "contact")
        assert address and slot_form and contact
        slot = next(s for s in kwargs["slot"]["slots"] if s.key == slot_form.slot.data)
        reference = new_reference("TX")
        if journey.claim(reference):
            send_sms(contact.phone.data, template="textile_reuse/confirmation",
                     personalisation={"reference": reference, "street": address.street.data,
                                      "date": format_date(slot.day, "EEEE d MMMM"),
                                      "time": slot.time},
                     language=current_language(), category="receipt", reference=reference)
            db.session.commit()
        return redirect(url_for(".confirmation"), code=303)
    rows = journey.summary(STEPS, change_url={
        name: url_for(".question", step=name, change=1) for name, _, _ in STEPS},
        form_kwargs=_form_kwargs())
    db.session.commit()
    return render_template("textile_reuse/check.html", form=form, rows=rows)


@bp.route("/confirmation")
def confirmation():
    journey = Journey.finished(JOURNEY)
    if journey is None:
        return redirect(url_for(".start"))
    return render_template("textile_reuse/confirmation.html", reference=journey.reference)
