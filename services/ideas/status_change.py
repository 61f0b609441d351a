"""An idea's status changes here and only here: the coach's form and the prototype's stage.

A change is one compare-and-set (``tk.transition``, with its audit record), a
history row with the public answer, the idea's clocks (first answer,
implemented) and, when asked for, the message to the idea giver - all in the
caller's transaction, so two coaches changing the same idea at once end with
exactly one change and the second is told, with nothing half-saved.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask import flash, g, redirect, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from eservices import toolkit as tk

from . import messages, settings
from . import statuses as st
from .coaching import idea_or_404, render_idea
from .coaching_forms import StatusForm
from .meta import MODULE_ID
from .models import Idea, IdeaStatusChange

#: Words for "The case is already %(status)s" when the page was out of date.
STATUS_WORDS = {key: label for key, label in st.LABELS.items()}


class NotSent(Exception):
    """The change was saved but the message could not be queued; ``message`` says why."""


def change_status(idea: Idea, from_statuses: Iterable[str], to_status: str, *, answer: str,
                  notify: bool, by: str, reason: str = "",
                  duplicate: Idea | None = None) -> IdeaStatusChange:
    """Move ``idea`` to ``to_status`` with its public answer; ``tk.StatusConflict`` if it
    is no longer in ``from_statuses``.  The caller commits."""
    previous = idea.status
    tk.transition(idea, from_statuses, to_status, by, action="idea_status_changed",
                  module_id=MODULE_ID, words=STATUS_WORDS, previous_status=previous,
                  new_status=to_status, closed_reason=reason,
                  duplicate_of=duplicate.reference if duplicate else "", notified=notify)
    now = tk.clock.now()
    closed = to_status == st.CLOSED
    idea.closed_reason = reason if closed else ""
    idea.duplicate_of_id = duplicate.id if closed and duplicate is not None else None
    idea.status_changed_at = now
    if idea.first_answered_at is None:
        idea.first_answered_at = now
    if to_status == st.IMPLEMENTED and idea.implemented_at is None:
        idea.implemented_at = now
    change = IdeaStatusChange(idea_id=idea.id, from_status=previous, to_status=to_status,
                              closed_reason=idea.closed_reason, public_answer=answer,
                              changed_by=by, changed_at=now)
    tk.db.session.add(change)
    tk.db.session.flush()
    if notify:
        change.notified = _notify(idea, change)
    return change


def translated(language: str, text: Any) -> str:
    """A lazy text of this module in ``language``: the idea giver's, not the page's (a
    stage moved on the designer's page is not even served from this module's catalogue)."""
    msgid = text._args[0]  # the lazy text's English source
    with tk.in_language(MODULE_ID, language) as catalogue:
        return catalogue.gettext(msgid)


def _notify(idea: Idea, change: IdeaStatusChange) -> bool:
    label = translated(idea.language, st.LABELS[change.to_status])
    try:
        return messages.send_to_idea_giver(
            idea, "status_changed", idempotency_key=f"status-change-{change.id}",
            category="case", personalisation={"status": label,
                                              "answer": change.public_answer})
    except (tk.InvalidRecipient, tk.SendRefused) as refused:
        raise NotSent(getattr(refused, "message", "") or str(refused)) from refused


def _duplicate(form: StatusForm, idea: Idea) -> Idea | None:
    """The idea a duplicate names; an error on the form (None) when there is none."""
    reference = (form.duplicate_of.data or "").strip().upper()
    found = tk.db.session.scalar(select(Idea).where(Idea.reference == reference))
    if found is None:
        form.duplicate_of.errors = [_("There is no idea with the reference %(reference)s",
                                      reference=reference)]
    elif found.id == idea.id:
        form.duplicate_of.errors = [_("An idea cannot duplicate itself; enter the other "
                                      "idea's reference")]
        found = None
    return found


def change(reference: str):
    """POST of the status form on the idea page."""
    idea = idea_or_404(reference)
    form = StatusForm(prefix="status", in_force=settings.statuses(), current=idea.status)
    if not form.validate_on_submit():
        return render_idea(idea, status_form=form), 400
    duplicate = None
    reason = (form.closed_reason.data or "") if form.status.data == st.CLOSED else ""
    if reason == st.DUPLICATE:
        duplicate = _duplicate(form, idea)
        if duplicate is None:
            return render_idea(idea, status_form=form), 400
    answer = form.public_answer.data.strip()
    notify = form.notify.data == "yes"
    try:
        made = change_status(idea, (form.from_status.data,), form.status.data, answer=answer,
                             notify=notify, by=g.staff_user.username, reason=reason,
                             duplicate=duplicate)
    except tk.StatusConflict as refused:
        tk.db.session.rollback()
        flash(_("Someone else changed the status of this idea a moment ago; nothing was "
                "changed. Look at it again before you change it."), "warning")
        del refused
        return redirect(url_for(".idea", reference=reference), code=303)
    except NotSent as unsent:
        tk.db.session.rollback()
        return render_idea(idea, status_form=form, refused=[
            _("The message to the idea giver could not be sent, so nothing was changed: "
              "%(why)s Choose not to send it, or try again later.", why=str(unsent))]), 400
    tk.db.session.commit()
    flash(_("The idea is now: %(status)s.", status=st.status_label(idea.status)))
    if notify and not made.notified:
        flash(_("The idea giver left no e-mail address or mobile number, so no message was "
                "sent; they can read the answer at their private link."), "warning")
    return redirect(url_for(".idea", reference=reference), code=303)
