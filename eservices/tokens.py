"""Tokens for links that must not be guessed or forged: one scheme per kind, for everyone.

Two kinds cover what the platform and its modules need:

* **Secret tokens** - a random value handed out once (in an SMS link, an API
  key, a session cookie) of which only a hash is stored.  A leaked table holds
  no usable link.  ``new_secret()`` gives the token and its hash; look a row up
  by ``secret_hash(token)``.
* **Signed tokens** - a small value (a subscription id, a draft's key) signed
  with the app's secret key and a *purpose*, so a token made for one purpose
  never opens another; optionally with an age limit.  Nothing is stored.

Modules used to pick among six hand-written schemes; these two are the ones
to use.  A third helper, ``keyed_hash``, names a person or a client without
storing who they are (a phone number, an address): the same input gives the
same key, which nobody without the secret key can reverse or recompute.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Any

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer, URLSafeTimedSerializer

SECRET_BYTES = 32


class InvalidToken(ValueError):
    """A token that was tampered with, made for another purpose, or too old."""


def new_secret() -> tuple[str, str]:
    """(token, hash): give the token away, store only the hash."""
    token = secrets.token_urlsafe(SECRET_BYTES)
    return token, secret_hash(token)


def secret_hash(token: str) -> str:
    """The stored form of a secret token (SHA-256: the token itself is unguessable)."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def keyed_hash(purpose: str, *parts: str) -> str:
    """An HMAC-SHA-256 of ``parts`` for ``purpose`` with the app's secret key (hex)."""
    secret = str(current_app.config["SECRET_KEY"]).encode()
    message = "\x1f".join((purpose, *parts)).encode("utf-8", "surrogatepass")
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def _serializer(purpose: str, timed: bool) -> URLSafeSerializer:
    key = current_app.config["SECRET_KEY"]
    salt = f"eservices:{purpose}"
    return URLSafeTimedSerializer(key, salt=salt) if timed else URLSafeSerializer(key, salt=salt)


def sign(purpose: str, value: Any, *, expires: bool = False) -> str:
    """A URL-safe token carrying ``value`` (JSON-able) for ``purpose`` only.

    With ``expires=True`` the token records when it was made, and ``unsign``
    must be given ``max_age``.
    """
    return _serializer(purpose, expires).dumps(value)


def unsign(purpose: str, token: str, *, max_age: float | None = None,
           former_salts: tuple[str, ...] = ()) -> Any:
    """The value of a token made by ``sign`` for ``purpose``; ``InvalidToken`` otherwise.

    ``former_salts`` are the salts a module signed the same kind of token with
    before this scheme (untimed only): links already sent in messages keep
    working after the move, while every new token uses the purpose.
    """
    try:
        if max_age is not None:
            return _serializer(purpose, True).loads(token, max_age=max_age)
        return _serializer(purpose, False).loads(token)
    except (BadSignature, UnicodeError, ValueError) as exc:
        key = current_app.config["SECRET_KEY"]
        for salt in former_salts if max_age is None else ():
            try:
                return URLSafeSerializer(key, salt=salt).loads(token)
            except (BadSignature, UnicodeError, ValueError):
                continue
        raise InvalidToken(str(exc)) from exc
