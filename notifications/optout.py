"""SMS opt-out: STOPP stops every SMS to a number until it answers START.

GOV.UK Notify has no SMS opt-out; residents here can always reply to stop.
Keywords follow Twilio's defaults plus the Swedish ones; case and spacing are
forgiven ("  stopp " is STOPP).
"""

from __future__ import annotations

from eservices import clock
from eservices.db import db

from .models import OptOut

STOP_WORDS = frozenset({"STOPP", "STOP", "AVSLUTA", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END",
                        "QUIT", "SLUTA"})
START_WORDS = frozenset({"START", "UNSTOP", "YES", "BÖRJA"})


def keyword(body: str) -> str | None:
    """'stop' / ' Stopp! ' -> 'stop'; 'start' -> 'start'; anything else -> None."""
    word = "".join(ch for ch in body.strip().upper() if ch.isalnum() or ch in "ÅÄÖ")
    if word in STOP_WORDS:
        return "stop"
    if word in START_WORDS:
        return "start"
    return None


def record_opt_out(phone: str, source: str) -> None:
    _set(phone, active=True, source=source)


def record_opt_in(phone: str, source: str) -> None:
    _set(phone, active=False, source=source)


def _set(phone: str, active: bool, source: str) -> None:
    row = db.session.get(OptOut, phone)
    if row is None:
        db.session.add(OptOut(phone=phone, active=active, source=source, changed_at=clock.now()))
    else:
        row.active, row.source, row.changed_at = active, source, clock.now()


def is_opted_out(phone: str) -> bool:
    row = db.session.get(OptOut, phone)
    return row is not None and row.active


def opt_in_instructions(phone: str) -> str | None:
    """What to tell a resident signing up on the web whose number has opted out.

    No SMS can reach them (not even a verification code) until they text START
    to our number, so the sign-up page must say so instead of sending anything.
    """
    from flask import current_app
    from flask_babel import gettext as _

    if not is_opted_out(phone):
        return None
    sender = current_app.config["TWILIO_FROM"] or current_app.config["ELKS46_FROM"]
    if sender:
        return _("This number has asked us not to send text messages. To get texts from us "
                 "again, send START to %(number)s and then try again.", number=sender)
    return _("This number has asked us not to send text messages. To get texts from us "
             "again, reply START to any text from us and then try again.")
