"""One-time codes by SMS that prove a resident holds a Swedish mobile number.

Why not collection_alerts' codes: theirs live in that module's own table and
end in a subscription for an address; a module may not import another, and
lifting them into the platform would need a platform table and migration, so
this module keeps a small one of its own, built on the platform's pieces only:

- the code is six random digits, kept only as a keyed HMAC bound to a random
  nonce and the number's key, in the browser's signed session (no table, and
  the number is never stored - it is needed only to send the SMS);
- codes per number and per client per hour, and tries per code and per
  client, are ``tk.limits`` budgets, counted in the database so they hold
  across processes and against a browser that replays an old session cookie;
- the SMS goes through ``tk.send_sms`` as to an unproved number, so the
  platform's budgets against SMS pumping apply too, and a number that replied
  STOPP gets nothing but the way to opt in again;
- a code is used once: its nonce is spent in a budget of one.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass

from flask import current_app, session
from flask_babel import gettext as _

from eservices import toolkit as tk

from . import settings
from .meta import MODULE_ID
from .people import Person, person_key, phone_key, remember_phone_key

CODE_MINUTES = 10
CODE_ATTEMPTS = 5
SESSION_KEY = "ideas_code"
GUESSES_PER_CLIENT = tk.Budget("ideas-code-guesses-per-client", 20, 3600)


class CodeRefused(Exception):
    """No code was sent; ``message`` tells the resident why and what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Checked:
    """``outcome``: "ok", "wrong", "expired", "dead" (no tries left), "missing" or "used"."""

    outcome: str
    person: Person | None = None


def _code_hash(nonce: str, key: str, code: str) -> str:
    return person_key("code", nonce, key, code)


def _budgets() -> tuple[tk.Budget, tk.Budget]:
    return (tk.Budget("ideas-codes-per-number", settings.codes_per_number(), 3600),
            tk.Budget("ideas-codes-per-client", settings.codes_per_client(), 3600))


def request_code(phone: str, language: str) -> None:
    """Queue a code to ``phone`` (normalised) and remember it in the session.

    Raises ``CodeRefused`` when the number opted out or a limit is reached;
    the caller commits either way, so refused attempts count too.
    """
    instructions = tk.optout.opt_in_instructions(phone)
    if instructions:
        raise CodeRefused(instructions)
    per_number, per_client = _budgets()
    if not tk.limits.hit(per_number, phone).allowed:
        raise CodeRefused(_("We have already sent several codes to this number. Wait an hour "
                            "and try again, or use the latest code we sent."))
    if not tk.limits.hit(per_client, tk.limits.client_key()).allowed:
        raise CodeRefused(_("You have asked for many codes in a short while. "
                            "Wait an hour and try again."))
    code, nonce = f"{secrets.randbelow(10**6):06d}", secrets.token_urlsafe(16)
    key = phone_key(phone)
    try:
        tk.send_sms(phone, template=f"{MODULE_ID}/code", language=language,
                    personalisation={"code": code, "minutes": CODE_MINUTES,
                                     "municipality": current_app.config["MUNICIPALITY_NAME"]},
                    category="verification", reference=f"code:{nonce}",
                    idempotency_key=f"ideas-code:{nonce}", module_id=MODULE_ID,
                    verified=False)
    except tk.SendRefused as refused:
        raise CodeRefused(refused.message) from refused
    session[SESSION_KEY] = {
        "nonce": nonce, "key": key, "hash": _code_hash(nonce, key, code),
        "phone": tk.mask_phone(phone),
        "expires": tk.clock.now().timestamp() + CODE_MINUTES * 60}


def pending_masked_phone() -> str | None:
    """The masked number the last code went to (for "we sent a code to 070-…"), if any."""
    pending = session.get(SESSION_KEY)
    return pending.get("phone") if isinstance(pending, dict) else None


def check_code(typed: str) -> Checked:
    """Try ``typed`` against the code in the session; the caller commits the counts."""
    pending = session.get(SESSION_KEY)
    if not isinstance(pending, dict) or not all(
            isinstance(pending.get(k), str) for k in ("nonce", "key", "hash")):
        return Checked("missing")
    nonce, key = pending["nonce"], pending["key"]
    if float(pending.get("expires", 0)) < tk.clock.now().timestamp():
        return Checked("expired")
    tries = tk.Budget("ideas-code-tries", CODE_ATTEMPTS, CODE_MINUTES * 60 * 3)
    if not tk.limits.hit(tries, nonce).allowed or not tk.limits.hit(
            GUESSES_PER_CLIENT, tk.limits.client_key()).allowed:
        return Checked("dead")
    if not hmac.compare_digest(pending["hash"], _code_hash(nonce, key, typed.strip())):
        return Checked("wrong")
    spent = tk.Budget("ideas-code-spent", 1, CODE_MINUTES * 60 * 3)
    if not tk.limits.hit(spent, nonce).allowed:
        return Checked("used")
    session.pop(SESSION_KEY, None)
    return Checked("ok", remember_phone_key(key))
