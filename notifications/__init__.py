"""The shared notification layer: SMS and e-mail for every service.

    from notifications import send_sms, send_email

    send_sms(phone, template="waste_subscription/receipt", personalisation={...},
             language="sv", category="receipt", reference=case.reference)
    db.session.commit()   # the message is handed over only after this

Persisted before dispatch, dispatched after commit, retried with back-off,
receipted, with provider failover and SMS opt-out (STOPP/START).
"""

from __future__ import annotations

from flask import Flask

from .api import InvalidRecipient, MessageTooLong, send_email, send_sms
from .budgets import SendRefused
from .templates import MissingPersonalisation, TemplateError


def init_app(app: Flask) -> None:
    from eservices.config import ConfigurationError
    from eservices.privacy import mask_recipient
    from eservices.staff import auth

    from . import dispatch, staff, webhooks
    from .cli import notifications_cli
    from .providers import build_provider

    for name in app.config["SMS_PROVIDER"]:
        if name not in ("outbox", "twilio", "46elks"):
            raise ConfigurationError(f"SMS_PROVIDER: unknown provider {name!r}")
    if app.config["EMAIL_PROVIDER"] not in ("outbox", "smtp"):
        raise ConfigurationError("EMAIL_PROVIDER must be outbox or smtp")
    with app.app_context():  # a provider set-up that cannot work stops the start, not a send
        for name in {*app.config["SMS_PROVIDER"], app.config["EMAIL_PROVIDER"]}:
            try:
                build_provider(name)
            except ValueError as exc:
                raise ConfigurationError(f"{name}: {exc}") from exc
    if app.config["TASK_BACKEND"] == "celery":
        from . import celery_app

        celery_app.init_app(app)
    else:
        dispatch.init_app(app)
    app.register_blueprint(webhooks.bp)
    app.register_blueprint(staff.bp)
    auth.PLATFORM_BLUEPRINT_ROLES[staff.bp.name] = staff.ROLES
    app.cli.add_command(notifications_cli)
    app.jinja_env.filters["masked_recipient"] = mask_recipient


__all__ = ["InvalidRecipient", "MessageTooLong", "MissingPersonalisation", "SendRefused",
           "TemplateError", "init_app", "send_email", "send_sms"]
