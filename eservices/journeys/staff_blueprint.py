"""The back office's URL map for cases from built journeys (role handläggare).

Handlers never import this file (Indico's ``blueprint.py``).
"""

from __future__ import annotations

from flask import Blueprint

cases_bp = Blueprint("journeys_cases", __name__, url_prefix="/staff/journey-cases")

GET_POST = ("GET", "POST")
