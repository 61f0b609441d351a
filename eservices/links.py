"""Links that leave the site: in SMS and e-mail they must carry the public address."""

from __future__ import annotations

from flask import current_app, url_for


def public_url(endpoint: str, **values: object) -> str:
    """An absolute URL for ``endpoint``, on PUBLIC_BASE_URL when it is configured.

    Behind a proxy the request's own host may be an internal name; a link a
    resident taps in a message must use the address the public knows.
    """
    base = current_app.config.get("PUBLIC_BASE_URL", "").rstrip("/")
    if base:
        return base + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)
