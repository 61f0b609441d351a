"""Counts and lists the public pages show: supports per idea, and visible comments.

Support counts are counted from ``Support`` rows each time (one row per person
and idea, held by a unique index), never kept in a column that could drift;
staff see the counts too, never who supported.
"""

from __future__ import annotations

from sqlalchemy import func, select

from eservices import toolkit as tk

from .models import Comment, Idea, Support
from .people import Person


def support_counts(idea_ids: list[int]) -> dict[int, int]:
    """Supports per idea for the given ideas (ideas without any are left out)."""
    if not idea_ids:
        return {}
    rows = tk.db.session.execute(select(Support.idea_id, func.count(Support.id)).where(
        Support.idea_id.in_(idea_ids)).group_by(Support.idea_id)).all()
    return {idea_id: count for idea_id, count in rows}


def support_count(idea: Idea) -> int:
    return support_counts([idea.id]).get(idea.id, 0)


def has_supported(idea: Idea, person: Person) -> bool:
    return tk.db.session.scalar(select(Support.id).where(
        Support.idea_id == idea.id, Support.supporter_key == person.key)) is not None


def visible_comments(idea: Idea) -> list[Comment]:
    """The idea's comments not hidden by moderation, oldest first (a conversation)."""
    return list(tk.db.session.scalars(select(Comment).where(
        Comment.idea_id == idea.id, Comment.hidden_at.is_(None))
        .order_by(Comment.created_at, Comment.id)).all())
