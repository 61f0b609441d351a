"""The residents' URL map of built journeys: ``/<slug>/`` and the pages under it.

Handlers never import this file (Indico's ``blueprint.py``).  The static
segments (``check-answers``, ``confirmation``) win over a page key in the
router, so the integrity checks keep page keys off those two words.
"""

from __future__ import annotations

from flask import Blueprint
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.routing import BaseConverter, ValidationError

from . import catalogue, resident


class PublishedJourney(BaseConverter):
    """A URL segment naming a published journey, and nothing else.

    ``/<slug>/`` and ``/<slug>/<step>`` would otherwise match every one- and
    two-segment address, so a POST to ``/healthz`` or ``/language/en`` would
    find a journey route that accepts POST and answer 404 instead of 405.  A
    converter that refuses makes the router try the other rules.
    """

    regex = r"[a-z][a-z0-9-]{1,38}[a-z0-9]"

    def to_python(self, value: str) -> str:
        try:
            found = catalogue.served(value)
        except SQLAlchemyError:
            return value  # the page's own handler answers 503, as every page does
        if found is None:
            raise ValidationError()
        return value


resident_bp = Blueprint("journeys", __name__)

GET_POST = ("GET", "POST")

resident_bp.record_once(lambda state: state.app.url_map.converters.setdefault(
    "journey", PublishedJourney))  # before the rules below are added
resident_bp.url_value_preprocessor(resident.journey_from_url)
resident_bp.url_defaults(resident.slug_into_urls)
# No redirect from /<slug> to /<slug>/: every one-segment address would match.
resident_bp.add_url_rule("/<journey:slug>/", "start", resident.start, methods=GET_POST,
                         strict_slashes=False)
resident_bp.add_url_rule("/<journey:slug>/check-answers", "check", resident.check, methods=GET_POST)
resident_bp.add_url_rule("/<journey:slug>/confirmation", "confirmation", resident.confirmation)
resident_bp.add_url_rule("/<journey:slug>/<step>", "page", resident.page, methods=GET_POST)
