"""The residents' URL map of built journeys: ``/<slug>/`` and the pages under it.

Handlers never import this file (Indico's ``blueprint.py``).
"""

from __future__ import annotations

from flask import Blueprint

resident_bp = Blueprint("journeys", __name__)

GET_POST = ("GET", "POST")
