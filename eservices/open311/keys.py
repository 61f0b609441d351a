"""The platform's API keys for integrations: shown once, stored as a hash, scoped.

The scheme is the route API's (``services/collection_alerts/keys.py``): a key reads
``<tag>_<prefix>_<secret>``; the prefix finds the row and tells keys apart in
lists and logs, and the SHA-256 of the whole key (``tokens.secret_hash``) is
compared in constant time - a high-entropy random key needs no slow hash.  Each
key carries the scopes it may use (``open311``), so one table serves every
platform API without a key for one opening another.
"""

from __future__ import annotations

import hmac
import secrets
from datetime import datetime

from sqlalchemy import JSON, String, select
from sqlalchemy.orm import Mapped, mapped_column

from .. import clock, tokens
from ..db import UTCDateTime, db, utcnow

TAG = "es"
SCOPES = ("open311",)


class ApiKey(db.Model):
    """An integration's key; only a hash of the secret is stored."""

    __tablename__ = "platform_api_key"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    prefix: Mapped[str] = mapped_column(String(16), unique=True)
    key_hash: Mapped[str] = mapped_column(String(64))
    scopes: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_by: Mapped[str] = mapped_column(String(80), default="")
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


def create_api_key(name: str, scopes: tuple[str, ...], created_by: str) -> tuple[ApiKey, str]:
    """A new key row (added to the session) and the key itself, to show once."""
    unknown = [scope for scope in scopes if scope not in SCOPES]
    if unknown or not scopes:
        raise ValueError(f"scopes must be some of {', '.join(SCOPES)}")
    prefix = secrets.token_hex(4)
    key = f"{TAG}_{prefix}_{secrets.token_urlsafe(32)}"
    row = ApiKey(name=name[:80], prefix=prefix, key_hash=tokens.secret_hash(key),
                 scopes=list(scopes), created_by=created_by[:80])
    db.session.add(row)
    return row, key


def find_api_key(key: str, scope: str) -> ApiKey | None:
    """The active key row for a presented key that may use ``scope``, or None."""
    parts = (key or "").split("_", 2)
    if len(parts) != 3 or parts[0] != TAG or not parts[1] or len(parts[1]) > 16:
        return None
    row = db.session.scalar(select(ApiKey).where(ApiKey.prefix == parts[1]))
    if row is None or row.revoked_at is not None or scope not in (row.scopes or []):
        return None
    return row if hmac.compare_digest(row.key_hash, tokens.secret_hash(key)) else None


def revoke_api_key(row: ApiKey) -> None:
    if row.revoked_at is None:
        row.revoked_at = clock.now()
