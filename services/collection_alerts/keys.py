"""API keys for route-management integrations: shown once, stored as a hash.

A key reads ``ca_<prefix>_<secret>``; the prefix finds the row (and tells keys
apart in lists and logs), the SHA-256 of the whole key is compared in constant
time.  A high-entropy random key needs no slow hash: nobody can guess it.
"""

from __future__ import annotations

import hmac
import secrets

from sqlalchemy import select

from eservices.toolkit import clock, db, tokens

from .models import ApiKey


def create_api_key(name: str, created_by: str) -> tuple[ApiKey, str]:
    """A new key row (added to the session) and the key itself, to show once."""
    prefix = secrets.token_hex(4)
    key = f"ca_{prefix}_{secrets.token_urlsafe(32)}"
    row = ApiKey(name=name, prefix=prefix, key_hash=tokens.secret_hash(key),
                 created_by=created_by)
    db.session.add(row)
    return row, key


def find_api_key(key: str) -> ApiKey | None:
    """The active key row for a presented key, or None."""
    parts = (key or "").split("_", 2)
    if len(parts) != 3 or parts[0] != "ca":
        return None
    row = db.session.scalar(select(ApiKey).where(ApiKey.prefix == parts[1]))
    if row is None or row.revoked_at is not None:
        return None
    return row if hmac.compare_digest(row.key_hash, tokens.secret_hash(key)) else None


def revoke_api_key(row: ApiKey) -> None:
    if row.revoked_at is None:
        row.revoked_at = clock.now()
