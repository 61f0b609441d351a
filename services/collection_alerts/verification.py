"""One-time codes: nothing but the code is texted to a number until it is proven.

A code is six random digits (``secrets``), stored only as an HMAC with the app's
secret key (a leaked table does not reveal codes: a million guesses need the
key).  It expires after CODE_MINUTES, dies after CODE_ATTEMPTS tries, and is used
once.  Sending is limited per number and per client by counting this table's rows
of the last hour, so the limits hold across processes and restarts - SMS cost
money and are a favourite of SMS-pumping fraud.  A number that replied STOPP gets
nothing, not even a code; the resident is told how to opt in again.

What the resident asked for (address, texts, language) travels in the code row's
``request``: the code step reads it from there, never from the browser.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import time, timedelta
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select, update

from eservices.toolkit import SendRefused, clock, db, in_language, optout, send_sms

from .forms import default_reminder_time
from .models import Address, AlertSubscription, Subscriber, VerificationCode
from .settings import MODULE_ID as MODULE
from .settings import settings
from .unsubscribe import unsubscribe_url


class CodeRefused(Exception):
    """No code was sent; ``message`` tells the resident why and what to do."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(kind)
        self.kind = kind
        self.message = message


@dataclass
class CheckResult:
    """``outcome``: "ok", "wrong", "expired", "dead" (too many tries) or "used"."""

    outcome: str
    attempts_left: int = 0
    subscription: AlertSubscription | None = None


def _hmac(*parts: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, "\x1f".join(parts).encode(), hashlib.sha256).hexdigest()


def client_key(remote_address: str | None) -> str:
    """The client's address, hashed: counted for limits, never stored in clear."""
    return _hmac("client", remote_address or "unknown")


def _code_hash(row_id: int, phone: str, code: str) -> str:
    """Bound to the row and the number: the same digits on another row do not match."""
    return _hmac("code", str(row_id), phone, code)


def _sent_since(column: Any, value: str) -> int:
    since = clock.now() - timedelta(hours=1)
    return db.session.scalar(select(func.count(VerificationCode.id)).where(
        column == value, VerificationCode.created_at >= since)) or 0


def request_code(phone: str, request: dict[str, Any], remote_address: str | None
                 ) -> VerificationCode:
    """Create a code for ``phone`` and queue its SMS (sent when the caller commits).

    Raises ``CodeRefused`` - and sends nothing - when the number has opted out or
    a limit is reached.
    """
    instructions = optout.opt_in_instructions(phone)
    if instructions:
        raise CodeRefused("opted_out", instructions)
    if _sent_since(VerificationCode.phone, phone) >= settings().codes_per_number:
        raise CodeRefused("per_number", _(
            "We have already sent several codes to this number. Wait an hour and try again, "
            "or use the latest code we sent."))
    client = client_key(remote_address)
    if _sent_since(VerificationCode.client_key, client) >= settings().codes_per_client:
        raise CodeRefused("per_client", _(
            "You have asked for many codes in a short while. Wait an hour and try again."))
    code = f"{secrets.randbelow(10**6):06d}"
    minutes = settings().code_minutes
    now = clock.now()
    row = VerificationCode(phone=phone, code_hash="", client_key=client,
                           request=dict(request), attempts=0, created_at=now,
                           expires_at=now + timedelta(minutes=minutes))
    db.session.add(row)
    db.session.flush()
    row.code_hash = _code_hash(row.id, phone, code)
    try:  # the number is not proven yet: the platform's budgets for typed numbers apply
        send_sms(phone, template=f"{MODULE}/code", language=request.get("language", "sv"),
                 personalisation={"code": code, "minutes": minutes,
                                  "municipality": current_app.config["MUNICIPALITY_NAME"]},
                 category="verification", reference=f"code:{row.id}",
                 idempotency_key=f"code:{row.id}", module_id=MODULE)
    except SendRefused as refused:
        raise CodeRefused("platform_limit", refused.message) from refused
    return row


def _matches(row: VerificationCode, typed: str) -> bool:
    return hmac.compare_digest(row.code_hash, _code_hash(row.id, row.phone, typed))


def check_code(row: VerificationCode, typed: str) -> CheckResult:
    """Try ``typed`` against the code; on success create the subscription.

    The try is counted before comparing, with an atomic UPDATE, so parallel
    guesses cannot share one remaining attempt; claiming ``used_at`` the same way
    makes a code good for exactly one subscription.
    """
    limit = settings().code_attempts
    now = clock.now()
    if row.used_at is not None:
        return CheckResult("used")
    if row.expires_at <= now:
        return CheckResult("expired")
    counted = db.session.execute(
        update(VerificationCode)
        .where(VerificationCode.id == row.id, VerificationCode.attempts < limit,
               VerificationCode.used_at.is_(None))
        .values(attempts=VerificationCode.attempts + 1)
        .execution_options(synchronize_session=False)).rowcount
    db.session.refresh(row)
    if not counted:
        return CheckResult("used" if row.used_at is not None else "dead")
    if not _matches(row, typed):
        left = max(limit - row.attempts, 0)
        return CheckResult("wrong" if left else "dead", attempts_left=left)
    claimed = db.session.execute(
        update(VerificationCode)
        .where(VerificationCode.id == row.id, VerificationCode.used_at.is_(None))
        .values(used_at=now).execution_options(synchronize_session=False)).rowcount
    if not claimed:
        return CheckResult("used")
    db.session.refresh(row)
    return CheckResult("ok", subscription=subscribe(row))


def subscribe(row: VerificationCode) -> AlertSubscription:
    """The subscription a code just proved the number for (see ``subscribe_number``)."""
    return subscribe_number(row.phone, row.request, welcome_key=f"welcome:{row.id}")


def subscribe_number(phone: str, wanted: dict[str, Any], welcome_key: str
                     ) -> AlertSubscription:
    """The proven number's subscription for the address, created or updated; welcome SMS.

    One number, one subscription per address: signing up again for the same
    address changes the choices (and starts a stopped subscription again).
    The number is proven by a code, or by the e-ID sign-in it is tied to;
    ``welcome_key`` makes the welcome text go once per proof.
    """
    language = wanted.get("language", "sv")
    subscriber = db.session.scalar(select(Subscriber).where(Subscriber.phone == phone))
    if subscriber is None:
        subscriber = Subscriber(phone=phone)
        db.session.add(subscriber)
    subscriber.language = language
    subscriber.verified_at = clock.now()
    db.session.flush()
    address = db.session.get(Address, int(wanted["address_id"]))
    if address is None:
        raise LookupError("the address has been removed")
    subscription = db.session.scalar(select(AlertSubscription).where(
        AlertSubscription.subscriber_id == subscriber.id,
        AlertSubscription.address_id == address.id))
    if subscription is None:
        subscription = AlertSubscription(subscriber=subscriber, address_id=address.id,
                                         created_at=clock.now())
        db.session.add(subscription)
    evening = wanted.get("reminder_time")
    subscription.evening_reminder = bool(evening)
    hour, minute = (int(part) for part in (evening or default_reminder_time()).split(":"))
    subscription.reminder_time = time(hour, minute)
    subscription.approach_minutes = wanted.get("approach_minutes")
    subscription.active, subscription.ended_at = True, None
    db.session.flush()
    send_sms(phone, template=f"{MODULE}/welcome", language=language,
             personalisation={"address": address.label,
                              "alerts": alerts_text(subscription, language),
                              "unsubscribe_url": unsubscribe_url(subscription),
                              "municipality": current_app.config["MUNICIPALITY_NAME"]},
             category="verification", reference=f"subscription:{subscription.id}",
             idempotency_key=welcome_key, module_id=MODULE,
             verified=True)  # proven just now: a code typed, or the resident's e-ID
    return subscription


def alerts_text(subscription: AlertSubscription, language: str) -> str:
    """What the number will get, in words for the welcome SMS, in the subscriber's language."""
    at = subscription.reminder_time.strftime("%H:%M")
    with in_language(MODULE, language) as t:
        parts = [t.gettext("the evening before at %(time)s", time=at)
                 ] if subscription.evening_reminder else []
        if subscription.approach_minutes:
            parts.append(t.gettext("about %(minutes)s min before the truck arrives",
                                   minutes=subscription.approach_minutes))
        return t.gettext(" and ").join(parts)
