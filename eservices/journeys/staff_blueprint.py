"""The back office's URL map for cases from built journeys (role handläggare).

Handlers never import this file (Indico's ``blueprint.py``).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, g

from . import case_export, cases

cases_bp = Blueprint("journeys_cases", __name__, url_prefix="/staff/journey-cases")

GET_POST = ("GET", "POST")
ROUTES = (  # (rule, endpoint, handler, methods)
    ("/", "overview", cases.overview, ("GET",)),
    ("/<slug>/", "queue", cases.queue, ("GET",)),
    ("/<slug>/export", "export_form", case_export.export_form, GET_POST),
    ("/<slug>/export.csv", "export_csv", case_export.export_csv, ("GET",)),
    ("/<slug>/export.json", "export_json", case_export.export_json, ("GET",)),
    ("/<slug>/<reference>", "case", cases.case, GET_POST),
)
for rule, endpoint, handler, methods in ROUTES:
    cases_bp.add_url_rule(rule, endpoint=endpoint, view_func=handler, methods=methods)


@cases_bp.url_defaults
def _journey_slug(endpoint: str, values: dict[str, Any]) -> None:
    """Links within a journey's pages keep its slug, so the platform's queue macros
    (``url_for('.queue', status=...)``) work here unchanged."""
    slug = g.get("journey_slug")
    if slug and "slug" not in values and \
            current_app.url_map.is_endpoint_expecting(endpoint, "slug"):
        values["slug"] = slug
