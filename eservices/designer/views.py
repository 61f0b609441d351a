"""Designer pages: lifecycle, feedback, prototype passwords; the feedback widget's endpoint.

Handlers only: ``blueprint.py`` maps the URLs to them.
"""

from __future__ import annotations

import secrets

from flask import (
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
from ..guards import guard
from ..i18n import current_language, safe_next
from ..staff import audit
from . import lifecycle
from .forms import STAGE_LABELS, AccessForm, FeedbackForm, NewPasswordForm, StageForm
from .models import PageFeedback, PrototypePassword, StageChange

FEEDBACK_STAGES = ("prototype", "pilot")
FEEDBACK_PREFIX = "feedback"


def _registry():
    return current_app.extensions["eservices.modules"]


def modules():
    registry = _registry()
    counts = dict(db.session.execute(select(PageFeedback.module_id, func.count())
                                     .group_by(PageFeedback.module_id)).all())
    rows = [{"module": m, "name": m.text(m.name, current_language()),
             "stage": registry.stage(m), "feedback": counts.get(m.id, 0)}
            for _, m in sorted({**registry.installed, **registry.built_modules()}.items())]
    return render_template("eservices/designer/modules.html", rows=rows, labels=STAGE_LABELS)


def module(module_id: str):
    registry = _registry()
    found = registry.find(module_id)
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


@guard(30, 3600)
def feedback():
    form = FeedbackForm(prefix=FEEDBACK_PREFIX)
    registry = _registry()
    module = registry.find(form.module_id.data or "", enabled_only=True)
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


@guard(10, 60, methods=("POST",))
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
