"""Staff sign-in and the guard in front of every page under /staff.

The guard works on the URL path, not on a decorator each view must remember:
whatever a module registers under /staff is refused to anonymous visitors and
to staff without the page's role.  A test walks every rule to prove it.
"""

from __future__ import annotations

from datetime import timedelta

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
from sqlalchemy import select

from ..db import db, utcnow
from ..extensions import limiter
from ..i18n import safe_next
from . import audit
from .forms import SignInForm
from .models import StaffUser

bp = Blueprint("staff", __name__, url_prefix="/staff")

OPEN_ENDPOINTS = {"staff.sign_in", "staff.sign_out"}
ALL_STAFF = ("handlaggare", "tjanstedesigner", "administrator")
PLATFORM_ROLES = {
    "staff.dashboard": ALL_STAFF,
    "staff.modules": ("administrator",),
    "staff.audit_log": ("administrator",),
}


# Platform parts outside eservices (the notification layer) register their staff
# blueprint here, with the roles that may open its pages.
PLATFORM_BLUEPRINT_ROLES: dict[str, tuple[str, ...]] = {}


def required_roles(endpoint: str) -> tuple[str, ...]:
    """Roles for a staff endpoint; unknown endpoints are for administrators only."""
    if endpoint in PLATFORM_ROLES:
        return PLATFORM_ROLES[endpoint]
    if endpoint.split(".")[0] in PLATFORM_BLUEPRINT_ROLES:
        return PLATFORM_BLUEPRINT_ROLES[endpoint.split(".")[0]]
    module = current_app.extensions["eservices.modules"].for_blueprint(endpoint.split(".")[0])
    if module is not None and endpoint.startswith(f"{module.id}_staff."):
        return module.roles_for(endpoint)
    return ("administrator",)


def current_staff_user() -> StaffUser | None:
    user_id = session.get("staff_id")
    if user_id is None:
        return None
    user = db.session.get(StaffUser, user_id)
    signed_in_at = session.get("staff_signed_in_at", 0)
    max_age = timedelta(hours=current_app.config["SESSION_HOURS"]).total_seconds()
    if user is None or not user.active or utcnow().timestamp() - signed_in_at > max_age:
        session.pop("staff_id", None)
        return None
    return user


def guard_staff_pages():
    """Runs before every request: protects the whole /staff tree."""
    g.staff_user = None
    if not request.path.startswith("/staff"):
        return None
    g.staff_user = current_staff_user()
    if request.endpoint in OPEN_ENDPOINTS:
        return None
    if g.staff_user is None:
        return redirect(url_for("staff.sign_in", next=request.full_path.rstrip("?")))
    if request.endpoint is None:
        abort(404)
    if not g.staff_user.has_any_role(required_roles(request.endpoint)):
        abort(403)
    return None


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit("20 per minute", methods=["POST"])
def sign_in():
    form = SignInForm()
    error = None
    if form.validate_on_submit():
        config = current_app.config
        now = utcnow()
        user = db.session.scalar(select(StaffUser).where(
            StaffUser.username == form.username.data.strip()))
        if user is not None and user.is_locked(now):
            error = _("Too many failed attempts. The account is locked for a while; "
                      "try again later or ask an administrator.")
        elif user is not None and user.active and user.check_password(form.password.data):
            user.register_success(now)
            language = session.get("lang")
            session.clear()  # a fresh session on sign-in: no session fixation
            if language:
                session["lang"] = language
            session["staff_id"] = user.id
            session["staff_signed_in_at"] = now.timestamp()
            session.permanent = True
            g.staff_user = user
            audit.record("sign_in", subject=user.username)
            db.session.commit()
            return redirect(safe_next(request.args.get("next")) if request.args.get("next")
                            else url_for("staff.dashboard"))
        else:
            if user is not None:
                user.register_failure(now, config["STAFF_MAX_FAILED_LOGINS"],
                                      config["STAFF_LOCKOUT_MINUTES"])
                db.session.commit()
            error = _("The username or password is wrong.")
        form.password.errors = [error]
    return render_template("eservices/staff/sign_in.html", form=form), (200 if not error
                                                                       else 400)


@bp.route("/sign-out", methods=["POST"])
def sign_out():
    if g.staff_user is not None:
        audit.record("sign_out", subject=g.staff_user.username)
        db.session.commit()
    language = session.get("lang")
    session.clear()
    if language:
        session["lang"] = language
    flash(_("You have signed out."))
    return redirect(url_for("staff.sign_in"))


def init_app(app: Flask) -> None:
    app.before_request(guard_staff_pages)
    app.register_blueprint(bp)

    @app.context_processor
    def _staff_context() -> dict:
        return {"staff_user": g.get("staff_user")}
