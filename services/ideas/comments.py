"""Comments on an idea's public page (helper B).

Who may comment is who may support (``supports.py``): a member of staff
signed in here, or a resident who proved a mobile number with a code.  A
proved person may comment several times, up to ``IDEAS_COMMENTS_PER_HOUR``;
the name shown is optional and nothing else about them is.  An idea in a
challenge takes comments only in the phases the challenge allows; an idea on
its own always does.  A refused comment comes back on the page as typed.
"""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask_babel import gettext as _

from eservices import toolkit as tk

from . import phases, settings
from .models import Comment
from .people import current_person
from .public import idea_by_reference, refused, render_idea
from .public_forms import CommentForm


def comment(reference: str):
    idea = idea_by_reference(reference)
    if idea.hidden_at is not None:
        return render_idea(idea, status=409)
    form = CommentForm()
    if not form.validate_on_submit():
        return render_idea(idea, comment_form=form, status=400)
    refusal = refused(idea, phases.COMMENTS)
    if refusal:
        return render_idea(idea, comment_form=form, problems=(refusal,), status=409)
    person = current_person()
    if person is None:
        return render_idea(idea, comment_form=form, status=403, problems=(_(
            "To send a comment, first confirm your mobile number with a code, or sign in "
            "as staff. Copy your text before you go: it is not saved yet."),))
    budget = tk.Budget("ideas-comments-per-person", settings.comments_per_person(), 3600)
    try:
        tk.limits.enforce(budget, person.key, _(
            "You have written many comments in a short while. Wait an hour and try again."))
    except tk.LimitReached as limit:
        tk.db.session.commit()  # the refused attempt counts
        return render_idea(idea, comment_form=form, problems=(limit.message,), status=429)
    row = Comment(idea_id=idea.id, body=form.body.data.strip(),
                  author_name=(form.author_name.data or "").strip(), author_key=person.key)
    tk.db.session.add(row)
    tk.db.session.commit()
    flash(_("Thank you. Your comment is published."))
    return redirect(url_for("ideas.public_idea", reference=idea.reference,
                            _anchor=f"comment-{row.id}"), code=303)
