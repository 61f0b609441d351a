"""Proving a mobile number with a one-time code, to support or comment on an idea.

Two question pages: the number, then the code sent to it.  Where the
resident was going travels in the URL (``reference`` and ``then``), and the
code itself only in the signed session (``codes.py``); once the number is
proved, a support they asked for is counted at once, and for a comment they
return to the form.  Every refusal says what to do next.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from eservices import toolkit as tk

from . import codes
from .public import idea_by_reference
from .public_forms import CodeForm, PhoneForm
from .supports import support_now

NEXT_STEPS = ("support", "comment")


def _target():
    """The idea and what to do after the proof; an unknown idea is the 404 page."""
    idea = idea_by_reference(request.args.get("reference", "").strip())
    then = request.args.get("then", "")
    return idea, then if then in NEXT_STEPS else "comment"


def verify_phone():
    idea, then = _target()
    form, refused = PhoneForm(), []
    if form.validate_on_submit():
        try:
            codes.request_code(form.phone.data, tk.current_language())
        except codes.CodeRefused as refusal:
            refused.append(refusal.message)
        tk.db.session.commit()  # the attempt counts, sent or refused
        if not refused:
            return redirect(url_for("ideas.verify_code", reference=idea.reference, then=then),
                            code=303)
    status = 429 if refused else 400 if form.errors else 200
    return render_template("ideas/public/verify_phone.html", form=form, idea=idea,
                           then=then, refused=refused), status


def _refusal(outcome: str) -> str:
    return {
        "wrong": _("The code is wrong. Check the text message and try again."),
        "expired": _("The code has expired. Ask for a new code."),
        "dead": _("You have tried too many times. Ask for a new code."),
        "used": _("The code has already been used. Ask for a new code."),
        "missing": _("Ask for a code first."),
    }[outcome]


def verify_code():
    idea, then = _target()
    form, refused = CodeForm(), []
    if form.validate_on_submit():
        checked = codes.check_code(form.code.data)
        tk.db.session.commit()  # tries count whether they were right or wrong
        if checked.person is not None:
            if then == "support":
                return support_now(idea, checked.person)
            flash(_("Your mobile number is confirmed. You can now write your comment."))
            return redirect(url_for("ideas.public_idea", reference=idea.reference,
                                    _anchor="comments"), code=303)
        if checked.outcome == "wrong":
            form.code.errors = [_refusal("wrong")]
        else:
            refused.append(_refusal(checked.outcome))
    status = 400 if refused or form.errors else 200
    return render_template("ideas/public/verify_code.html", form=form, idea=idea, then=then,
                           refused=refused, masked_phone=codes.pending_masked_phone()), status
