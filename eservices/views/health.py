"""Machine-facing endpoints: the health check and robots.txt."""

from __future__ import annotations

import logging
import threading

from flask import Blueprint, Flask, Response, current_app, jsonify
from sqlalchemy import text

from ..db import db

bp = Blueprint("health", __name__)
log = logging.getLogger(__name__)


# Probes still waiting on a stalled database; beyond this many, answer at once.
MAX_WAITING_PROBES = 4
_waiting = threading.BoundedSemaphore(MAX_WAITING_PROBES)


def _database_answers(app: Flask, seconds: float) -> bool:
    """Whether ``SELECT 1`` comes back within ``seconds``.

    The connect timeout bounds a server that never accepts the session, but a
    stalled server (a frozen process, a storage stall) keeps pooled connections
    open and silent, and nothing in the driver would give up.  So the probe runs
    in a daemon thread and the health check stops waiting; a load balancer then
    hears 503 in seconds instead of a worker timing out.
    """
    if not _waiting.acquire(blocking=False):
        return False
    done = threading.Event()
    failed: list[BaseException] = []

    def probe() -> None:
        try:
            with app.app_context(), db.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except Exception as exc:  # the answer is "no", whatever the reason
            failed.append(exc)
        finally:
            done.set()
            _waiting.release()

    threading.Thread(target=probe, name="healthz-probe", daemon=True).start()
    if not done.wait(seconds):
        log.warning("health check: the database did not answer within %.0f s", seconds)
        return False
    if failed:
        log.warning("health check: database unreachable: %s", type(failed[0]).__name__)
    return not failed


@bp.route("/healthz")
def healthz():
    registry = current_app.extensions["eservices.modules"]
    body = {"status": "ok", "database": "ok", "modules": {
        "enabled": len(registry.enabled), "broken": len(registry.broken)}}
    seconds = current_app.config["DATABASE_CONNECT_TIMEOUT_SECONDS"] + 2
    if not _database_answers(current_app._get_current_object(), seconds):
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
