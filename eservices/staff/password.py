"""Staff change their own password; every other browser signed in as them is signed out.

Someone who suspects their password is known changes it here, and that must
also shut out whoever may already be signed in with it.  The current password is
asked for (a borrowed, unlocked computer must not be enough) and wrong guesses
count against the same per-client budget as sign-in failures.
"""

from __future__ import annotations

from flask import flash, g, redirect, render_template, url_for
from flask_babel import gettext as _

from ..db import db
from ..limits import client_key, retry_text
from . import accounts, audit, throttle
from .auth import bp
from .forms import ChangePasswordForm
from .models import password_matches


@bp.route("/password", methods=["GET", "POST"])
def change_password():
    form = ChangePasswordForm()
    status = 200
    if form.validate_on_submit():
        user = g.staff_user
        wait = throttle.reserve(user.username)
        db.session.commit()  # counted before the slow check: parallel guesses see it
        if wait:
            form.current.errors = [_("Too many failed sign-ins from here. %(wait)s",
                                     wait=retry_text(wait))]
            status = 429
        elif not password_matches(user, form.current.data):
            throttle.register_failure(user.username)
            audit.record("password_change_failed", subject=user.username,
                         client=client_key())
            db.session.commit()
            form.current.errors = [_("The current password is wrong.")]
            status = 400
        else:
            throttle.register_success(user.username)
            ended = accounts.change_password(user, form.new.data, keep=g.staff_session)
            db.session.commit()
            flash(_("Your password has been changed, and you have been signed out "
                    "everywhere else.") if ended else _("Your password has been changed."))
            return redirect(url_for("staff.dashboard"))
    elif form.errors:
        status = 400
    for field in (form.current, form.new, form.repeat):
        field.data = ""  # never send a password back in the page
    return render_template("eservices/staff/password.html", form=form,
                           min_length=accounts.MIN_PASSWORD_LENGTH), status
