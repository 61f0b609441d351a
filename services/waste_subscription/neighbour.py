"""The neighbour's side of a shared bin: confirm or decline through a link.

The link is the proof: it went to the contact details the register holds for
the neighbour, carries a random token (only its hash is stored) and expires.
Nothing about the shared bin takes effect before the neighbour confirms.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select, update

from eservices import toolkit as tk

from .models import CaseEvent, ChangeRequest
from .settings import current_tariff


def _case_for(token: str) -> ChangeRequest:
    case = tk.db.session.scalar(select(ChangeRequest).where(
        ChangeRequest.neighbour_token_hash == tk.tokens.secret_hash(token)))
    if case is None:
        abort(404)
    return case


@tk.guard(30, 3600)
def neighbour(token: str):
    case = _case_for(token)
    expired = (case.neighbour_token_expires is not None
               and case.neighbour_token_expires < tk.clock.now())
    form = tk.SubmitForm()  # two buttons (confirm, decline) and the CSRF token
    answer = request.form.get("answer")
    if (form.validate_on_submit() and answer in ("confirm", "decline")
            and case.neighbour_status == "pending" and not expired and case.is_open):
        status = "confirmed" if answer == "confirm" else "declined"
        # Only the first answer counts, even if two arrive at once.
        claimed = tk.db.session.execute(
            update(ChangeRequest).where(ChangeRequest.id == case.id,
                                        ChangeRequest.neighbour_status == "pending")
            .values(neighbour_status=status).execution_options(synchronize_session=False))
        if claimed.rowcount == 1:
            tk.db.session.add(CaseEvent(request_id=case.id, actor="neighbour",
                                     kind=f"neighbour_{status}"))
        tk.db.session.commit()
        flash(_("Thank you. You have confirmed the shared bin.") if status == "confirmed"
              else _("Thank you. You have said no to sharing a bin."))
        return redirect(url_for(".neighbour", token=token), code=303)
    tk.db.session.refresh(case)
    return render_template("waste_subscription/neighbour.html", case=case, form=form,
                           expired=expired, tariff=current_tariff(),
                           requester=case.subscription,
                           proposed=case.proposed().with_changes(shared_with=None))
