"""Changes to a staff account that must end the account's open sessions.

A password is changed because someone else may know it, an account is
deactivated because its owner must no longer get in: either way a browser that
is already signed in must not keep working, so both revoke the sessions in the
same transaction as the change, and the audit log says who did it.
"""

from __future__ import annotations

from . import audit, sessions
from .models import StaffUser

MIN_PASSWORD_LENGTH = 12  # a passphrase; scrypt makes each guess slow
MAX_PASSWORD_LENGTH = 200


def change_password(user: StaffUser, password: str,
                    keep: sessions.StaffSession | None = None) -> int:
    """New password; every session but ``keep`` ends.  Returns how many ended; caller commits."""
    user.set_password(password)
    ended = sessions.revoke_all(user.id, keep=keep)
    audit.record("password_changed", subject=user.username, sessions_ended=ended)
    return ended


def deactivate(user: StaffUser) -> int:
    """The account can no longer sign in, and its sessions end.  Caller commits."""
    user.active = False
    ended = sessions.revoke_all(user.id)
    audit.record("user_deactivated", subject=user.username, sessions_ended=ended)
    return ended
