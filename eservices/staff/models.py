"""Staff accounts and the audit trail of what staff do."""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from ..db import UTCDateTime, db, utcnow

ROLE_LABELS = {
    "handlaggare": "Handläggare",
    "tjanstedesigner": "Tjänstedesigner",
    "idecoach": "Idécoach",
    "administrator": "Administratör",
}


class StaffUser(db.Model):
    __tablename__ = "platform_staff_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(255))
    roles: Mapped[str] = mapped_column(String(200), default="")
    active: Mapped[bool] = mapped_column(default=True)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    @property
    def role_set(self) -> set[str]:
        return {r for r in self.roles.split(",") if r}

    def has_any_role(self, roles: tuple[str, ...] | set[str]) -> bool:
        # Administrators may open every staff page; other roles only their own.
        return "administrator" in self.role_set or bool(self.role_set & set(roles))

    def set_password(self, password: str) -> None:
        """Only the hash is stored; ``accounts.change_password`` also ends the sessions."""
        self.password_hash = generate_password_hash(password, method="scrypt")


@cache
def _dummy_hash() -> str:
    return generate_password_hash("no account has this password", method="scrypt")


def password_matches(user: StaffUser | None, password: str) -> bool:
    """Check a password, just as slowly when there is no such user.

    Answering an unknown username without hashing took a tenth of the time,
    which told anyone timing the answer which usernames exist.
    """
    matches = check_password_hash(user.password_hash if user else _dummy_hash(), password)
    return matches and user is not None


class AuditEvent(db.Model):
    """Who did what, when: written in the same transaction as the action itself."""

    __tablename__ = "platform_audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("platform_staff_user.id"),
                                                 nullable=True)
    actor_name: Mapped[str] = mapped_column(String(200))
    module_id: Mapped[str] = mapped_column(String(40), default="platform", index=True)
    action: Mapped[str] = mapped_column(String(80))
    subject: Mapped[str] = mapped_column(String(200), default="", index=True)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
