"""Friendly error pages in the resident's language; never a stack trace."""

from __future__ import annotations

import logging

from flask import Flask, flash, jsonify, redirect, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from ..availability import RETRY_AFTER_SECONDS, database_unavailable
from ..db import db
from ..forms.journey import stash_for_recovery

log = logging.getLogger(__name__)

HANDLED = (400, 403, 404, 405, 410, 413, 429, 500, 503)


def wants_problem_json() -> bool:
    """Machine clients of /api/ get RFC 9457 problem details, never an HTML page."""
    return request.path.startswith("/api/")


def problem(status: int, title: str, detail: str = "", **extra: object):
    """An ``application/problem+json`` response."""
    body = {"type": "about:blank", "title": title, "status": status, **extra}
    if detail:
        body["detail"] = detail
    response = jsonify(body)
    response.status_code = status
    response.mimetype = "application/problem+json"
    return response


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_expired(error: CSRFError):
        # The page was open too long (or cookies were lost).  Keep what the
        # resident typed and bring them back to the same page with a fresh token.
        registry = app.extensions["eservices.modules"]
        module = registry.for_blueprint(request.blueprint)
        kept = False
        if module is not None and request.method == "POST":
            kept = stash_for_recovery(module.id, request.path, request.form.to_dict(flat=False))
        if kept:
            flash(_("The page was open too long, so for your security we could not save it. "
                    "Your answers are kept: check them and continue."), "warning")
            return redirect(request.path, code=303)
        return render_template("eservices/errors/csrf.html", error=error), 400

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        code = error.code or 500
        # Headers the error carries (Allow on 405, Retry-After) stay on the page.
        headers = [(k, v) for k, v in error.get_headers() if k.lower() != "content-type"]
        if wants_problem_json():
            response = problem(code, error.name, error.description or "")
            response.headers.extend(headers)
            return response
        if code not in HANDLED:
            return error
        return render_template("eservices/errors/error.html", code=code,
                               wait=getattr(error, "wait", "")), code, headers

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        if database_unavailable(error):
            return _database_unavailable(error)
        log.exception("unhandled error on %s %s", request.method, request.path,
                      exc_info=error)
        db.session.rollback()
        if wants_problem_json():
            return problem(500, "Internal Server Error")
        return render_template("eservices/errors/error.html", code=500), 500


def _database_unavailable(error: Exception):
    """503 with Retry-After: the database is down or too slow, not a bug in the page."""
    log.error("database unavailable on %s %s: %s", request.method, request.path,
              type(error).__name__)
    try:
        db.session.rollback()
    except Exception:
        db.session.remove()
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
    if wants_problem_json():
        response = problem(503, "Service Unavailable",
                           "The service is temporarily unavailable. Try again later.")
        response.headers.update(headers)
        return response
    try:
        page = render_template("eservices/errors/error.html", code=503)
    except Exception:
        log.warning("the error page could not be rendered; answering in plain text")
        db.session.remove()
        page = (_("Sorry, the service is unavailable") + "\n\n"
                + _("The service is temporarily unavailable. Wait a few minutes and try "
                    "again. Nothing you have already sent has been lost."))
        return page, 503, {**headers, "Content-Type": "text/plain; charset=utf-8"}
    return page, 503, headers
