"""Designer pages: lifecycle, feedback, prototype passwords; the feedback widget's endpoint."""

from __future__ import annotations

import secrets

from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from ..db import db, utcnow
from ..extensions import limiter
from ..i18n import current_language, safe_next
from ..staff import audit
from ..staff.auth import PLATFORM_BLUEPRINT_ROLES
from . import lifecycle
from .forms import STAGE_LABELS, AccessForm, FeedbackForm, NewPasswordForm, StageForm
from .models import PageFeedback, PrototypePassword, StageChange

staff_bp = Blueprint("designer_staff", __name__, url_prefix="/staff/design")
public_bp = Blueprint("designer", __name__)
FEEDBACK_STAGES = ("prototype", "pilot")
FEEDBACK_PREFIX = "feedback"


def _registry():
    return current_app.extensions["eservices.modules"]


@staff_bp.route("/")
def modules():
    registry = _registry()
    counts = dict(db.session.execute(select(PageFeedback.module_id, func.count())
                                     .group_by(PageFeedback.module_id)).all())
    rows = [{"module": m, "name": m.text(m.name, current_language()),
             "stage": registry.stage(m), "feedback": counts.get(m.id, 0)}
            for _, m in sorted(registry.installed.items())]
    return render_template("eservices/designer/modules.html", rows=rows, labels=STAGE_LABELS)


@staff_bp.route("/<module_id>", methods=["GET", "POST"])
def module(module_id: str):
    registry = _registry()
    found = registry.installed.get(module_id)
    if found is None:
        abort(404)
    current = registry.stage(found)
    form = StageForm()
    if form.validate_on_submit():
        if form.stage.data == current:
            form.stage.errors = [_("The module is already in that stage")]
        else:
            lifecycle.move(found, current, form.stage.data, form.reason.data.strip(),
                           g.staff_user.username)
            db.session.commit()
            flash(_("%(module)s is now in the stage: %(stage)s.",
                    module=found.text(found.name, current_language()),
                    stage=STAGE_LABELS[form.stage.data]))
            return redirect(url_for(".module", module_id=module_id))
    history = db.session.scalars(select(StageChange).where(StageChange.module_id == module_id)
                                 .order_by(StageChange.changed_at.desc())).all()
    feedback = db.session.scalars(select(PageFeedback).where(PageFeedback.module_id == module_id)
                                  .order_by(PageFeedback.created_at.desc()).limit(200)).all()
    return render_template("eservices/designer/module.html", module=found, form=form,
                           stage=current, history=history, feedback=feedback,
                           labels=STAGE_LABELS, name=found.text(found.name, current_language()))


@staff_bp.route("/passwords", methods=["GET", "POST"])
def passwords():
    form = NewPasswordForm()
    new_password = None
    if form.validate_on_submit():
        new_password = "-".join(secrets.token_hex(2) for _ in range(4))
        db.session.add(PrototypePassword(label=form.label.data.strip(),
                                         password_hash=generate_password_hash(new_password),
                                         created_by=g.staff_user.id))
        audit.record("prototype_password_created", subject=form.label.data.strip())
        db.session.commit()
        form = NewPasswordForm(formdata=None)
    rows = db.session.scalars(select(PrototypePassword)
                              .order_by(PrototypePassword.created_at.desc())).all()
    return render_template("eservices/designer/passwords.html", form=form, rows=rows,
                           new_password=new_password)


@staff_bp.post("/passwords/<int:password_id>/revoke")
def revoke(password_id: int):
    row = db.session.get(PrototypePassword, password_id)
    if row is None:
        abort(404)
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        audit.record("prototype_password_revoked", subject=row.label)
        db.session.commit()
        flash(_("The password for %(label)s no longer works.", label=row.label))
    return redirect(url_for(".passwords"))


@public_bp.post("/feedback")
@limiter.limit("30 per hour")
def feedback():
    form = FeedbackForm(prefix=FEEDBACK_PREFIX)
    registry = _registry()
    module = registry.enabled.get(form.module_id.data or "")
    back = safe_next(form.path.data)
    if module is None or registry.stage(module) not in FEEDBACK_STAGES \
            or not back.startswith(module.resident_prefix):
        abort(400)
    if not form.validate_on_submit():
        flash(" ".join(str(e) for errors in form.errors.values() for e in errors), "warning")
        return redirect(back + "#feedback", code=303)
    db.session.add(PageFeedback(module_id=module.id, path=back.split("?")[0][:300],
                                helpful=form.helpful.data == "yes",
                                comment=(form.comment.data or "").strip()))
    db.session.commit()
    flash(_("Thank you for your feedback. It helps us improve the service."))
    return redirect(back, code=303)


@public_bp.route("/prototype-access", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
def prototype_access():
    form = AccessForm()
    if form.validate_on_submit():
        for row in db.session.scalars(select(PrototypePassword).where(
                PrototypePassword.revoked_at.is_(None))):
            if check_password_hash(row.password_hash, form.password.data):
                session["prototype_access"] = row.id
                return redirect(safe_next(request.args.get("next")), code=303)
        form.password.errors = [_("That password does not work. Check it with the person "
                                  "who invited you.")]
    return render_template("eservices/designer/access.html", form=form)


def _protection_on(app: Flask) -> bool:
    setting = app.config["PROTECT_PROTOTYPES"]
    if setting == "auto":
        return app.config["ESERVICES_ENV"] == "production"
    return setting == "on"


def init_app(app: Flask) -> None:
    app.register_blueprint(staff_bp)
    app.register_blueprint(public_bp)
    PLATFORM_BLUEPRINT_ROLES[staff_bp.name] = ("tjanstedesigner",)
    app.extensions["eservices.modules"].stage_overrides = lifecycle.stored_stages

    @app.before_request
    def _require_prototype_password():
        module = g.get("module")
        if (module is None or request.path.startswith("/staff")
                or _registry().stage(module) != "prototype" or not _protection_on(app)):
            return None
        granted = session.get("prototype_access")
        row = db.session.get(PrototypePassword, granted) if granted else None
        if row is None or row.revoked_at is not None:
            session.pop("prototype_access", None)
            return redirect(url_for("designer.prototype_access",
                                    next=request.full_path.rstrip("?")))
        return None

    from ..forms.base import validation_failed
    from . import rounds
    from .round_views import test_status

    app.before_request(rounds.record_page)
    validation_failed.connect(rounds.record_errors)

    @app.context_processor
    def _test_banner() -> dict:
        return {"test_status": test_status() if "test_participant" in session else None}

    @app.context_processor
    def _feedback_widget() -> dict:
        module = g.get("module")
        show = (module is not None and not request.path.startswith("/staff")
                and _registry().stage(module) in FEEDBACK_STAGES)
        if not show:
            return {"feedback_form": None}
        # A prefix keeps the widget's field ids apart from the page's own form.
        return {"feedback_form": FeedbackForm(formdata=None, prefix=FEEDBACK_PREFIX,
                                              module_id=module.id,
                                              path=request.full_path.rstrip("?"))}
