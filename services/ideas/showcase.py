"""The public showcase "Från idé till tjänst": ideas that became services, and their stories.

Only an implemented idea whose showcase a coach has published is shown - an
unpublished story, or one of an idea that is no longer implemented, is a 404
like an idea that does not exist.  The credits are whom the coach may name;
the idea giver's own name and contact are never shown here.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from eservices import toolkit as tk

from . import settings
from . import statuses as st
from .coaching import idea_or_404, render_idea
from .coaching_forms import ShowcaseForm
from .meta import MODULE_ID
from .models import Idea
from .prototype_info import prototype_of

PAGE_SIZE = 24
_SHOWN = (Idea.status == st.IMPLEMENTED, Idea.showcase_published.is_(True),
          Idea.hidden_at.is_(None))


def showcase():
    page = request.args.get("page", 1, type=int)
    if not 1 <= page <= 10_000:
        abort(404)
    found = tk.db.session.scalars(
        select(Idea).where(*_SHOWN).order_by(Idea.implemented_at.desc(), Idea.id.desc())
        .offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE + 1)).all()
    if page > 1 and not found:
        abort(404)
    return render_template("ideas/showcase/index.html", ideas=found[:PAGE_SIZE], page=page,
                           has_next=len(found) > PAGE_SIZE,
                           department=settings.department_label)


def showcase_item(reference: str):
    idea = tk.db.session.scalar(select(Idea).where(Idea.reference == reference.upper(),
                                                   *_SHOWN))
    if idea is None:
        abort(404)
    service = prototype_of(idea)
    return render_template("ideas/showcase/item.html", idea=idea, service=service,
                           department=settings.department_label(idea.department))


def edit_showcase(reference: str):
    """Staff: the story, the credits and whether the showcase shows it."""
    idea = idea_or_404(reference)
    form = ShowcaseForm(prefix="showcase")
    if idea.status != st.IMPLEMENTED:
        flash(_("Only an implemented idea can be shown in the showcase."), "warning")
        return redirect(url_for(".idea", reference=idea.reference), code=303)
    if not form.validate_on_submit():
        return render_idea(idea, showcase_form=form), 400
    idea.showcase_story = (form.story.data or "").strip()
    idea.showcase_credits = (form.credits.data or "").strip()
    idea.showcase_published = form.published.data == "yes"
    tk.audit.record("idea_showcase_saved", subject=idea.reference, module_id=MODULE_ID,
                    published=idea.showcase_published)
    tk.db.session.commit()
    flash(_("The showcase was saved and is shown to everyone.") if idea.showcase_published
          else _("The showcase was saved; it is not shown to anyone."))
    return redirect(url_for(".idea", reference=idea.reference, _anchor="showcase"),
                    code=303)
