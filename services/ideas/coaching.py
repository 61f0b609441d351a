"""The coach's idea page: everything submitted, its history, notes, coach and files.

Staff see the idea giver's contact details here (and only here, not in the
queue), so every opening of the page is in the audit log.  The page carries a
form for each thing a coach does; each posts to its own address, and a form
with errors comes back on this page with the error summary at the top.
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, g, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from sqlalchemy import select, update

from eservices import toolkit as tk

from . import attachments, settings, tallies
from . import statuses as st
from .coaching_forms import CoachForm, NoteForm, ShowcaseForm, StatusForm
from .meta import MODULE_ID
from .models import Challenge, Idea, IdeaAttachment, IdeaNote, IdeaStatusChange
from .prototype_info import prototype_of

#: Who may coach an idea, and so who is offered as its coach.
COACH_ROLES = ("idecoach", "handlaggare", "tjanstedesigner", "administrator")


def idea_or_404(reference: str) -> Idea:
    idea = tk.db.session.scalar(select(Idea).where(Idea.reference == reference.upper()))
    if idea is None:
        abort(404)
    return idea


def _forms(idea: Idea) -> dict[str, Any]:
    return {
        "status_form": StatusForm(formdata=None, prefix="status",
                                  in_force=settings.statuses(), current=idea.status),
        "coach_form": CoachForm(formdata=None, prefix="coach", current=idea.coach,
                                members=tk.staff_members(COACH_ROLES)),
        "note_form": NoteForm(formdata=None, prefix="note"),
        "showcase_form": ShowcaseForm(formdata=None, prefix="showcase", data={
            "story": idea.showcase_story, "credits": idea.showcase_credits,
            "published": "yes" if idea.showcase_published else "no"}),
        "prototype_form": tk.SubmitForm(formdata=None, prefix="prototype"),
    }


def render_idea(idea: Idea, refused: list[str] | tuple = (), **bound: Any) -> str:
    """The idea page; ``bound`` replaces the blank forms with ones that have errors."""
    session = tk.db.session
    forms = {**_forms(idea), **bound}
    failed = next((form for form in bound.values() if form.errors), None)
    duplicate = session.get(Idea, idea.duplicate_of_id) if idea.duplicate_of_id else None
    return render_template(
        "ideas/staff/coaching/idea.html", idea=idea, failed=failed, refused=refused,
        labels=st.LABELS, reasons=st.REASON_LABELS, final=st.FINAL_STATUSES,
        department=settings.department_label(idea.department), duplicate=duplicate,
        challenge=session.get(Challenge, idea.challenge_id) if idea.challenge_id else None,
        supports=tallies.support_count(idea),
        files=session.scalars(select(IdeaAttachment).where(IdeaAttachment.idea_id == idea.id)
                              .order_by(IdeaAttachment.id)).all(),
        history=session.scalars(select(IdeaStatusChange)
                                .where(IdeaStatusChange.idea_id == idea.id)
                                .order_by(IdeaStatusChange.changed_at,
                                          IdeaStatusChange.id)).all(),
        notes=session.scalars(select(IdeaNote).where(IdeaNote.idea_id == idea.id)
                              .order_by(IdeaNote.written_at, IdeaNote.id)).all(),
        prototype=prototype_of(idea, with_rounds=True), can_prototype=idea.status ==
        st.COACHED and not idea.prototype_module_id, **forms)


def idea(reference: str):
    found = idea_or_404(reference)
    tk.audit.record("idea_viewed", subject=found.reference, module_id=MODULE_ID)
    tk.db.session.commit()
    return render_idea(found)


def attachment(reference: str, attachment_id: int):
    """A file sent with the idea, as a download of the type its content showed."""
    found = idea_or_404(reference)
    stored = tk.db.session.scalar(select(IdeaAttachment).where(
        IdeaAttachment.id == attachment_id, IdeaAttachment.idea_id == found.id))
    if stored is None:
        abort(404)
    try:
        stream = attachments.open_stored(stored)
    except FileNotFoundError:
        abort(404)
    tk.audit.record("idea_attachment_opened", subject=found.reference, module_id=MODULE_ID,
                    attachment=stored.id)
    tk.db.session.commit()
    response = send_file(stream, mimetype=stored.content_type, as_attachment=True,
                         download_name=stored.original_name, max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response


def add_note(reference: str):
    found = idea_or_404(reference)
    form = NoteForm(prefix="note")
    if not form.validate_on_submit():
        return render_idea(found, note_form=form), 400
    tk.db.session.add(IdeaNote(idea_id=found.id, body=form.body.data.strip(),
                               written_by=g.staff_user.username))
    tk.audit.record("idea_note_added", subject=found.reference, module_id=MODULE_ID)
    tk.db.session.commit()
    flash(_("The note was added."))
    return redirect(url_for(".idea", reference=found.reference, _anchor="notes"), code=303)


def assign_coach(reference: str):
    """Set the coach only if it is still the one the page showed (compare-and-set)."""
    found = idea_or_404(reference)
    form = CoachForm(prefix="coach", current=found.coach,
                     members=tk.staff_members(COACH_ROLES))
    if not form.validate_on_submit():
        return render_idea(found, coach_form=form), 400
    chosen, expected = form.coach.data or "", form.expected.data or ""
    result = tk.db.session.execute(
        update(Idea).where(Idea.id == found.id, Idea.coach == expected).values(coach=chosen)
        .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        tk.db.session.rollback()
        flash(_("Someone else changed the coach of this idea a moment ago; nothing was "
                "changed."), "warning")
        return redirect(url_for(".idea", reference=found.reference), code=303)
    tk.audit.record("idea_coach_assigned", subject=found.reference, module_id=MODULE_ID,
                    from_coach=expected, to_coach=chosen)
    tk.db.session.commit()
    flash(_("The coach was changed.") if chosen else _("The idea has no coach now."))
    return redirect(url_for(".idea", reference=found.reference), code=303)
