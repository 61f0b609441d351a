"""What a provider says about itself: discovery metadata and signing keys, cached.

``<issuer>/.well-known/openid-configuration`` names the endpoints; ``jwks_uri``
the keys that sign ID tokens.  Both are fetched with ``EID_TIMEOUT_SECONDS``
and kept for an hour per app, and the keys are fetched again once when a token
names a key id not among them (a provider rotating its keys).  A provider
that cannot be reached, or answers nonsense, is ``ProviderUnavailable``: the
sign-in page says so instead of failing, and production refuses to start.
"""

from __future__ import annotations

import threading
import time
from typing import Any
from urllib.parse import urlencode, urlsplit

import requests
from flask import current_app

from ..links import public_url
from .providers import Provider, configured

CACHE_SECONDS = 3600
REQUIRED = ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri")
_lock = threading.Lock()


class ProviderUnavailable(RuntimeError):
    """The provider could not be reached or its answer was unusable (the reason, for logs)."""


def _cache() -> dict[str, tuple[float, Any]]:
    return current_app.extensions.setdefault("eservices.residents.discovery", {})


def _get_json(url: str) -> Any:
    try:
        response = requests.get(url, timeout=current_app.config["EID_TIMEOUT_SECONDS"],
                                headers={"Accept": "application/json"})
        response.raise_for_status()
        return response.json()
    except (requests.RequestException, ValueError) as exc:
        raise ProviderUnavailable(f"{url}: {exc}") from exc


def _cached(key: str, load: Any, refresh: bool = False) -> Any:
    cache = _cache()
    now = time.monotonic()
    with _lock:
        hit = cache.get(key)
    if hit is not None and not refresh and hit[0] > now:
        return hit[1]
    value = load()
    with _lock:
        cache[key] = (now + CACHE_SECONDS, value)
    return value


def metadata(provider: Provider) -> dict[str, Any]:
    """The provider's discovery document, checked: its issuer must be the configured one."""
    def load() -> dict[str, Any]:
        url = provider.issuer.rstrip("/") + "/.well-known/openid-configuration"
        document = _get_json(url)
        if not isinstance(document, dict) or any(not document.get(k) for k in REQUIRED):
            raise ProviderUnavailable(f"{url}: not a discovery document (needs "
                                      + ", ".join(REQUIRED) + ")")
        if document["issuer"] != provider.issuer:
            raise ProviderUnavailable(f"{url}: issuer {document['issuer']!r} is not "
                                      f"{provider.issuer!r}")
        return document

    return _cached("metadata:" + provider.issuer, load)


def signing_keys(provider: Provider, refresh: bool = False) -> dict[str, Any]:
    """The provider's JWKS (``{"keys": [...]}``); ``refresh`` fetches it again."""
    def load() -> dict[str, Any]:
        keys = _get_json(metadata(provider)["jwks_uri"])
        if not isinstance(keys, dict) or not isinstance(keys.get("keys"), list):
            raise ProviderUnavailable(f"{provider.name}: the jwks_uri did not answer a JWKS")
        return keys

    return _cached("jwks:" + provider.issuer, load, refresh)


def by_name(name: str) -> Provider | None:
    """A configured provider by its lower-case name."""
    return next((p for p in configured(current_app.config) if p.name == name), None)


def logout_url(provider_name: str, id_token: str | None) -> str | None:
    """The provider's RP-initiated logout for a session, when it offers one."""
    provider = by_name(provider_name)
    if provider is None:
        return None
    try:
        endpoint = metadata(provider).get("end_session_endpoint")
    except ProviderUnavailable:
        return None  # signed out here; the provider's own session ends on its own
    if not endpoint or urlsplit(endpoint)[:2] != urlsplit(provider.issuer)[:2]:
        # Only the issuer's own site is allowed as a form's redirect (the CSP's
        # form-action); elsewhere the provider's session ends on its own.
        return None
    query = {"client_id": provider.client_id,
             "post_logout_redirect_uri": public_url("residents.signed_out")}
    if id_token:
        query["id_token_hint"] = id_token
    return endpoint + ("&" if "?" in endpoint else "?") + urlencode(query)


def check_reachable(config: Any) -> None:
    """At start in production: every provider answers discovery, or a clear refusal."""
    from ..config import ConfigurationError

    for provider in configured(config):
        try:
            metadata(provider)
        except ProviderUnavailable as exc:
            raise ConfigurationError(
                f"The e-ID provider {provider.name!r} (EID_{provider.name.upper()}_ISSUER="
                f"{provider.issuer}) cannot be used: {exc}") from exc
