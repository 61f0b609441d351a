"""What the HTTP providers (Twilio, 46elks) share about reaching their APIs."""

from __future__ import annotations

import base64
import urllib.request
from urllib.parse import urlsplit


def environment_proxy(url: str) -> str | None:
    """The proxy HTTPS_PROXY/NO_PROXY name for ``url``, read once rather than per request."""
    parts = urlsplit(url)
    if parts.hostname and urllib.request.proxy_bypass(parts.hostname):
        return None
    return urllib.request.getproxies().get(parts.scheme)


def basic_authorization(username: str, password: str) -> str:
    """An ``Authorization`` header value for HTTP Basic auth (RFC 7617, UTF-8)."""
    token = base64.b64encode(f"{username}:{password}".encode()).decode("ascii")
    return f"Basic {token}"
