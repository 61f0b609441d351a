"""The resident's sign-in pages: choose a provider, the demo provider, sign out.

The OpenID Connect round trip itself (start and callback) is in ``oidc_views``.
What the resident asked for travels as query parameters: ``next`` (where to
go afterwards, a path on this site) and ``level`` (the lowest level of
assurance the service needs).
"""

from __future__ import annotations

import logging
from typing import Any

from flask import abort, current_app, redirect, render_template, request, session, url_for

from ..db import db
from ..i18n import safe_next
from ..modules.personal_data import ASSURANCE_LEVELS
from . import demo, discovery, sessions
from .api import assurance_at_least, signed_in_resident
from .demo import PEOPLE_BY_NUMBER, DemoSignInForm
from .oidc import too_low_message
from .providers import DEMO, configured

logger = logging.getLogger(__name__)


def requested() -> tuple[str, str | None]:
    """(next, level) from the query, cleaned: a path on this site, a known level or None."""
    level = request.args.get("level") or None
    return safe_next(request.args.get("next")), (level if level in ASSURANCE_LEVELS else None)


def sign_in_page(errors: tuple[str, ...] = (), status: int = 200,
                 wanted: tuple[str, str | None] | None = None) -> Any:
    """The page that offers every provider (and the demo one, when on)."""
    next_url, level = wanted or requested()
    providers = configured(current_app.config)
    return render_template(
        "eservices/residents/sign_in.html", providers=providers, errors=errors,
        demo_enabled=demo.enabled(), next_url=next_url, level=level,
        resident=signed_in_resident()), status


def sign_in():
    """``/e-legitimation/``: "Logga in med e-legitimation"."""
    return sign_in_page()


def demo_sign_in():
    """The demo provider's page: pick a test person and a level (never in production)."""
    if not demo.enabled():
        abort(404)
    next_url, level = requested()
    form = DemoSignInForm()
    refused: tuple[str, ...] = ()
    if form.validate_on_submit():
        person = PEOPLE_BY_NUMBER.get(form.person.data)
        if person is not None and assurance_at_least(form.level.data, level):
            sessions.sign_in(sessions.VerifiedIdentity(
                personal_number=person.personal_number, name=person.name, provider=DEMO,
                assurance=form.level.data))
            db.session.commit()
            logger.info("resident signed in with the demo provider at %s", form.level.data)
            return redirect(next_url)
        refused = (too_low_message(level),)
    status = 400 if form.errors or refused else 200
    return render_template("eservices/residents/demo.html", form=form, refused=refused,
                           next_url=next_url, level=level), status


def sign_out():
    """End the session here, then at the provider when it offers RP-initiated logout."""
    token = session.get(sessions.COOKIE_KEY)
    found = sessions.lookup(token)
    logout_url = None
    if found.session is not None:
        logout_url = discovery.logout_url(found.session.provider,
                                          sessions.id_token(found.session))
    sessions.revoke(token)
    db.session.commit()
    session.pop(sessions.COOKIE_KEY, None)
    return redirect(logout_url or url_for("residents.signed_out"))


def signed_out():
    """Where sign-out ends, here or after the provider's own logout page."""
    return render_template("eservices/residents/signed_out.html")
