"""The staff tables' hourly housekeeping, run as a platform periodic job.

Sign-ins purge too, but an attacker's failures from many addresses (one row per
client and typed username) must not pile up on a site where nobody signs in.
"""

from __future__ import annotations

from ..db import db
from . import sessions, throttle


def purge_expired() -> int:
    """Delete ended sessions and forgotten failures; returns how many rows went."""
    removed = sessions.purge_expired() + throttle.purge_expired()
    db.session.commit()
    return removed
