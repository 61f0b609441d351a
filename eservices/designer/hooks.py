"""What the designer tools add to every page of a module: the prototype password,
the test-round recorder and banner, the feedback widget; and ``init_app``.

Kept apart from the handlers so that the app factory wires the designer tools
in through one function, and the handlers stay plain functions of a request.
"""

from __future__ import annotations

from flask import Flask, current_app, g, redirect, request, session, url_for
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape

from ..db import db
from ..forms.base import validation_failed
from ..i18n import current_language
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


WIDGET_TEMPLATE = "eservices/designer/feedback_widget.html"
_PATH_MARK = "eservicesFeedbackPathMark"  # stands for the page's path in a cached widget


class FeedbackWidget:
    """The feedback widget of one page, rendered when the layout prints it.

    The widget never shows errors (a failed answer goes back to the page with a
    flash message), so its markup depends only on the module, the language, the
    page's path and the CSRF token (and the script root).  The first page of each
    module and language renders ``FeedbackForm`` through the widget's template;
    the markup is kept (per app) with the path and token cut out, and later pages
    only fill them in: the same HTML without building a WTForm on every page.
    """

    def __init__(self, module_id: str, path: str) -> None:
        self.module_id, self.path = module_id, path

    def __html__(self) -> str:
        token = generate_csrf()  # also what FeedbackForm's token field would call
        cache = current_app.extensions.setdefault("eservices.designer.feedback_widget", {})
        # The form's address carries the script root a trusted proxy may set.
        key = (self.module_id, current_language(), request.script_root)
        parts = cache.get(key)
        if parts is None:
            form = FeedbackForm(formdata=None, prefix=FEEDBACK_PREFIX,
                                module_id=self.module_id, path=_PATH_MARK)
            # Autoescaped by the template, so markup as the layout's include was.
            html = Markup(current_app.jinja_env.get_template(WIDGET_TEMPLATE)  # noqa: S704
                          .render(feedback_form=form))
            if html.count(_PATH_MARK) != 1 or html.count(token) != 1:
                return html.replace(_PATH_MARK, escape(self.path))  # not cacheable
            before, _, rest = html.partition(token)
            middle, _, after = rest.partition(_PATH_MARK)
            parts = cache[key] = (before, middle, after)
        before, middle, after = parts
        # Escaped as the form's hidden fields escape their values.
        return before + escape(token) + middle + escape(self.path) + after

    def __str__(self) -> str:
        return self.__html__()


def init_app(app: Flask) -> None:
    app.register_blueprint(staff_bp)
    app.register_blueprint(public_bp)
    PLATFORM_BLUEPRINT_ROLES[staff_bp.name] = ("tjanstedesigner",)
    registry = app.extensions["eservices.modules"]
    registry.stage_overrides = lifecycle.stored_stages

    @app.before_request
    def _require_prototype_password():
        module = g.get("module")
        # Cheapest first: most sites serve no prototype, most pages are not one.
        if (module is None or not _protection_on(app) or request.path.startswith("/staff")
                or registry.stage(module) != "prototype"):
            return None
        granted = session.get("prototype_access")
        row = db.session.get(PrototypePassword, granted) if granted else None
        if row is None or row.revoked_at is not None:
            session.pop("prototype_access", None)
            return redirect(url_for("designer.prototype_access",
                                    next=request.full_path.rstrip("?")))
        return None

    app.before_request(rounds.record_page)  # returns at once without a test participant
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
            return {"feedback_widget": None}
        # A prefix keeps the widget's field ids apart from the page's own form.
        return {"feedback_widget": FeedbackWidget(module.id, request.full_path.rstrip("?"))}
