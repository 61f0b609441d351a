"""Ideas as everyone sees them: the list to browse, and one idea's public page.

Ideas are public from the moment they are filed and moderated afterwards by
reports (``moderation.py``), so every idea not hidden is listed.  What is
public: title, problem, proposal, beneficiaries, department, challenge,
status, the public answers of its history, its support count and comments.
What is never public: who submitted it and how to reach them (those columns
are not even passed to the templates), and staff's internal notes.
A hidden idea's page says only that it is hidden pending review, and why.
"""

from __future__ import annotations

from flask import abort, render_template, request
from flask_babel import gettext as _
from sqlalchemy import func, select

from eservices import toolkit as tk

from . import phases, settings, statuses
from .models import Challenge, Idea, IdeaStatusChange
from .people import current_person
from .public_forms import REASON_LABELS, CommentForm
from .tallies import has_supported, support_count, support_counts, visible_comments

PAGE_SIZE = 20
#: Pages beyond this are refused rather than asking the database for a huge offset.
MAX_PAGE = 500


def idea_by_reference(reference: str) -> Idea:
    """The idea, or the 404 page (a reference is at most 20 characters)."""
    idea = None
    if len(reference) <= 20:
        idea = tk.db.session.scalar(select(Idea).where(Idea.reference == reference))
    if idea is None:
        abort(404)
    return idea


def challenge_of(idea: Idea) -> Challenge | None:
    return tk.db.session.get(Challenge, idea.challenge_id) if idea.challenge_id else None


def refused(idea: Idea, activity: str) -> str:
    """Why ``activity`` (``phases.SUPPORTS``/``COMMENTS``) is not taken for this idea now,
    or "" when it is; an idea on its own always takes both (``phases.py``)."""
    challenge = challenge_of(idea)
    if phases.allows(challenge, activity, tk.clock.today()):
        return ""
    if challenge is None or not challenge.published:
        return _("The challenge is not open.")
    return phases.refusal(challenge, activity)


def _filters() -> tuple[dict[str, str], list[str], list]:
    """The filters asked for, the messages about bad ones, and the WHERE clauses."""
    asked = {name: request.args.get(name, "").strip()[:100]
             for name in ("department", "challenge", "status")}
    problems, where = [], [Idea.hidden_at.is_(None)]
    if asked["department"]:
        if asked["department"] in {d.key for d in settings.departments()}:
            where.append(Idea.department == asked["department"])
        else:
            problems.append(_("There is no such department. Choose one from the list."))
            asked["department"] = ""
    if asked["challenge"]:
        challenge = tk.db.session.scalar(select(Challenge).where(
            Challenge.slug == asked["challenge"], Challenge.published.is_(True)))
        if challenge is not None:
            where.append(Idea.challenge_id == challenge.id)
        else:
            problems.append(_("There is no such challenge. Choose one from the list."))
            asked["challenge"] = ""
    if asked["status"]:
        if asked["status"] in settings.statuses():
            where.append(Idea.status == asked["status"])
        else:
            problems.append(_("There is no such status. Choose one from the list."))
            asked["status"] = ""
    return asked, problems, where


def _page_number(problems: list[str]) -> int:
    raw = request.args.get("page", "1").strip()
    if raw.isdigit() and 1 <= int(raw) <= MAX_PAGE:
        return int(raw)
    problems.append(_("There is no such page of ideas. Showing the first page."))
    return 1


def browse():
    asked, problems, where = _filters()
    page = _page_number(problems)
    total = tk.db.session.scalar(select(func.count(Idea.id)).where(*where)) or 0
    ideas = tk.db.session.scalars(
        select(Idea).where(*where).order_by(Idea.submitted_at.desc(), Idea.id.desc())
        .limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)).all()
    challenges = tk.db.session.scalars(select(Challenge).where(
        Challenge.published.is_(True)).order_by(Challenge.opens_on.desc())).all()
    titles = {c.id: c.question for c in challenges}
    links = {key: value for key, value in asked.items() if value}
    return render_template(
        "ideas/public/browse.html", ideas=ideas, counts=support_counts([i.id for i in ideas]),
        asked=asked, problems=problems, page=page, total=total,
        pages=max(1, -(-total // PAGE_SIZE)), links=links,
        options={"department": [(d.key, d.label) for d in settings.departments()],
                 "challenge": [(c.slug, c.question) for c in challenges],
                 "status": [(s, statuses.status_label(s)) for s in settings.statuses()]},
        challenge_titles=titles,
        status_label=statuses.status_label, department_label=settings.department_label,
    ), 400 if problems else 200


def public_idea(reference: str):
    idea = idea_by_reference(reference)
    return render_idea(idea)


def render_idea(idea: Idea, *, comment_form: CommentForm | None = None,
                problems: tuple[str, ...] = (), status: int = 200):
    """The public page, also with a comment form's errors (``supports.comment``)."""
    if idea.hidden_at is not None:
        return render_template("ideas/public/hidden.html", reference=idea.reference,
                               reason=str(REASON_LABELS.get(idea.hidden_reason, ""))), status
    challenge = challenge_of(idea)
    if challenge is not None and not challenge.published:
        challenge = None  # an unpublished challenge is not named (and takes nothing)
    answers = tk.db.session.scalars(select(IdeaStatusChange).where(
        IdeaStatusChange.idea_id == idea.id, IdeaStatusChange.public_answer != "")
        .order_by(IdeaStatusChange.changed_at, IdeaStatusChange.id)).all()
    person = current_person()
    return render_template(
        "ideas/public/idea.html", idea=idea, challenge=challenge,
        phase_label=phases.phase_label, answers=answers,
        support_count=support_count(idea),
        supported=person is not None and has_supported(idea, person),
        support_refusal=refused(idea, phases.SUPPORTS),
        comment_refusal=refused(idea, phases.COMMENTS),
        person=person, comments=visible_comments(idea),
        form=comment_form or CommentForm(), problems=problems,
        support_form=tk.SubmitForm(),
        status_label=statuses.status_label, department_label=settings.department_label,
    ), status
