"""Mina sidor: the signed-in resident's own data, its exports and its erasure.

Every page but the erasure receipt needs an e-ID sign-in (any level: the data
shown is the resident's own).  The receipt is found by a request id kept in
the browser's session, because erasure signs the resident out.
"""

from __future__ import annotations

from dataclasses import replace

from flask import abort, g, redirect, render_template, request, session, url_for
from sqlalchemy import delete

from .. import clock
from ..db import db
from ..forms.journey import JourneyState
from ..residents import sessions
from ..residents.api import require_resident, signed_in_resident
from ..staff.export import file_response
from . import export, messages, receipts
from .account import account_views
from .collect import collect, data_modules
from .erasure import erase_everything
from .forms import ConfirmErasureForm

RECEIPT_KEY = "my_pages_erasure"


def _resident():
    resident = signed_in_resident()
    assert resident is not None  # require_resident ran
    return resident


@require_resident()
def overview():
    resident = _resident()
    subject = resident.subject
    page = request.args.get("sida", default=1, type=int) or 1
    return render_template(
        "eservices/my_pages/overview.html", resident=resident,
        accounts=account_views(subject), parts=collect(subject),
        messages=messages.message_page(subject, page))


@require_resident()
def readable():
    resident = _resident()
    return render_template("eservices/my_pages/readable.html", resident=resident,
                           everything=export.gather(resident.subject), now=clock.today())


@require_resident()
def download():
    resident = _resident()
    body = export.as_json(export.gather(resident.subject))
    return file_response(body, "json", export.file_name("mina-uppgifter"))


def _sign_out() -> None:
    """End this browser's resident session (erasure may already have deleted it)."""
    sessions.revoke(session.pop(sessions.COOKIE_KEY, None))
    g.resident = None


def _forget_unfinished_answers() -> int:
    """Delete the answers this browser had begun and not sent (platform_journey).

    Sent ones are the modules' cases now, erased by them; their journey rows
    hold no answers a resident could still lose.
    """
    ids = list(session.pop("journeys", {}).values())
    if not ids:
        return 0
    return db.session.execute(delete(JourneyState).where(
        JourneyState.id.in_(ids), JourneyState.submitted_at.is_(None))).rowcount or 0


def erase():
    """Explain and confirm (GET), erase (POST).

    A press repeated after the first has finished - the resident is signed out
    by then - is sent to the first one's receipt, not to the sign-in page.
    """
    if request.method == "POST":
        form = ConfirmErasureForm()
        if form.validate_on_submit() and receipts.receipt_for(form.request_id.data):
            session[RECEIPT_KEY] = form.request_id.data
            return redirect(url_for(".erased"))
    return _erase_signed_in()


@require_resident()
def _erase_signed_in():
    resident = _resident()
    form = ConfirmErasureForm()
    if form.validate_on_submit():
        request_id = form.request_id.data
        subject = resident.subject
        receipts.erase_once(request_id, lambda reference: replace(erase_everything(
            subject, by="resident", reference=reference),
            unfinished=_forget_unfinished_answers()))
        _sign_out()  # also when a racing press found the first one's receipt
        db.session.commit()
        session[RECEIPT_KEY] = request_id
        return redirect(url_for(".erased"))
    if not form.request_id.data:
        form.request_id.data = receipts.new_request_id()
    # The services' names only: what each holds is on Mina sidor, a click back.
    return render_template("eservices/my_pages/erase.html", form=form,
                           parts=data_modules()), 400 if form.errors else 200


def erased():
    """The receipt: what went and what was kept, after the resident is signed out."""
    report = receipts.receipt_for(session.get(RECEIPT_KEY))
    if report is None:
        if signed_in_resident() is not None:
            return redirect(url_for(".overview"))
        abort(404)
    return render_template("eservices/my_pages/erased.html", report=report)
