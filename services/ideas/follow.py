"""The idea giver's private page: the idea, its status and the answers it has had.

The link is the signed reference (``messages.follow_token``): nothing is
stored that could leak it, and a token that was not made here - forged,
truncated, another idea's reference with a made-up signature - opens no idea
at all, only a "not found" page that reads the same for every bad link, so
the page tells nothing about which references exist.  The history shows each
status change with its public answer, newest first; the coaches' internal
notes (``IdeaNote``) are never read here.  Under "Mina sidor" once e-ID
exists (issue #16).
"""

from __future__ import annotations

from flask import render_template
from sqlalchemy import select

from eservices import toolkit as tk

from . import messages, settings
from .models import Challenge, Idea, IdeaAttachment, IdeaStatusChange
from .public_forms import REASON_LABELS
from .statuses import reason_label, status_label
from .tallies import support_count


def follow(token: str):
    reference = messages.reference_from_follow_token(token)
    idea = (tk.db.session.scalar(select(Idea).where(Idea.reference == reference))
            if reference else None)
    if idea is None:
        return render_template("ideas/follow_not_found.html"), 404
    history = tk.db.session.scalars(
        select(IdeaStatusChange).where(IdeaStatusChange.idea_id == idea.id)
        .order_by(IdeaStatusChange.changed_at.desc(), IdeaStatusChange.id.desc())).all()
    challenge = tk.db.session.get(Challenge, idea.challenge_id) if idea.challenge_id else None
    files = tk.db.session.scalars(select(IdeaAttachment).where(
        IdeaAttachment.idea_id == idea.id).order_by(IdeaAttachment.id)).all()
    return render_template(
        "ideas/follow.html", idea=idea, history=history, challenge=challenge, files=files,
        supporters=support_count(idea), hidden_reason=str(REASON_LABELS.get(
            idea.hidden_reason, "")) if idea.hidden_at else "",
        status=status_label(idea.status), status_label=status_label,
        reason_label=reason_label, department=settings.department_label(idea.department),
        answer_days=settings.answer_within_days())
