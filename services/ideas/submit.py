"""Submitting an idea: start, the question pages, similar ideas, check answers, confirmation.

The order of the pages and their navigation are the journey engine's
(``journey.FLOW``); these handlers add what is particular to ideas: a journey
started from a challenge's page, the similar ideas, a challenge that closed
while the idea was being written, and the employee's detour through a
verified work address before anything is filed (``verification.py``).
"""

from __future__ import annotations

from functools import partial

from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.wrappers import Response

from eservices import toolkit as tk

from . import attachments, challenge_choice, filing, messages, settings, similar, verification
from .journey import FLOW, closed_challenge
from .meta import MODULE_ID
from .models import Challenge, Idea
from .tallies import support_counts

CHECK = "ideas/submit/check.html"


def start():
    return render_template("ideas/start.html")


def begin():
    """The start button; ``?challenge=<slug>`` starts an idea into that challenge."""
    slug = request.args.get("challenge", "").strip()
    challenge = challenge_choice.by_slug(slug) if slug else None
    if slug and challenge is None:
        return render_template("ideas/submit/challenge_closed.html", challenge=None), 404
    if challenge is not None and not challenge_choice.takes_ideas(challenge):
        return render_template("ideas/submit/challenge_closed.html", challenge=challenge,
                               why=challenge_choice.why_closed(challenge))
    journey = tk.Journey.fresh(MODULE_ID)
    challenge_choice.set_preset(journey, slug)
    FLOW.discard_off_path(journey)
    tk.db.session.commit()
    return redirect(FLOW.url(FLOW.path(journey)[0]))


def question(step: str):
    name = FLOW.by_slug(step).name
    notice = (_("The challenge you chose no longer takes new ideas. Choose another, or send "
                "the idea on its own.") if name == "challenge" and request.args.get("closed")
              else "")
    return FLOW.page(name, notice=notice)


def similar_page():
    journey = FLOW.current()
    answers = FLOW.answers(journey)
    found = similar.similar_ideas(answers.value("title") or "", answers.value("problem") or "",
                                  answers.value("proposal") or "")
    return FLOW.page("similar", ideas=found,
                     supporters=support_counts([idea.id for idea in found]))


def check_context(journey: tk.Journey, answers: tk.Answers) -> dict:
    slug = challenge_choice.chosen_slug(journey, answers.value("challenge"))
    return {"files": attachments.for_journey(journey.state.id),
            "attachments_url": FLOW.url(FLOW.step("attachments"), change=1),
            "challenge": challenge_choice.by_slug(slug) if slug else None,
            "preset": bool(challenge_choice.preset_slug(journey)),
            "employee": filing.is_employee(answers),
            "proven": verification.proven_email(journey, answers)}


def render_check(journey: tk.Journey, answers: tk.Answers, refused: list[str]) -> str:
    """Check answers without sending: after a refusal, or for the employee's resend."""
    path = FLOW.path(journey, answers)
    page = render_template(CHECK, form=tk.SubmitForm(), rows=FLOW.rows(journey, answers),
                           back=FLOW.url(path[-1]), refused=refused,
                           **check_context(journey, answers))
    tk.db.session.commit()
    return page


def check():
    journey = FLOW.current()
    answers = FLOW.answers(journey)
    closed = closed_challenge(journey, answers)
    if isinstance(closed, Response):
        return closed
    answers = FLOW.answers(journey)  # the path may have changed
    if closed:
        return render_check(journey, answers, [closed])
    proven = verification.proven_email(journey, answers)
    if request.method == "POST" and filing.is_employee(answers) and not proven \
            and FLOW.first_unanswered(journey, answers) is None:
        sent = verification.send_link(journey, answers)
        return sent if isinstance(sent, Response) else render_check(journey, answers, [sent])
    return FLOW.check(CHECK, partial(filing.file_idea, verified_email=proven),
                      reference_prefix=filing.REFERENCE_PREFIX, refused=[],
                      **check_context(journey, answers))


def confirmation():
    journey = FLOW.finished()
    if journey is None:
        return redirect(url_for(".start"))
    idea = tk.db.session.scalar(select(Idea).where(Idea.journey_id == journey.state.id))
    if idea is None:
        abort(404)
    challenge = tk.db.session.get(Challenge, idea.challenge_id) if idea.challenge_id else None
    return render_template("ideas/submit/confirmation.html", idea=idea, challenge=challenge,
                           follow_url=messages.follow_url(idea),
                           department=settings.department_label(idea.department),
                           answer_days=settings.answer_within_days())
