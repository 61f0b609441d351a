"""Back office: the API keys the route-management system reports with.

Split from ``staff`` so key management is a module of its own; the pages register
on the same staff blueprint (``blueprint.py``), so endpoint names are unchanged;
the manifest (``StaffPage("api_keys", covers=...)``)
keeps them administrators-only.
"""

from __future__ import annotations

from flask import flash, g, make_response, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from eservices.toolkit import SubmitForm, audit, db

from .keys import create_api_key, revoke_api_key
from .models import ApiKey
from .settings import MODULE_ID
from .staff_forms import ApiKeyForm, T


def _key(key_id: int) -> ApiKey:
    return db.get_or_404(ApiKey, key_id)


def api_keys():
    keys = db.session.scalars(select(ApiKey).order_by(ApiKey.revoked_at.is_not(None),
                                                      ApiKey.created_at.desc())).all()
    return render_template(T + "api_keys.html", keys=keys)


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


def api_key_revoke(key_id: int):
    row = _key(key_id)
    form = SubmitForm()  # revoking is one button after the question
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
