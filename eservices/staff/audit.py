"""Recording staff actions: one call, inside the caller's transaction."""

from __future__ import annotations

from typing import Any

from flask import g
from sqlalchemy import select

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


def recorded(action: str, subject: str, module_id: str) -> bool:
    """Whether this action on this subject is already in the record.

    An action recorded in the same transaction as its effect doubles as the
    proof it happened: a repeated form (a double click, a resent preview) asks
    here instead of keeping a ledger of its own.
    """
    return db.session.scalar(select(AuditEvent.id).where(
        AuditEvent.module_id == module_id, AuditEvent.action == action,
        AuditEvent.subject == subject).limit(1)) is not None
