"""Machine-facing endpoints: the health check and robots.txt."""

from __future__ import annotations

import logging

from flask import Blueprint, Response, current_app, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from ..db import db

bp = Blueprint("health", __name__)
log = logging.getLogger(__name__)


@bp.route("/healthz")
def healthz():
    registry = current_app.extensions["eservices.modules"]
    body = {"status": "ok", "database": "ok", "modules": {
        "enabled": len(registry.enabled), "broken": len(registry.broken)}}
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError as exc:
        log.warning("health check: database unreachable: %s", type(exc).__name__)
        db.session.rollback()
        body.update(status="unavailable", database="unreachable")
        return jsonify(body), 503
    return jsonify(body)


@bp.route("/robots.txt")
def robots():
    """Staff pages and anything in design are never for search engines."""
    registry = current_app.extensions["eservices.modules"]
    lines = ["User-agent: *", "Disallow: /staff/"]
    for module in sorted(registry.enabled.values(), key=lambda m: m.id):
        if registry.stage(module) in ("idea", "prototype", "pilot"):
            lines.append(f"Disallow: {module.resident_prefix}/")
    return Response("\n".join(lines) + "\n", mimetype="text/plain")
