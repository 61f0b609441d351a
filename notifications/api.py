"""The one call every service uses: persist the message now, send it after commit.

``send_sms``/``send_email`` add a row to the caller's open transaction and do not
commit.  If the caller rolls back, nothing is sent; once it commits, the row is
there even if the process dies a moment later (the sweeper will find it).  Only
after the commit is the message handed to the dispatcher.
"""

from __future__ import annotations

import logging
import uuid
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from flask import current_app, flash, g, has_request_context
from flask_babel import gettext as _
from sqlalchemy import event, select
from sqlalchemy import insert as sql_insert
from sqlalchemy.orm import Session

from eservices import clock
from eservices.db import db, upsert_insert
from eservices.forms.validators import InvalidValue, normalise_email, normalise_mobile
from eservices.languages import marks

from . import budgets, statuses
from .models import Notification, NotificationEvent
from .policy import parse_quiet_hours, release_time
from .segments import measure, sanitise
from .sms_text import SmsPreview as SmsPreview  # previews live there; the toolkit imports them here
from .sms_text import SmsText, SmsWriter, log_fallbacks
from .sms_text import estimated_cost as estimated_cost
from .sms_text import preview_sms as preview_sms
from .templates import render

PENDING_KEY = "notifications_pending"
BULK_ROWS = 500  # rows per multi-row INSERT: well inside SQLite's and psycopg's parameter limits
log = logging.getLogger(__name__)


class MessageTooLong(ValueError):
    """The SMS would need more segments than SMS_MAX_SEGMENTS allows."""


class InvalidRecipient(ValueError):
    pass


def _module_id(module_id: str | None, template: str | None) -> str:
    if module_id:
        return module_id
    if template and "/" in template:
        return template.split("/", 1)[0]
    module = g.get("module") if has_request_context() else None
    return module.id if module is not None else "platform"


def _existing(key: str) -> Notification | None:
    return db.session.scalar(select(Notification).where(Notification.idempotency_key == key))


def _create(channel: str, recipient: str, subject: str, body: str, *, module_id: str,
            template: str, language: str, category: str, reference: str,
            idempotency_key: str | None, verified: bool | None,
            fallback: str = "") -> Notification:
    config = current_app.config
    now = clock.now()
    key = f"{module_id}:{channel}:{idempotency_key}" if idempotency_key else None
    if key is not None and (existing := _existing(key)) is not None:
        return existing
    notification = Notification(
        id=str(uuid.uuid4()), channel=channel, module_id=module_id, template=template,
        language=language, category=category, reference=reference, idempotency_key=key,
        recipient=recipient, subject=subject, body=body, status=statuses.CREATED,
        created_at=now, updated_at=now)
    if channel == "email":  # a Swedish fallback's marks are for HTML pages only
        notification.subject, notification.body = marks.strip(subject), marks.strip(body)
    if channel == "sms":
        notification.body = body = sanitise(body)
        length = measure(body)
        if length.segments > config["SMS_MAX_SEGMENTS"]:
            raise MessageTooLong(f"{length.segments} segments; at most "
                                 f"{config['SMS_MAX_SEGMENTS']} allowed")
        notification.segments, notification.encoding = length.segments, length.encoding
        # Opt-outs are checked when the message is handed over (they may change in
        # between); services that need to know now ask optout.opt_in_instructions().
        if category not in config["QUIET_HOURS_EXEMPT"]:
            notification.next_attempt_at = release_time(
                now, parse_quiet_hours(config["QUIET_HOURS"]))
    refused = _refusal(channel, recipient, category, reference, verified)
    if refused:
        notification.status, notification.error_code = statuses.REFUSED, "unverified-budget"
        notification.error_message, notification.next_attempt_at = refused[:300], None
    if key is None:
        db.session.add(notification)
    else:
        stored = _insert_once(notification)
        if stored.id != notification.id:
            return stored
        notification = stored
    if fallback:  # why the text is Swedish, on the message's timeline
        db.session.add(NotificationEvent(notification_id=notification.id, at=now,
                                         status=notification.status, detail=fallback))
    if notification.next_attempt_at is not None:
        # The timeline starts at created_at; only a hold and a fallback need their own entry.
        db.session.add(NotificationEvent(notification_id=notification.id, at=now,
                                         status=notification.status,
                                         detail="held for quiet hours"))
    if notification.status == statuses.CREATED and notification.next_attempt_at is None:
        db.session.info.setdefault(PENDING_KEY, []).append(notification.id)
    return notification


def _refusal(channel: str, recipient: str, category: str, reference: str,
             verified: bool | None) -> str:
    """Spend the unverified-recipient budgets; why the message is refused, or "".

    A refused receipt is not an error for the resident: their case is saved
    all the same, the message is recorded as refused (staff see it) and the
    page tells them it was not sent.  Any other refused message (a code, a
    link to confirm) raises, because the service cannot go on without it.
    """
    if not budgets.applies(verified):
        return ""
    try:
        budgets.spend(channel, recipient)
    except budgets.SendRefused as refusal:
        if category != "receipt":
            raise
        if has_request_context():
            received = (_("Everything you sent us has been received. Your reference number "
                          "is %(reference)s.", reference=reference) if reference
                        else _("Everything you sent us has been received."))
            flash(f"{refusal.message} {received}", "warning")
        return refusal.message
    return ""


def _insert_once(notification: Notification) -> Notification:
    """INSERT … ON CONFLICT DO NOTHING on the idempotency key; the stored row either way.

    Two requests racing with the same key both succeed and get the same message,
    without a savepoint and without spoiling the caller's transaction.
    """
    values = {column.key: getattr(notification, column.key)
              for column in Notification.__table__.columns
              if getattr(notification, column.key) is not None}
    db.session.execute(upsert_insert(Notification).values(**values)
                       .on_conflict_do_nothing(index_elements=["idempotency_key"]))
    stored = _existing(notification.idempotency_key or "")
    assert stored is not None
    return stored


def send_sms(to: str, *, template: str | None = None, body: str | None = None,
             personalisation: Mapping[str, Any] | None = None, language: str = "sv",
             category: str, reference: str = "", idempotency_key: str | None = None,
             module_id: str | None = None, verified: bool | None = None,
             swedish_personalisation: Mapping[str, Any] | None = None) -> Notification:
    """Queue an SMS from a template (``"<module>/<name>"``) or a ready ``body``.

    ``verified``: whether the number comes from a register or a proven code.  Left
    out, a message sent while serving a resident counts as going to a number
    the resident typed, and the budgets of ``notifications.budgets`` apply.

    A template's text in ``language`` that needs more than ``SMS_MAX_SEGMENTS`` is
    sent from its Swedish table if that fits (``sms_text``; the message's
    ``language`` is then ``"sv"`` and its timeline says why), with
    ``swedish_personalisation`` laid over ``personalisation`` (the values Swedish
    writes differently: a date, the waste types).  Too long in Swedish as well, or
    a ``body`` too long, raises ``MessageTooLong``.
    """
    try:
        recipient = normalise_mobile(to, allow_foreign=True)
    except InvalidValue as exc:
        raise InvalidRecipient(f"not a mobile number ({exc.kind})") from exc
    if (template is None) == (body is None):
        raise ValueError("give either template or body")
    text, written_language, fallback = body or "", language, ""
    if template:
        maximum = current_app.config["SMS_MAX_SEGMENTS"]
        written = SmsWriter(template, maximum).write(language, personalisation or {},
                                                     swedish_personalisation)
        text, written_language = written.body, written.language
        if written.fell_back:
            fallback = written.event_detail(maximum)
            log_fallbacks(template, [written])
    return _create("sms", recipient, "", text, module_id=_module_id(module_id, template),
                   template=template or "", language=written_language, category=category,
                   reference=reference, idempotency_key=idempotency_key, verified=verified,
                   fallback=fallback)


@dataclass(frozen=True)
class Sms:
    """One message of a ``send_sms_many`` batch: what differs between recipients.

    ``swedish_personalisation``: the values Swedish writes differently (a date, the
    names of waste types), used if the message falls back to Swedish (``send_sms``).
    """

    to: str
    personalisation: Mapping[str, Any]
    language: str = "sv"
    reference: str = ""
    idempotency_key: str | None = None
    swedish_personalisation: Mapping[str, Any] | None = None


def send_sms_many(messages: Sequence[Sms], *, template: str, category: str,
                  module_id: str | None = None) -> list[str]:
    """Queue many SMS from one template in a few statements; their ids, in order.

    The same as ``send_sms`` for each message - rendered, measured, in Swedish when
    its own language's text is too long and the Swedish fits, held for quiet
    hours, idempotent on its key (a key already stored gives the stored message's
    id and sends nothing new), written in the caller's transaction and dispatched
    after commit - but one multi-row ``INSERT … ON CONFLICT DO NOTHING RETURNING``
    per few hundred messages instead of three statements each: an evening's
    35,000 reminders must be queued in a minute.

    One message that cannot be sent never stops the others: a recipient that is no
    mobile number (``error_code`` ``invalid-recipient``) or a text too long in its
    language and in Swedish (``too-long``) is stored as ``refused`` - with its id in
    the answer, never handed over, shown to staff - and the rest are queued.  A
    template or personalisation that does not fit (``TemplateError``,
    ``MissingPersonalisation``) is the caller's mistake, the same for every
    message: it raises before anything is written.
    """
    if not messages:
        return []
    config = current_app.config
    now = clock.now()
    module = _module_id(module_id, template)
    hold = None
    if category not in config["QUIET_HOURS_EXEMPT"]:
        hold = release_time(now, parse_quiet_hours(config["QUIET_HOURS"]))
    writer = SmsWriter(template, config["SMS_MAX_SEGMENTS"])
    rows = []
    fallbacks: dict[str, SmsText] = {}  # row id -> a text written in Swedish instead
    for message in messages:
        text = writer.write(message.language, message.personalisation,
                            message.swedish_personalisation)
        error_code = error_message = ""
        try:
            recipient = normalise_mobile(message.to, allow_foreign=True)
        except InvalidValue as exc:
            recipient = str(message.to)[:320]
            error_code, error_message = "invalid-recipient", f"not a mobile number ({exc.kind})"
        if not error_code and writer.too_long(text):
            error_code, error_message = "too-long", writer.refusal(text)
        key = (f"{module}:sms:{message.idempotency_key}" if message.idempotency_key
               else None)
        row_id = str(uuid.uuid4())
        if text.fell_back and not error_code:
            fallbacks[row_id] = text
        rows.append({
            "id": row_id, "channel": "sms", "module_id": module,
            "template": template, "language": text.language, "category": category,
            "reference": message.reference, "idempotency_key": key, "recipient": recipient,
            "subject": "", "body": text.body, "segments": text.length.segments,
            "encoding": text.length.encoding,
            "status": statuses.REFUSED if error_code else statuses.CREATED,
            "error_code": error_code, "error_message": error_message,
            "next_attempt_at": None if error_code else hold,
            "created_at": now, "updated_at": now})
    statement = (upsert_insert(Notification)
                 .on_conflict_do_nothing(index_elements=["idempotency_key"])
                 .returning(Notification.id))
    inserted: set[str] = set()
    for first in range(0, len(rows), BULK_ROWS):
        inserted.update(db.session.scalars(statement, rows[first:first + BULK_ROWS]))
    ids = [row["id"] for row in rows]
    missing = [row["idempotency_key"] for row in rows if row["id"] not in inserted]
    if missing:
        stored: dict[str, str] = {}
        for first in range(0, len(missing), BULK_ROWS):
            stored.update((key, id) for id, key in db.session.execute(
                select(Notification.id, Notification.idempotency_key)
                .where(Notification.idempotency_key.in_(missing[first:first + BULK_ROWS]))))
        ids = [row["id"] if row["id"] in inserted else stored[row["idempotency_key"]]
               for row in rows]
    new = [row["id"] for row in rows if row["id"] in inserted and not row["error_code"]]
    events = [{"notification_id": id, "at": now, "status": statuses.CREATED,
               "detail": fallbacks[id].event_detail(writer.maximum)}
              for id in new if id in fallbacks]
    if hold is not None:
        events += [{"notification_id": id, "at": now, "status": statuses.CREATED,
                    "detail": "held for quiet hours"} for id in new]
    elif new:
        db.session.info.setdefault(PENDING_KEY, []).extend(new)
    if events:
        db.session.execute(sql_insert(NotificationEvent), events)
    log_fallbacks(template, [fallbacks[id] for id in new if id in fallbacks])
    refused = Counter(row["error_code"] for row in rows
                      if row["error_code"] and row["id"] in inserted)
    for code, count in sorted(refused.items()):
        log.warning("SMS %s: %d message(s) refused (%s); the rest of the batch is queued",
                    template, count, code)
    return ids


def send_email(to: str, *, template: str | None = None, subject: str | None = None,
               body: str | None = None, personalisation: Mapping[str, Any] | None = None,
               language: str = "sv", category: str, reference: str = "",
               idempotency_key: str | None = None, module_id: str | None = None,
               verified: bool | None = None) -> Notification:
    """Queue an e-mail from a template or a ready ``subject`` and ``body`` (a journey
    built in the browser writes its own texts); ``verified`` as for ``send_sms``."""
    try:
        recipient = normalise_email(to)
    except InvalidValue as exc:
        raise InvalidRecipient("not an e-mail address") from exc
    if (template is None) == (body is None):
        raise ValueError("give either template or subject and body")
    if template is not None:
        rendered = render(template, "email", language, personalisation or {})
        subject, body = rendered.subject, rendered.body
    return _create("email", recipient, subject or "", body or "",
                   module_id=_module_id(module_id, template), template=template or "",
                   language=language, category=category, reference=reference,
                   idempotency_key=idempotency_key, verified=verified)


@event.listens_for(Session, "after_commit")
def _dispatch_after_commit(session: Session) -> None:
    pending = session.info.pop(PENDING_KEY, None)
    if pending:
        current_app.extensions["notifications.dispatcher"].enqueue(pending)


@event.listens_for(Session, "after_rollback")
def _forget_after_rollback(session: Session) -> None:
    session.info.pop(PENDING_KEY, None)
