"""The back-office shell: the dashboard modules contribute to, and platform admin pages."""

from __future__ import annotations

from flask import current_app, g, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from ..db import db
from ..i18n import current_language
from .auth import bp
from .models import AuditEvent


@bp.route("/")
def dashboard():
    registry = current_app.extensions["eservices.modules"]
    language = current_language()
    sections = []
    for module in registry.enabled.values():
        pages = [
            {"title": module.text(page.title, language),
             "url": url_for(f"{module.id}_staff.{page.endpoint}")}
            for page in module.staff_pages if g.staff_user.has_any_role(page.roles)
        ]
        if pages:
            sections.append({"module": module, "name": module.text(module.name, language),
                             "pages": pages})
    if g.staff_user.has_any_role(("handlaggare",)):  # built journeys' cases (platform)
        sections.append({"module": {"id": "journey-cases"}, "name": _("Built journeys"),
                         "pages": [{"title": _("Cases from built journeys"),
                                    "url": url_for("journeys_cases.overview")}]})
    return render_template("eservices/staff/dashboard.html", sections=sections)


@bp.route("/modules")
def modules():
    registry = current_app.extensions["eservices.modules"]
    disabled = [m for mid, m in sorted(registry.installed.items()) if mid not in registry.enabled]
    return render_template("eservices/staff/modules.html", registry=registry,
                           enabled=sorted(registry.enabled.values(), key=lambda m: m.id),
                           disabled=disabled, language=current_language())


@bp.route("/audit")
def audit_log():
    subject = request.args.get("subject", "").strip()
    query = select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(200)
    if subject:
        query = query.where(AuditEvent.subject == subject)
    events = db.session.scalars(query).all()
    return render_template("eservices/staff/audit.html", events=events, subject=subject)
