"""Open311 GeoReport v2 for the whole site: one jurisdiction, services from the modules.

``/open311/v2`` is a platform path (like ``/api/v1``), not a module's, so a client
sees every service of every module in one list; a module adds its services with
``Module.open311`` (see ``services.py``).  The routes are here, the handlers in
``api.py``, the OpenAPI document in ``openapi.py``, the keys in ``keys.py``.
"""

from __future__ import annotations

from flask import Blueprint, Flask, jsonify, url_for
from werkzeug.exceptions import HTTPException

from . import api, openapi
from .cli import open311_cli
from .keys import ApiKey  # noqa: F401  (its table belongs to the metadata)

PREFIX = "/open311/v2"

bp = Blueprint("open311", __name__)
bp.add_url_rule("/services.json", view_func=api.services_list)
bp.add_url_rule("/services/<string(maxlength=80):service_code>.json",
                view_func=api.service_definition)
bp.add_url_rule("/requests.json", view_func=api.list_requests, methods=["GET"])
bp.add_url_rule("/requests.json", endpoint="post_request", view_func=api.post_request,
                methods=["POST"])
bp.add_url_rule("/requests/<string(maxlength=80):service_request_id>.json",
                view_func=api.get_request)
bp.register_error_handler(HTTPException, api.http_error)


@bp.route("/openapi.json")
def openapi_json():
    """The OpenAPI 3.1 description of these routes (public: it holds no data)."""
    return jsonify(openapi.document(url_for(".openapi_json").removesuffix("/openapi.json")))


def init_app(app: Flask) -> None:
    # Clients authenticate with api_key, not cookies: no CSRF token to check.
    app.extensions["csrf"].exempt(bp)
    app.register_blueprint(bp, url_prefix=PREFIX)
    app.cli.add_command(open311_cli)
