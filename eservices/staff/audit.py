"""Recording staff actions: one call, inside the caller's transaction."""

from __future__ import annotations

from typing import Any

from flask import g

from ..db import db
from .models import AuditEvent


def record(action: str, subject: str = "", module_id: str = "platform",
           **details: Any) -> AuditEvent:
    """Add an audit event for the signed-in staff member (or the system)."""
    user = getattr(g, "staff_user", None)
    event = AuditEvent(actor_id=user.id if user else None,
                       actor_name=user.username if user else "system",
                       module_id=module_id, action=action, subject=subject, details=details)
    db.session.add(event)
    return event
