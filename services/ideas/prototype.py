"""From idea to prototype, and back: "Starta en prototyp", and the idea following its stage.

Starting is a compare-and-set on the idea row first (``prototype_module_id``
from "" to the new journey's id, only while the idea is being coached), then
the draft journey, in one transaction: of two clicks the database lets one
through and the other finds the prototype already there - never two journeys.

When a designer moves the prototype's module on (``tk.stage_moved``, inside
their transaction), the idea follows: tested while it is a prototype or pilot,
implemented when it goes live, with an automatic public answer in the idea
giver's language and a message to them, recorded as the designer's change.
"""

from __future__ import annotations

from flask import current_app, flash, g, redirect, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from eservices import toolkit as tk

from . import settings
from . import statuses as st
from .coaching import idea_or_404
from .meta import MODULE_ID
from .models import Idea
from .status_change import NotSent, change_status, translated

#: Stage -> the status the idea moves to.
FOLLOWS = {"prototype": st.TESTED, "pilot": st.TESTED, "live": st.IMPLEMENTED}
#: The public answers written for the idea giver when the idea follows its prototype.
ANSWERS = {
    st.TESTED: _l("Your idea has become a prototype of an e-service that is now being "
                  "tested."),
    st.IMPLEMENTED: _l("Your idea has become an e-service that is now in use. Thank you "
                       "for your idea!"),
}
_PENDING = "ideas.pending_prototype"  # placeholder while the journey is created


def start_prototype(reference: str):
    idea = idea_or_404(reference)
    form = tk.SubmitForm(prefix="prototype")
    if not form.validate_on_submit():
        flash(_("The form had expired. Send it again."), "warning")
        return redirect(url_for(".idea", reference=idea.reference, _anchor="prototype"),
                        code=303)
    claimed = tk.db.session.execute(
        update(Idea).where(Idea.id == idea.id, Idea.prototype_module_id == "",
                           Idea.status == st.COACHED)
        .values(prototype_module_id=_PENDING).execution_options(
            synchronize_session=False))
    if claimed.rowcount != 1:
        tk.db.session.rollback()
        flash(_("A prototype can only be started once, while the idea is being coached; "
                "nothing new was started."), "warning")
        return redirect(url_for(".idea", reference=idea.reference, _anchor="prototype"),
                        code=303)
    module_id = tk.start_built_journey(name=idea.title, slug_hint=idea.title,
                                       by=g.staff_user.username)
    tk.db.session.execute(update(Idea).where(Idea.id == idea.id)
                          .values(prototype_module_id=module_id))
    tk.audit.record("idea_prototype_started", subject=idea.reference, module_id=MODULE_ID,
                    prototype=module_id)
    tk.db.session.commit()
    tk.db.session.refresh(idea)
    found = tk.built_journey(module_id)
    flash(_("The prototype %(name)s was started in the journey builder.", name=idea.title))
    if found is not None and found.editor_url:
        return redirect(found.editor_url, code=303)
    flash(_("A service designer builds its pages in the journey editor."))
    return redirect(url_for(".idea", reference=idea.reference, _anchor="prototype"), code=303)


def follow_stage(sender, *, module_id: str, from_stage: str, to_stage: str,
                 changed_by: str) -> None:
    """The idea whose prototype moved follows it (see the module's docstring)."""
    del from_stage
    target = FOLLOWS.get(to_stage)
    if target is None or MODULE_ID not in sender.extensions["eservices.modules"].enabled:
        return
    idea = tk.db.session.scalar(select(Idea).where(Idea.prototype_module_id == module_id))
    if idea is None or idea.status == target or target not in settings.statuses():
        return
    if idea.status in st.FINAL_STATUSES:
        return  # a closed or implemented idea is not reopened by its prototype
    answer = translated(idea.language, ANSWERS[target])
    try:
        with tk.db.session.begin_nested():
            change_status(idea, (idea.status,), target, answer=answer, notify=True,
                          by=changed_by)
    except (tk.StatusConflict, NotSent):
        # A coach changed the idea at the same moment, or the message cannot go: the
        # stage change still stands, and the idea is left for the coach to move.
        current_app.logger.warning("idea %s did not follow its prototype to %s",
                                   idea.reference, to_stage)


tk.stage_moved.connect(follow_stage, weak=False)
