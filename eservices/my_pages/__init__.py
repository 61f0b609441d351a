"""Mina sidor and the data rights, the platform's side (GDPR articles 15, 17, 20).

Every module declares what it keeps about people (``Module.personal_data``);
this package asks each of them and adds the platform's own data (the resident
account, the messages sent): the resident's "Mina sidor" (``views``), the
JSON and readable exports (``export``), erasure (``erasure``, made
exactly-once by ``receipts``), the administrators' data-subject requests
(``staff_views``) and the one retention job (``retention``).  No module is
named anywhere here.
"""

from __future__ import annotations

from flask import Flask

from ..staff.auth import PLATFORM_BLUEPRINT_ROLES
from . import models as models  # its table belongs to the metadata
from .blueprint import bp, staff_bp


def init_app(app: Flask) -> None:
    """Register the pages; called by the app factory after the staff area."""
    app.register_blueprint(bp)
    app.register_blueprint(staff_bp)
    PLATFORM_BLUEPRINT_ROLES[staff_bp.name] = ("administrator",)
