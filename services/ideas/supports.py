"""Taking part in an idea: supporting it once per person, and commenting on it (helper B).

Who may take part: a member of staff signed in on this browser, or a resident
who proved a Swedish mobile number with a one-time code (``verify.py``); e-ID
is left for issue #16.  An idea in a challenge takes supports and comments
only in the phases the challenge allows (``phases.py``); **an idea on its own
always takes both**.

Supports: "once" is the database's - ``Support`` has a unique (idea, supporter
key), so two requests at the same moment (a double click, two tabs) insert one
row and the other is told it is already counted, never a server error.

Comments: a proved person may comment several times, up to
``IDEAS_COMMENTS_PER_HOUR``; the name shown is optional and nothing else about
them is.  A refused comment comes back on the page as typed.
"""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from eservices import toolkit as tk

from . import phases, settings
from .models import Comment, Idea, Support
from .people import Person, current_person
from .public import idea_by_reference, refused, render_idea
from .public_forms import CommentForm


def add_support(idea: Idea, person: Person) -> bool:
    """Count ``person``'s support; False when it was already counted.  Commits."""
    try:
        with tk.db.session.begin_nested():
            tk.db.session.add(Support(idea_id=idea.id, supporter_key=person.key,
                                      kind=person.kind))
        tk.db.session.commit()
    except IntegrityError:
        tk.db.session.rollback()
        return False
    return True


def support_now(idea: Idea, person: Person):
    """Support for a proved person, with what they are told; a redirect to the idea."""
    refusal = refused(idea, phases.SUPPORTS)
    if refusal:
        flash(refusal, "warning")
    elif add_support(idea, person):
        flash(_("Thank you. Your support is counted."))
    else:
        flash(_("You have already supported this idea. Each person can support it once."))
    return redirect(url_for("ideas.public_idea", reference=idea.reference, _anchor="support"),
                    code=303)


def support(reference: str):
    idea = idea_by_reference(reference)
    if idea.hidden_at is not None:
        return render_idea(idea, status=409)
    form = tk.SubmitForm()
    if not form.validate_on_submit():
        return render_idea(idea, problems=(_("The form had expired. Send it again."),),
                           status=400)
    person = current_person()
    if person is None:
        return redirect(url_for("ideas.verify_phone", reference=idea.reference,
                                then="support"), code=303)
    return support_now(idea, person)


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
