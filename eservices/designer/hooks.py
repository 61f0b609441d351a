"""What the designer tools add to every page of a module: the prototype password,
the test-round recorder and banner, the feedback widget; and ``init_app``.

Kept apart from the handlers so that the app factory wires the designer tools
in through one function, and the handlers stay plain functions of a request.
"""

from __future__ import annotations

from flask import Flask, g, redirect, request, session, url_for

from ..db import db
from ..forms.base import validation_failed
from ..staff.auth import PLATFORM_BLUEPRINT_ROLES
from . import lifecycle, rounds
from .blueprint import public_bp, staff_bp
from .forms import FeedbackForm
from .models import PrototypePassword
from .round_views import test_status
from .views import FEEDBACK_PREFIX, FEEDBACK_STAGES


def _protection_on(app: Flask) -> bool:
    setting = app.config["PROTECT_PROTOTYPES"]
    if setting == "auto":
        return app.config["ESERVICES_ENV"] == "production"
    return setting == "on"


def init_app(app: Flask) -> None:
    app.register_blueprint(staff_bp)
    app.register_blueprint(public_bp)
    PLATFORM_BLUEPRINT_ROLES[staff_bp.name] = ("tjanstedesigner",)
    registry = app.extensions["eservices.modules"]
    registry.stage_overrides = lifecycle.stored_stages

    @app.before_request
    def _require_prototype_password():
        module = g.get("module")
        if (module is None or request.path.startswith("/staff")
                or registry.stage(module) != "prototype" or not _protection_on(app)):
            return None
        granted = session.get("prototype_access")
        row = db.session.get(PrototypePassword, granted) if granted else None
        if row is None or row.revoked_at is not None:
            session.pop("prototype_access", None)
            return redirect(url_for("designer.prototype_access",
                                    next=request.full_path.rstrip("?")))
        return None

    app.before_request(rounds.record_page)
    validation_failed.connect(rounds.record_errors)

    @app.context_processor
    def _test_banner() -> dict:
        return {"test_status": test_status() if "test_participant" in session else None}

    @app.context_processor
    def _feedback_widget() -> dict:
        module = g.get("module")
        show = (module is not None and not request.path.startswith("/staff")
                and registry.stage(module) in FEEDBACK_STAGES)
        if not show:
            return {"feedback_form": None}
        # A prefix keeps the widget's field ids apart from the page's own form.
        return {"feedback_form": FeedbackForm(formdata=None, prefix=FEEDBACK_PREFIX,
                                              module_id=module.id,
                                              path=request.full_path.rstrip("?"))}
