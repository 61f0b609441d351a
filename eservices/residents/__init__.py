"""Residents signed in with Swedish e-ID (OpenID Connect), and their accounts and sessions.

``api`` is what modules use (through the toolkit), ``sessions`` the one way a
sign-in becomes a session, ``oidc`` the OpenID Connect client, ``demo`` the
test provider, ``blueprint`` the pages under ``/e-legitimation``.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, Response

from . import models  # noqa: F401  (its tables belong to the metadata)
from .api import signed_in_resident


def init_app(app: Flask) -> None:
    """Pages, the header's "Inloggad som …", and the production checks of the settings."""
    from . import discovery, providers
    from .blueprint import bp

    providers.configured(app.config)  # a wrong setting is a clear error at start
    providers.check_production(app.config)
    if app.config["ESERVICES_ENV"] == "production":
        with app.app_context():
            discovery.check_reachable(app.config)
    app.register_blueprint(bp)
    app.before_request(_look_up_resident)
    origins = provider_origins(app.config)
    if origins:
        @app.after_request
        def _allow_provider_logout(response: Response) -> Response:
            # The header's sign-out form ends in a redirect to the provider's logout;
            # browsers apply the page's form-action to a form's redirects too.
            policy = response.headers.get("Content-Security-Policy")
            if policy and "form-action 'self';" in policy:
                response.headers["Content-Security-Policy"] = policy.replace(
                    "form-action 'self';", f"form-action 'self' {' '.join(origins)};")
            return response

    # Whether residents can sign in here at all: the header then links to Mina sidor
    # (which asks for a sign-in first), so a resident can find their cases from any page.
    sign_in_offered = bool(app.config.get("EID_PROVIDERS")) or (
        bool(app.config.get("EID_DEMO_ENABLED")) and app.config["ESERVICES_ENV"] != "production")

    @app.context_processor
    def _resident_context() -> dict:
        return {"signed_in_resident": signed_in_resident,
                "resident_sign_in_offered": sign_in_offered}


def _look_up_resident() -> None:
    """Read the resident's session before the page runs: its once-a-minute "last seen"
    write commits then, never in the middle of a page's own unsaved changes."""
    from flask import request, session

    from .sessions import COOKIE_KEY

    if request.endpoint != "static" and COOKIE_KEY in session:
        signed_in_resident()


def provider_origins(config: dict) -> list[str]:
    """``scheme://host[:port]`` of every configured provider's issuer."""
    from .providers import configured

    return sorted({"{0.scheme}://{0.netloc}".format(urlsplit(p.issuer))
                   for p in configured(config)})
