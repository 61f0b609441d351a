"""Friendly error pages in the resident's language; never a stack trace."""

from __future__ import annotations

import logging

from flask import Flask, flash, jsonify, redirect, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

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
        if wants_problem_json():
            return problem(code, error.name, error.description or "")
        if code not in HANDLED:
            return error
        return render_template("eservices/errors/error.html", code=code), code

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        log.exception("unhandled error on %s %s", request.method, request.path,
                      exc_info=error)
        db.session.rollback()
        if wants_problem_json():
            return problem(500, "Internal Server Error")
        return render_template("eservices/errors/error.html", code=500), 500
