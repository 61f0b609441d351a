"""Who is supporting, commenting or reporting: keys that name a person, never their data.

A support or a comment needs a person behind it, proved one of two ways until
e-ID (issue #16) exists: a platform staff session on this browser, or a
one-time code sent to a Swedish mobile number (``codes.py``).  Either way the
module keeps only a keyed HMAC of who it was (``"staff:" + username`` or the
normalised number), so the tables hold no phone numbers, and the same person
always gives the same key (one support per person holds in the database's
unique index).  A verified number is remembered in the browser's signed
session for ``VERIFIED_HOURS``; the number itself is not kept there either.

Reports need no proof: the reporter is the verified person if there is one,
else the client (``tk.limits.client_key``), hashed the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import session

from eservices import toolkit as tk

#: How long a proved number lets the browser support and comment without a new code.
VERIFIED_HOURS = 2
SESSION_KEY = "ideas_verified"


@dataclass(frozen=True)
class Person:
    """A proved person: ``kind`` "staff" or "phone", ``key`` their keyed hash."""

    kind: str
    key: str


def person_key(*parts: str) -> str:
    return tk.tokens.keyed_hash("ideas", *parts)


def staff_key(username: str) -> str:
    return person_key("staff:" + username)


def phone_key(normalised_phone: str) -> str:
    return person_key("phone:" + normalised_phone)


def remember_phone_key(key: str) -> Person:
    """A number is proved: remember its key (not the number) in the browser's session."""
    session[SESSION_KEY] = {"key": key, "at": tk.clock.now().timestamp()}
    return Person("phone", key)


def current_person() -> Person | None:
    """The staff member signed in here, else a number proved lately, else None."""
    staff = tk.signed_in_staff()
    if staff is not None:
        return Person("staff", staff_key(staff.username))
    remembered = session.get(SESSION_KEY)
    if not isinstance(remembered, dict):
        return None
    age = tk.clock.now().timestamp() - float(remembered.get("at", 0))
    if not 0 <= age <= VERIFIED_HOURS * 3600 or not isinstance(remembered.get("key"), str):
        session.pop(SESSION_KEY, None)
        return None
    return Person("phone", remembered["key"])


def reporter_key() -> str:
    """Who reports: the proved person if any, else this client (a keyed hash either way)."""
    person = current_person()
    if person is not None:
        return person.key
    return person_key("client:" + tk.limits.client_key())
