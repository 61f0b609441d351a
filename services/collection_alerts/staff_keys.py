"""Back office: the API keys the route-management system reports with.

Split from ``staff`` so key management is a module of its own; the pages register
on the same ``staff_bp`` (imported at the end of ``staff``), so blueprint and
endpoint names are unchanged and ``staff``'s guard keeps them administrators-only.
"""

from __future__ import annotations

from flask import flash, g, make_response, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from eservices.db import db
from eservices.staff import audit

from .keys import create_api_key, revoke_api_key
from .models import ApiKey
from .staff import MODULE_ID, T, staff_bp
from .staff_forms import ApiKeyForm, RevokeForm


def _key(key_id: int) -> ApiKey:
    return db.get_or_404(ApiKey, key_id)


@staff_bp.route("/api-keys")
def api_keys():
    keys = db.session.scalars(select(ApiKey).order_by(ApiKey.revoked_at.is_not(None),
                                                      ApiKey.created_at.desc())).all()
    return render_template(T + "api_keys.html", keys=keys)


@staff_bp.route("/api-keys/new", methods=["GET", "POST"])
def api_key_new():
    form = ApiKeyForm()
    if not form.validate_on_submit():
        return render_template(T + "api_key_new.html", form=form)
    row, key = create_api_key(form.name.data, g.staff_user.username)
    db.session.flush()
    audit.record("api_key_created", subject=row.prefix, module_id=MODULE_ID, name=row.name)
    db.session.commit()
    # Shown this once and never stored: the page must not be kept by a cache either.
    response = make_response(render_template(T + "api_key_created.html", row=row, key=key))
    response.headers["Cache-Control"] = "no-store"
    return response


@staff_bp.route("/api-keys/<int:key_id>/revoke", methods=["GET", "POST"])
def api_key_revoke(key_id: int):
    row = _key(key_id)
    form = RevokeForm()
    if row.revoked_at is not None:
        flash(_("The key %(name)s is already revoked.", name=row.name), "warning")
        return redirect(url_for(".api_keys"), 303)
    if not form.validate_on_submit():
        return render_template(T + "api_key_revoke.html", row=row, revoke_form=form)
    revoke_api_key(row)
    audit.record("api_key_revoked", subject=row.prefix, module_id=MODULE_ID, name=row.name)
    db.session.commit()
    flash(_("The key %(name)s is revoked. The route-management system can no longer use it.",
            name=row.name))
    return redirect(url_for(".api_keys"), 303)
