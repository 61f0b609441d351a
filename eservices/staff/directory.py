"""Who works in the back office, as a module may see it: usernames and names, by role.

A module assigns work to a member of staff (the idea lock's coach per idea) and
must offer the people who can do it, but may not read the accounts table (it
imports only the toolkit, and passwords live in that table).  This gives the
active accounts with any of the roles asked for, and nothing else of them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select

from ..db import db
from .models import StaffUser


@dataclass(frozen=True)
class StaffMember:
    username: str
    display_name: str
    roles: frozenset[str]


def staff_members(roles: Iterable[str]) -> list[StaffMember]:
    """Active staff with at least one of ``roles``, by name (administrators only if asked)."""
    wanted = set(roles)
    found = db.session.scalars(select(StaffUser).where(StaffUser.active.is_(True))
                               .order_by(StaffUser.display_name, StaffUser.username))
    return [StaffMember(user.username, user.display_name, frozenset(user.role_set))
            for user in found if user.role_set & wanted]
