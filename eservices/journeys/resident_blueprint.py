"""The residents' URL map of built journeys: ``/<slug>/`` and the pages under it.

Handlers never import this file (Indico's ``blueprint.py``).  The static
segments (``check-answers``, ``confirmation``) win over a page key in the
router, so the integrity checks keep page keys off those two words.
"""

from __future__ import annotations

from flask import Blueprint

from . import resident

resident_bp = Blueprint("journeys", __name__)

GET_POST = ("GET", "POST")

resident_bp.url_value_preprocessor(resident.journey_from_url)
resident_bp.url_defaults(resident.slug_into_urls)
# No redirect from /<slug> to /<slug>/: every one-segment address would match.
resident_bp.add_url_rule("/<slug>/", "start", resident.start, methods=GET_POST,
                         strict_slashes=False)
resident_bp.add_url_rule("/<slug>/check-answers", "check", resident.check, methods=GET_POST)
resident_bp.add_url_rule("/<slug>/confirmation", "confirmation", resident.confirmation)
resident_bp.add_url_rule("/<slug>/<step>", "page", resident.page, methods=GET_POST)
