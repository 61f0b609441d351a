"""Staff sign-in and the guard in front of every page under /staff.

The guard works on the URL path, not on a decorator each view must remember:
whatever a module registers under /staff is refused to anonymous visitors and
to staff without the page's role.  A test walks every rule to prove it.

Who is signed in comes from a server-side session (``sessions``), not from the
cookie alone, so signing out, a password change or an idle half hour really
ends it.  Failed sign-ins slow the client that makes them (``throttle``) and
never lock the account, and every refusal reads the same whether or not the
username exists.
"""

from __future__ import annotations

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

from .. import clock
from ..db import db
from ..guards import guard
from ..i18n import safe_next
from ..limits import client_key, retry_text
from . import audit, sessions, throttle
from .forms import SignInForm
from .models import StaffUser, password_matches

bp = Blueprint("staff", __name__, url_prefix="/staff")

OPEN_ENDPOINTS = {"staff.sign_in", "staff.sign_out"}
ALL_STAFF = ("handlaggare", "tjanstedesigner", "idecoach", "administrator")
PLATFORM_ROLES = {
    "staff.dashboard": ALL_STAFF,
    "staff.change_password": ALL_STAFF,
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
    """The user of the server-side session the cookie names, if it is still open."""
    found = sessions.lookup(session.get(sessions.COOKIE_KEY))
    g.staff_session = found.session
    if found.user is None and sessions.COOKIE_KEY in session:
        session.pop(sessions.COOKIE_KEY)
        if found.idle:
            flash(_("You were signed out after %(minutes)d minutes without activity.",
                    minutes=current_app.config["STAFF_IDLE_MINUTES"]))
    return found.user


def guard_staff_pages():
    """Runs before every request: protects the whole /staff tree."""
    g.staff_user = g.staff_session = None
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
@guard(20, 60, methods=("POST",))
def sign_in():
    """Sign in; every refusal looks the same whether or not the username exists."""
    form = SignInForm()
    error, status = None, 200
    if form.validate_on_submit():
        username = form.username.data.strip()
        wait = throttle.reserve(username)
        db.session.commit()  # counted before the slow check: parallel guesses see it
        if wait:
            error, status = _("Too many failed sign-ins from here. %(wait)s",
                              wait=retry_text(wait)), 429
        else:
            user = db.session.scalar(select(StaffUser).where(StaffUser.username == username))
            if password_matches(user, form.password.data) and user is not None and user.active:
                return _signed_in(user, username)
            throttle.register_failure(username)
            # Never the password, and no unknown username: people type passwords there.
            audit.record("sign_in_failed", subject=user.username if user else "",
                         client=client_key(), reason=_failure_reason(user))
            db.session.commit()
            error, status = _("The username or password is wrong."), 400
        form.password.errors = [error]
    form.password.data = ""  # never send the typed password back in the page
    return render_template("eservices/staff/sign_in.html", form=form), status


def _failure_reason(user: StaffUser | None) -> str:
    if user is None:
        return "unknown_user"
    return "wrong_password" if user.active else "inactive_user"


def _signed_in(user: StaffUser, username: str):
    throttle.register_success(username)
    user.last_login_at = clock.now()
    language = session.get("lang")
    session.clear()  # a fresh session on sign-in: no session fixation
    if language:
        session["lang"] = language
    session[sessions.COOKIE_KEY] = sessions.start(user)
    session.permanent = True
    g.staff_user = user
    audit.record("sign_in", subject=user.username)
    sessions.purge_expired()
    throttle.purge_expired()
    db.session.commit()
    return redirect(safe_next(request.args.get("next")) if request.args.get("next")
                    else url_for("staff.dashboard"))


@bp.route("/sign-out", methods=["POST"])
def sign_out():
    """End the server-side session: a copy of the cookie opens nothing afterwards."""
    sessions.revoke(session.get(sessions.COOKIE_KEY))
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
