"""Back office: the notification log, the development outbox and template previews."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, g, render_template, request
from sqlalchemy import or_, select

from eservices.db import db
from eservices.forms.validators import InvalidValue, normalise_mobile
from eservices.i18n import language_names
from eservices.languages.current import site_languages

from .api import estimated_cost
from .masking import masked
from .models import Notification
from .segments import measure
from .templates import all_templates

bp = Blueprint("notifications_staff", __name__, url_prefix="/staff/notifications",
               template_folder="templates")
ROLES = ("handlaggare", "tjanstedesigner")


@bp.route("/")
def log():
    query = request.args.get("q", "").strip()
    statement = select(Notification).order_by(Notification.created_at.desc()).limit(200)
    if query:
        try:
            phone = normalise_mobile(query, allow_foreign=True)
        except InvalidValue:
            phone = query.lower()
        statement = statement.where(or_(Notification.reference == query,
                                        Notification.recipient == phone))
    notifications = db.session.scalars(statement).all()
    return render_template("notifications/log.html", notifications=notifications, q=query)


@bp.route("/<notification_id>")
def detail(notification_id: str):
    notification = db.session.get(Notification, notification_id)
    if notification is None:
        abort(404)
    # Codes and personal links would let the reader act as the resident; only an
    # administrator (who may change any account anyway) sees them.
    hidden = "administrator" not in g.staff_user.role_set
    subject, body = masked(notification) if hidden else (notification.subject,
                                                         notification.body)
    return render_template("notifications/detail.html", notification=notification,
                           subject=subject, body=body, secrets_hidden=hidden,
                           length=measure(notification.body) if notification.channel == "sms"
                           else None)


@bp.route("/outbox")
def outbox():
    found = db.session.scalars(select(Notification).where(Notification.provider == "outbox")
                               .order_by(Notification.created_at.desc()).limit(50)).all()
    # In development the outbox is where a developer reads a code; in production a
    # message left here never reached its resident, and its link must stay unused.
    hidden = (current_app.config["ESERVICES_ENV"] == "production"
              and "administrator" not in g.staff_user.role_set)
    messages = [(m, *(masked(m) if hidden else (m.subject, m.body))) for m in found]
    return render_template("notifications/outbox.html", messages=messages,
                           enabled="outbox" in current_app.config["SMS_PROVIDER"])


@bp.route("/templates")
def templates():
    """Every template in each of the site's languages: its own text, measured in that
    language (Sámi letters make an SMS UCS-2, which costs more), or that it is sent
    in Swedish."""
    previews = []
    for template_id, data in all_templates():
        for language in site_languages().codes:
            texts = data.get(language) or {}
            if not isinstance(texts, dict) or not ({"sms", "email"} & texts.keys()):
                previews.append({"id": template_id, "language": language,
                                 "channel": "fallback"})
                continue
            if "sms" in texts:
                length = measure(texts["sms"])
                previews.append({"id": template_id, "language": language, "channel": "sms",
                                 "body": texts["sms"], "length": length,
                                 "cost": estimated_cost(length.segments)})
            if "email" in texts:
                previews.append({"id": template_id, "language": language, "channel": "email",
                                 "subject": texts.get("subject", ""), "body": texts["email"]})
    return render_template("notifications/templates.html", previews=previews,
                           max_segments=current_app.config["SMS_MAX_SEGMENTS"],
                           language_names=language_names())
