"""Shared helpers of the coaching, prototype and showcase tests: ideas as rows, a
signed-in coach, the outbox and the audit log read back."""

from __future__ import annotations

import itertools
import re
from typing import Any

from sqlalchemy import select

from eservices.db import db
from eservices.staff.models import AuditEvent
from eservices.testing import csrf_token_from, sign_in
from notifications.models import Notification
from services.ideas.models import Idea, IdeaStatusChange

BASE = "/staff/ideas"
_numbers = itertools.count(1)


def make_idea(app, **columns: Any) -> str:
    """An idea as the resident journey files it; returns its reference."""
    number = next(_numbers)
    values: dict[str, Any] = {
        "reference": f"IDE-2026-{number:04d}", "journey_id": f"journey-{number}",
        "title": "Byt kläder på återbruket", "problem": "Kläder slängs fast de är hela.",
        "proposal": "En bytesdag varje månad på återbruket.", "beneficiaries": "Alla",
        "department": "miljo", "submitter_kind": "resident", "submitter_name": "Eva Ek",
        "email": "eva.ek@exempel.se", "email_verified": True, "phone": "",
        "language": "sv"}
    values.update(columns)
    with app.app_context():
        db.session.add(Idea(**values))
        db.session.commit()
    return values["reference"]


def idea_of(app, reference: str) -> Idea:
    with app.app_context():
        found = db.session.scalar(select(Idea).where(Idea.reference == reference))
        db.session.expunge_all()
        return found


def changes_of(app, reference: str) -> list[IdeaStatusChange]:
    with app.app_context():
        found = db.session.scalars(select(IdeaStatusChange).join(
            Idea, Idea.id == IdeaStatusChange.idea_id).where(Idea.reference == reference)
            .order_by(IdeaStatusChange.id)).all()
        db.session.expunge_all()
        return list(found)


def messages(app, reference: str) -> list[Notification]:
    with app.app_context():
        found = db.session.scalars(select(Notification).where(
            Notification.reference == reference).order_by(Notification.created_at)).all()
        db.session.expunge_all()
        return list(found)


def audit_actions(app, reference: str) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(AuditEvent.action).where(
            AuditEvent.subject == reference).order_by(AuditEvent.id)))


def signed_in(client, create_staff, username: str = "cilla", *roles: str,
              language: str = "en"):
    """A member of staff signed in (a coach unless ``roles`` say otherwise)."""
    create_staff(username, *(roles or ("idecoach",)))
    client.get(f"/language/{language}")
    sign_in(client, username)
    return client


def post_form(client, reference: str, action: str, prefix: str, **data: str):
    """Post one of the idea page's forms with the page's own CSRF token."""
    html = client.get(f"{BASE}/i/{reference}").get_data(as_text=True)
    found = re.search(r'name="[a-z]+-csrf_token"[^>]*value="([^"]+)"', html)
    token = found.group(1) if found else csrf_token_from(html)
    fields = {f"{prefix}-{key}": value for key, value in data.items()}
    return client.post(f"{BASE}/i/{reference}/{action}",
                       data={**fields, f"{prefix}-csrf_token": token})


def change_status(client, reference: str, **data: str):
    data.setdefault("notify", "yes")
    if "from_status" not in data:
        data["from_status"] = _status(client, reference)
    return post_form(client, reference, "status", "status", **data)


def _status(client, reference: str) -> str:
    with client.application.app_context():
        return db.session.scalar(select(Idea.status).where(Idea.reference == reference))
