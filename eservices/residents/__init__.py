"""Residents signed in with Swedish e-ID (OpenID Connect), and their accounts and sessions.

``api`` is what modules use (through the toolkit), ``sessions`` the one way a
sign-in becomes a session, ``oidc`` the OpenID Connect client, ``demo`` the
test provider, ``blueprint`` the pages under ``/e-legitimation``.
"""

from __future__ import annotations

from flask import Flask

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

    @app.context_processor
    def _resident_context() -> dict:
        return {"signed_in_resident": signed_in_resident}
