"""Provider webhooks: delivery receipts and inbound SMS (replies, STOPP, START).

Twilio's requests are checked with the SDK's RequestValidator against the URL
Twilio really called (the public address when the app sits behind a proxy); an
unsigned or forged request gets 403.  46elks does not sign its requests, so its
URLs carry an HMAC token only this app can compute.
"""

from __future__ import annotations

import hmac
import logging
from xml.sax.saxutils import escape

from flask import Blueprint, Response, abort, current_app, request
from twilio.request_validator import RequestValidator

from eservices import clock
from eservices.db import db, upsert_insert
from eservices.extensions import csrf
from eservices.forms.validators import InvalidValue, normalise_mobile
from eservices.privacy import mask_phone

from . import statuses
from .delivery import set_status
from .models import InboundMessage, Notification
from .optout import keyword, record_opt_in, record_opt_out
from .providers import webhook_token
from .templates import render

bp = Blueprint("notification_webhooks", __name__, url_prefix="/notifications/webhooks")
csrf.exempt(bp)
log = logging.getLogger(__name__)


def _twilio_signature_ok() -> bool:
    token = current_app.config["TWILIO_AUTH_TOKEN"]
    signature = request.headers.get("X-Twilio-Signature", "")
    if not token or not signature:
        return False
    validator = RequestValidator(token)
    candidates = [request.url]
    public = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    if public:
        candidates.append(public + request.full_path.rstrip("?"))
    return any(validator.validate(url, request.form, signature) for url in candidates)


def _apply_receipt(notification_id: str, status: str, detail: str, provider_id: str) -> None:
    notification = db.session.get(Notification, notification_id)
    if notification is None:
        return
    if set_status(notification, status, detail) and not notification.provider_id:
        # A receipt that beat the recording (a crash mid-hand-over) names the message.
        notification.provider_id = provider_id[:64]
    db.session.commit()


@bp.post("/twilio/status/<notification_id>")
def twilio_status(notification_id: str):
    if not _twilio_signature_ok():
        abort(403)
    twilio_status = request.form.get("MessageStatus", "")
    status = statuses.TWILIO_STATUS.get(twilio_status)
    if status is None:
        abort(400)
    error = request.form.get("ErrorCode", "")
    _apply_receipt(notification_id, status, f"Twilio: {twilio_status}"
                   + (f" (error {error})" if error else ""), request.form.get("MessageSid", ""))
    return Response(status=204)


def _inbound(provider: str, sender_raw: str, recipient: str, body: str,
             provider_id: str) -> str | None:
    """Store an inbound SMS, act on STOPP/START; return the reply to send, if any.

    A message the provider already delivered (same provider id: a retry or a replayed
    request) is neither stored nor acted on again, and gets no second reply.
    """
    try:
        sender = normalise_mobile(sender_raw, allow_foreign=True)
    except InvalidValue:
        sender = sender_raw[:32]
    action = keyword(body) or ""
    stored = db.session.execute(
        upsert_insert(InboundMessage).values(
            provider=provider, provider_id=provider_id[:64], sender=sender,
            recipient=recipient[:32], body=body, action=action, received_at=clock.now())
        .on_conflict_do_nothing(index_elements=["provider", "provider_id"],
                                index_where=InboundMessage.provider_id != "")
        .returning(InboundMessage.id)).scalar()
    if stored is None:
        db.session.commit()
        log.info("inbound SMS %s via %s seen before; ignored", provider_id, provider)
        return None
    reply = None
    municipality = current_app.config["MUNICIPALITY_NAME"]
    if action == "stop":
        record_opt_out(sender, f"{provider}:inbound")
        reply = render("platform/opt_out_confirmation", "sms", "sv",
                       {"municipality": municipality}).body
    elif action == "start":
        record_opt_in(sender, f"{provider}:inbound")
        reply = render("platform/opt_in_confirmation", "sms", "sv",
                       {"municipality": municipality}).body
    db.session.commit()
    log.info("inbound SMS from %s via %s: %s", mask_phone(sender), provider, action or "reply")
    return reply


@bp.post("/twilio/inbound")
def twilio_inbound():
    if not _twilio_signature_ok():
        abort(403)
    reply = _inbound("twilio", request.form.get("From", ""), request.form.get("To", ""),
                     request.form.get("Body", ""), request.form.get("MessageSid", ""))
    twiml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response>"
    if reply:
        twiml += f"<Message>{escape(reply)}</Message>"
    return Response(twiml + "</Response>", mimetype="application/xml")


def _check_token(given: str, purpose: str) -> None:
    # As bytes: compare_digest refuses str with non-ASCII characters (a TypeError, a 500).
    if not hmac.compare_digest(given.encode(), webhook_token(purpose).encode()):
        abort(403)


@bp.post("/46elks/status/<notification_id>/<token>")
def elks46_status(notification_id: str, token: str):
    from .providers.elks46 import parse_delivery_report

    _check_token(token, f"46elks-status:{notification_id}")
    try:
        provider_id, status = parse_delivery_report(request.form)
    except ValueError:
        abort(400)  # not a report 46elks would send: nothing to record
    _apply_receipt(notification_id, status, f"46elks: {status}", provider_id)
    return Response(status=204)


@bp.post("/46elks/inbound/<token>")
def elks46_inbound(token: str):
    from .providers.elks46 import parse_inbound

    _check_token(token, "46elks-inbound")
    try:
        sender, recipient, body = parse_inbound(request.form)
    except ValueError:
        abort(400)
    reply = _inbound("46elks", sender, recipient, body, request.form.get("id", ""))
    # 46elks sends a non-empty plain-text answer back to the sender as an SMS.
    return Response(reply or "", mimetype="text/plain")
