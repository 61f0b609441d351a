"""Idea challenges as residents see them: the list, and one challenge with its ideas (helper B).

Only published challenges are shown.  "Current" are those not yet in their
last phase (results) whose window has not closed, or that are still taking
supports; the rest are "past".  A challenge's page shows its question, phase,
window, its ideas (not hidden) with their support counts and, when it has a
threshold, how far each idea has come; it links to submitting an idea into it
when its phase takes ideas and today is within its window (``phases.py``).
"""

from __future__ import annotations

from flask import abort, render_template
from sqlalchemy import select

from eservices import toolkit as tk

from . import phases, settings, statuses
from .models import Challenge, Idea
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
