"""The OpenID Connect round trip's two pages: start (to the provider) and its callback.

Whatever goes wrong - an expired or foreign ``state``, a provider that says no
or does not answer, a token that fails a check, a level too low - the resident
sees the sign-in page again with one clear, translated sentence, never a stack
trace; the reason is logged without any token or number.
"""

from __future__ import annotations

import logging

from flask import abort, redirect, request

from ..db import db
from . import discovery, oidc, sessions
from .views import requested, sign_in_page

logger = logging.getLogger(__name__)
CANCELLED = ("access_denied", "cancel", "user_cancel", "login_required")


def _refused(refusal: oidc.SignInRefused, wanted: tuple[str, str | None] | None = None):
    logger.warning("e-ID sign-in refused: %s", refusal.reason)
    db.session.rollback()
    return sign_in_page((str(refusal.message),), refusal.status, wanted)


def start(provider: str):
    """The sign-in page's button: on to the provider's authorization endpoint.

    A link, not a form: the Content-Security-Policy's ``form-action 'self'``
    would stop a form's redirect to the provider, and starting a sign-in
    changes nothing that needs CSRF protection - the ``state`` kept in this
    browser's session is what ties the callback to it.
    """
    found = discovery.by_name(provider)
    if found is None:
        abort(404)
    next_url, level = requested()
    try:
        return redirect(oidc.begin(found, next_url, level))
    except oidc.SignInRefused as refusal:
        return _refused(refusal)


def callback(provider: str):
    """The provider sends the browser back here with ``code`` and ``state`` (or ``error``)."""
    found = discovery.by_name(provider)
    if found is None:
        abort(404)
    try:
        pending = oidc.take_pending(found, request.args.get("state"))
    except oidc.SignInRefused as refusal:
        return _refused(refusal)
    wanted = (pending.next_url, pending.level)
    error = request.args.get("error")
    if error:
        cancelled = error in CANCELLED
        return _refused(oidc.SignInRefused(
            oidc.CANCELLED if cancelled else oidc.FAILED, f"provider error {error[:40]}",
            200 if cancelled else 400), wanted)
    code = request.args.get("code")
    if not code:
        return _refused(oidc.SignInRefused(oidc.FAILED, "callback without code"), wanted)
    try:
        identity = oidc.finish(found, pending, code)
    except oidc.SignInRefused as refusal:
        return _refused(refusal, wanted)
    sessions.sign_in(identity)
    db.session.commit()
    logger.info("resident signed in with %s at %s", found.name, identity.assurance)
    return redirect(pending.next_url)
