"""Idea challenges, resident and staff pages (helper B).

Residents see only published challenges.  "Current" are those not yet in
their last phase (results) whose window has not closed, or that are still
taking supports; the rest are "past".  A challenge's page shows its question,
phase, window, its ideas (not hidden) with their support counts and, when it
has a threshold, how far each idea has come; it links to submitting an idea
into it when its phase takes ideas and today is within its window
(``phases.py``).

Staff (idécoach, administrator) open and edit challenges and move them on.
Moving to the next phase is a compare-and-set on the phase the member of
staff saw (sent with the button): two coaches pressing "next phase" at once
move it one phase, and the second is told someone else was first - nothing
skips a phase.  Every creation, edit and move is in the audit log.  Staff see
support counts, never who supported.
"""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from eservices import toolkit as tk

from . import phases, settings, statuses
from .challenge_form import ChallengeForm, slug_from
from .meta import MODULE_ID
from .models import PHASES, Challenge, Idea
from .tallies import support_counts

#: At most this many ideas on a challenge's page (the browse page pages through all).
IDEAS_SHOWN = 200


def is_current(challenge: Challenge, today) -> bool:
    return challenge.phase != "results" and (
        today <= challenge.closes_on or phases.allows(challenge, phases.SUPPORTS, today))


def challenges():
    today = tk.clock.today()
    published = tk.db.session.scalars(select(Challenge).where(
        Challenge.published.is_(True)).order_by(Challenge.opens_on.desc(),
                                                Challenge.id.desc())).all()
    current = [c for c in published if is_current(c, today)]
    past = [c for c in published if not is_current(c, today)]
    return render_template("ideas/challenges/list.html", current=current, past=past,
                           phase_label=phases.phase_label,
                           department_label=settings.department_label)


def challenge(slug: str):
    found = tk.db.session.scalar(select(Challenge).where(
        Challenge.slug == slug[:80], Challenge.published.is_(True)))
    if found is None:
        abort(404)
    today = tk.clock.today()
    ideas = tk.db.session.scalars(select(Idea).where(
        Idea.challenge_id == found.id, Idea.hidden_at.is_(None))
        .order_by(Idea.submitted_at.desc(), Idea.id.desc()).limit(IDEAS_SHOWN)).all()
    counts = support_counts([idea.id for idea in ideas])
    ideas = sorted(ideas, key=lambda idea: -counts.get(idea.id, 0))
    return render_template(
        "ideas/challenges/challenge.html", challenge=found, ideas=ideas, counts=counts,
        takes_ideas=phases.allows(found, phases.SUBMISSIONS, today),
        takes_supports=phases.allows(found, phases.SUPPORTS, today),
        phase_label=phases.phase_label, phases=phases.PHASE_LABELS,
        status_label=statuses.status_label, department_label=settings.department_label)


# -- staff ------------------------------------------------------------------------


def staff_list():
    rows = tk.db.session.scalars(select(Challenge).order_by(
        Challenge.opens_on.desc(), Challenge.id.desc())).all()
    counts = dict(tk.db.session.execute(select(Idea.challenge_id, func.count(Idea.id)).where(
        Idea.challenge_id.is_not(None)).group_by(Idea.challenge_id)).all())
    return render_template("ideas/staff/challenges/list.html", challenges=rows, counts=counts,
                           phase_label=phases.phase_label, form=tk.SubmitForm(),
                           next_phase=phases.next_phase)


def _free_slug(wanted: str, own_id: int | None = None) -> str:
    """``wanted``, or with -2, -3 … when another challenge has it."""
    candidate, number = wanted, 1
    while tk.db.session.scalar(select(Challenge.id).where(
            Challenge.slug == candidate, Challenge.id != (own_id or 0))) is not None:
        number += 1
        candidate = f"{wanted[:75]}-{number}"
    return candidate


def _apply(form: ChallengeForm, row: Challenge) -> None:
    row.question = form.question.data.strip()
    row.description = (form.description.data or "").strip()
    row.department = form.department.data or ""
    row.opens_on, row.closes_on = form.opens_on.data, form.closes_on.data
    row.submissions_in = phases.join_phases(form.submissions_in.data or [])
    row.comments_in = phases.join_phases(form.comments_in.data or [])
    row.supports_in = phases.join_phases(form.supports_in.data or [])
    row.support_threshold = form.threshold()
    row.published = bool(form.published.data)


def _slug_taken(form: ChallengeForm) -> bool:
    form.slug.errors = [_("Another challenge already has this web address. Choose "
                          "another one.")]
    return False


def _save(form: ChallengeForm, row: Challenge, action: str) -> bool:
    """Store the form into ``row`` with its audit record; False when the address was taken."""
    given = (form.slug.data or "").strip()
    if given and tk.db.session.scalar(select(Challenge.id).where(
            Challenge.slug == given, Challenge.id != (row.id or 0))) is not None:
        return _slug_taken(form)
    # An edit keeps the address residents may have bookmarked unless staff change it.
    row.slug = given or row.slug or _free_slug(slug_from(form.question.data))
    _apply(form, row)
    tk.db.session.add(row)
    try:
        tk.db.session.flush()
    except IntegrityError:  # another coach took the address a moment ago
        tk.db.session.rollback()
        return _slug_taken(form)
    tk.audit.record(action, subject=row.slug, module_id=MODULE_ID, question=row.question,
                    published=row.published)
    tk.db.session.commit()
    return True


def challenge_new():
    form = ChallengeForm()
    if request.method == "GET":
        form.submissions_in.data = ["open"]
        form.comments_in.data = form.supports_in.data = ["open", "voting"]
    if form.validate_on_submit():
        row = Challenge(phase=PHASES[0], created_by=g.staff_user.username)
        if _save(form, row, "challenge_created"):
            flash(_("The challenge “%(question)s” is saved.", question=row.question))
            return redirect(url_for(".challenges"), code=303)
    return _form_page(form, None)


def _challenge(challenge_id: int) -> Challenge:
    row = tk.db.session.get(Challenge, challenge_id)
    if row is None:
        abort(404)
    return row


def challenge_edit(challenge_id: int):
    row = _challenge(challenge_id)
    form = ChallengeForm(obj=row) if request.method == "GET" else ChallengeForm()
    if request.method == "GET":
        form.support_threshold.data = str(row.support_threshold or "")
        for name in ("submissions_in", "comments_in", "supports_in"):
            getattr(form, name).data = list(phases.parse_phases(getattr(row, name)))
    if form.validate_on_submit() and _save(form, row, "challenge_edited"):
        flash(_("The challenge “%(question)s” is saved.", question=row.question))
        return redirect(url_for(".challenges"), code=303)
    return _form_page(form, row)


def _form_page(form: ChallengeForm, row: Challenge | None):
    status = 400 if form.errors else 200
    return render_template("ideas/staff/challenges/form.html", form=form, challenge=row,
                           phase_label=phases.phase_label), status


def challenge_phase(challenge_id: int):
    """Move the challenge on from the phase the form names (a compare-and-set)."""
    row = _challenge(challenge_id)
    form = tk.SubmitForm()
    seen = request.form.get("from_phase", "")
    target = phases.next_phase(seen)
    if not form.validate_on_submit() or target is None:
        flash(_("The phase could not be moved: the form was out of date. Try again."),
              "warning")
        return redirect(url_for(".challenges"), code=303)
    moved = tk.db.session.execute(
        update(Challenge).where(Challenge.id == row.id, Challenge.phase == seen)
        .values(phase=target).execution_options(synchronize_session=False)).rowcount
    if not moved:
        tk.db.session.rollback()
        flash(_("Someone else has just moved the phase; nothing was changed."), "warning")
        return redirect(url_for(".challenges"), code=303)
    tk.audit.record("challenge_phase_moved", subject=row.slug, module_id=MODULE_ID,
                    from_phase=seen, to_phase=target)
    tk.db.session.commit()
    flash(_("“%(question)s” is now in the phase “%(phase)s”.", question=row.question,
            phase=phases.phase_label(target)))
    return redirect(url_for(".challenges"), code=303)
