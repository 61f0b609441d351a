"""Encryption at rest for what a resident session must keep in clear: the personal number.

The number is needed while the resident is signed in (a service looks them up in
its register by it), so it cannot be a hash like the account's key.  It is
sealed with AES-256-GCM under a key derived from ``SECRET_KEY`` by HKDF, with
the purpose as associated data, so a copy of the database (a backup, a dump
for a bug report) reveals no number, and a value sealed for one purpose never
opens as another.  Changing ``SECRET_KEY`` makes old values unreadable: the
sessions holding them simply end.
"""

from __future__ import annotations

import base64
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app

NONCE_BYTES = 12


class Unreadable(ValueError):
    """Sealed with another key (SECRET_KEY changed), for another purpose, or tampered with."""


def _key(purpose: str) -> bytes:
    secret = str(current_app.config["SECRET_KEY"]).encode()
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"eservices:residents",
                info=purpose.encode()).derive(secret)


def seal(purpose: str, text: str) -> str:
    """``text`` encrypted for ``purpose``: URL-safe base64 of nonce and ciphertext."""
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(_key(purpose)).encrypt(nonce, text.encode(), purpose.encode())
    return base64.urlsafe_b64encode(nonce + sealed).decode()


def unseal(purpose: str, value: str) -> str:
    """The text ``seal(purpose, ...)`` gave ``value`` for; ``Unreadable`` otherwise."""
    try:
        raw = base64.urlsafe_b64decode(value.encode())
        opened = AESGCM(_key(purpose)).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:],
                                               purpose.encode())
    except (InvalidTag, ValueError) as exc:
        raise Unreadable(purpose) from exc
    return opened.decode()
