"""The journey editor's URL map (staff area, role tjänstedesigner).

Handlers never import this file (Indico's ``blueprint.py``).
"""

from __future__ import annotations

from flask import Blueprint

editor_bp = Blueprint("journeys_editor", __name__, url_prefix="/staff/journeys")

GET_POST = ("GET", "POST")
