"""Links that leave the site: in SMS and e-mail they must carry the public address.

A link in a message is built from configuration, never from the request: the
``Host`` header is whatever the client sent, so a link built from it could send a
neighbour's confirmation token, or a stop link, to an attacker's site.  Background
jobs have no request at all.  Production must set ``PUBLIC_BASE_URL``;
development uses ``http://127.0.0.1:PORT``, the address ``make run`` serves on.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote, urlsplit

from flask import current_app, has_request_context, request


def public_base(config: Mapping[str, Any] | None = None) -> str:
    """The configured public address without a trailing slash."""
    config = current_app.config if config is None else config
    base = str(config.get("PUBLIC_BASE_URL") or "").rstrip("/")
    return base or f"http://127.0.0.1:{config.get('PORT', 5000)}"


def public_host(config: Mapping[str, Any]) -> str:
    """``host[:port]`` of the public address, the one ``Host`` always trusted."""
    return urlsplit(public_base(config)).netloc


def public_url(endpoint: str, _anchor: str | None = None, **values: Any) -> str:
    """An absolute URL for ``endpoint`` on the public address, in a request or not.

    The URL map is bound to ``public_base()`` here rather than through ``url_for``,
    whose external URLs come from the request's host (or need ``SERVER_NAME``).
    """
    if endpoint.startswith("."):
        blueprint = request.blueprint if has_request_context() else None
        endpoint = f"{blueprint}{endpoint}" if blueprint else endpoint[1:]
    values = dict(values)
    current_app.inject_url_defaults(endpoint, values)
    parts = urlsplit(public_base())
    adapter = current_app.url_map.bind(parts.netloc, script_name=parts.path or "/",
                                       url_scheme=parts.scheme)
    url = adapter.build(endpoint, values, force_external=True)
    if _anchor is not None:
        url += "#" + quote(_anchor, safe="%!#$&'()*+,/:;=?@")
    return url
