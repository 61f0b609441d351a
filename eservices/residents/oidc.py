"""The OpenID Connect client: authorization code flow with PKCE, and the ID token's checks.

``begin`` makes the authorization request (``state``, ``nonce``, a PKCE S256
verifier, ``acr_values`` for the level the service needs) and keeps what the
callback must compare in the browser's signed session; ``finish`` exchanges
the code (client secret or ``private_key_jwt``) and checks the ID token:
signature by the provider's JWKS (asymmetric algorithms only), ``iss``,
``aud``/``azp``, ``exp``, ``iat`` not too old, ``nonce``, and ``acr`` mapped onto
a level at least the one asked for.  The personal number comes from the
configured claim (the Swedish profile's, or a broker's ``ssn``/``nin``), the
coordination-number claim as a fallback, from the ID token or else the
userinfo endpoint - never from ``sub``.  Every refusal is a ``SignInRefused``
with a translated message; the reason goes to the log, never the token.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.requests_client import OAuth2Session
from authlib.oauth2.rfc7523 import PrivateKeyJWT
from flask import current_app, session
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from personnummer import personnummer

from ..i18n import current_language
from ..links import public_url
from . import discovery
from .api import assurance_at_least
from .providers import COORDINATION_NUMBER_CLAIM, PERSONAL_NUMBER_CLAIM, SCOPES, Provider
from .sessions import VerifiedIdentity

PENDING_KEY = "eid_pending"
PENDING_SECONDS = 600  # a sign-in not finished within ten minutes starts again
MAX_PENDING = 3  # sign-ins started in other tabs of the same browser
TOKEN_MAX_AGE_SECONDS = 600  # an ID token issued longer ago is not accepted
LEEWAY_SECONDS = 60
ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"]


class SignInRefused(Exception):
    """The sign-in did not prove who the resident is; ``message`` says so to them."""

    def __init__(self, message: Any, reason: str, status: int = 400) -> None:
        super().__init__(reason)
        self.message, self.reason, self.status = message, reason, status


EXPIRED = _l("The sign-in had expired or was started in another window. Start again.")
FAILED = _l("The e-ID provider could not confirm who you are. Try again.")
CANCELLED = _l("You cancelled the sign-in. Start again when you want to sign in.")
UNAVAILABLE = _l("Signing in with e-ID is not possible right now: the e-ID service does not "
                 "answer. Try again later.")


def too_low_message(level: str | None) -> str:
    return _("This service needs a sign-in at level %(level)s or higher. Sign in with an "
             "e-ID that reaches it, such as BankID or Freja eID+.",
             level=(level or "")[-1:])


@dataclass(frozen=True)
class Pending:
    provider: str
    state: str
    nonce: str
    verifier: str
    next_url: str
    level: str | None
    started: float


def redirect_uri(provider: Provider) -> str:
    """The exact callback registered at the provider, on ``PUBLIC_BASE_URL``."""
    return public_url("residents.callback", provider=provider.name)


def begin(provider: Provider, next_url: str, level: str | None) -> str:
    """The provider's authorization URL; what the callback checks goes in the session."""
    try:
        endpoint = discovery.metadata(provider)["authorization_endpoint"]
    except discovery.ProviderUnavailable as exc:
        raise SignInRefused(UNAVAILABLE, f"discovery: {exc}", 503) from exc
    pending = Pending(provider.name, secrets.token_urlsafe(24), secrets.token_urlsafe(24),
                      secrets.token_urlsafe(48), next_url, level, time.time())
    client = OAuth2Session(provider.client_id, scope=" ".join(SCOPES),
                           redirect_uri=redirect_uri(provider), code_challenge_method="S256")
    extra = {"nonce": pending.nonce, "ui_locales": current_language()}
    if level:
        extra["acr_values"] = " ".join(provider.acr_values(level))
    url, _state = client.create_authorization_url(
        endpoint, state=pending.state, code_verifier=pending.verifier, **extra)
    waiting = [p for p in session.get(PENDING_KEY, [])
               if time.time() - p["started"] < PENDING_SECONDS][-(MAX_PENDING - 1):]
    session[PENDING_KEY] = [*waiting, pending.__dict__]
    return url


def take_pending(provider: Provider, state: str | None) -> Pending:
    """The sign-in this callback answers, removed so that it can be answered once only."""
    waiting = session.get(PENDING_KEY, [])
    found = next((p for p in waiting if state and secrets.compare_digest(p["state"], state)),
                 None)
    session[PENDING_KEY] = [p for p in waiting if p is not found]
    if found is None or found["provider"] != provider.name:
        raise SignInRefused(EXPIRED, "unknown state")
    if time.time() - found["started"] > PENDING_SECONDS:
        raise SignInRefused(EXPIRED, "sign-in started too long ago")
    return Pending(**found)


def _client(provider: Provider, metadata: dict[str, Any]) -> OAuth2Session:
    token_endpoint = metadata["token_endpoint"]
    if provider.private_key_file:
        key = Path(provider.private_key_file).read_text()
        client = OAuth2Session(provider.client_id, key,
                               token_endpoint_auth_method="private_key_jwt")  # noqa: S106
        headers = {"kid": provider.private_key_id} if provider.private_key_id else None
        client.register_client_auth_method(PrivateKeyJWT(token_endpoint, headers=headers))
        return client
    methods = metadata.get("token_endpoint_auth_methods_supported") or ["client_secret_basic"]
    method = "client_secret_basic" if "client_secret_basic" in methods else "client_secret_post"
    return OAuth2Session(provider.client_id, provider.client_secret,
                         token_endpoint_auth_method=method)


def finish(provider: Provider, pending: Pending, code: str) -> VerifiedIdentity:
    """Exchange ``code`` and check everything the tokens say; the identity they prove."""
    timeout = current_app.config["EID_TIMEOUT_SECONDS"]
    try:
        metadata = discovery.metadata(provider)
        client = _client(provider, metadata)
        token = client.fetch_token(metadata["token_endpoint"], code=code,
                                   code_verifier=pending.verifier,
                                   redirect_uri=redirect_uri(provider), timeout=timeout)
    except discovery.ProviderUnavailable as exc:
        raise SignInRefused(UNAVAILABLE, f"discovery: {exc}", 503) from exc
    except requests.RequestException as exc:
        raise SignInRefused(UNAVAILABLE, f"token endpoint: {type(exc).__name__}", 503) from exc
    except (AuthlibBaseError, ValueError, KeyError) as exc:  # the provider said no
        raise SignInRefused(FAILED, f"token endpoint refused: {exc}") from exc
    id_token = token.get("id_token")
    if not id_token:
        raise SignInRefused(FAILED, "no id_token in the token response")
    claims = verified_claims(provider, id_token, pending.nonce)
    assurance = provider.level_of(claims.get("acr"))
    if assurance is None:
        raise SignInRefused(FAILED, f"unknown acr {claims.get('acr')!r}")
    if not assurance_at_least(assurance, pending.level):
        raise SignInRefused(too_low_message(pending.level),
                            f"acr {assurance} below {pending.level}", 403)
    if _number_claim(provider, claims) is None and metadata.get("userinfo_endpoint"):
        claims = {**_userinfo(metadata["userinfo_endpoint"], token, claims["sub"], timeout),
                  **claims}
    number = personal_number_from(provider, claims)
    name = str(claims.get("name") or " ".join(
        str(claims[k]) for k in ("given_name", "family_name") if claims.get(k)))
    return VerifiedIdentity(personal_number=number, name=name[:200], provider=provider.name,
                            assurance=assurance, id_token=id_token)


def verified_claims(provider: Provider, id_token: str, nonce: str) -> dict[str, Any]:
    """The ID token's claims once its signature, issuer, audience, times and nonce hold."""
    try:
        decoded = _decode(provider, id_token)
    except discovery.ProviderUnavailable as exc:
        raise SignInRefused(UNAVAILABLE, f"jwks: {exc}", 503) from exc
    claims = decoded.claims
    registry = jwt.JWTClaimsRegistry(
        leeway=LEEWAY_SECONDS, iss={"essential": True, "value": provider.issuer},
        aud={"essential": True, "value": provider.client_id}, sub={"essential": True},
        exp={"essential": True}, iat={"essential": True},
        nonce={"essential": True, "value": nonce})
    try:
        registry.validate(claims)
    except JoseError as exc:
        raise SignInRefused(FAILED, f"id_token claims: {exc.error}") from exc
    audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
    if len(audiences) > 1 and claims.get("azp") != provider.client_id:
        raise SignInRefused(FAILED, "id_token for several audiences without our azp")
    if time.time() - float(claims["iat"]) > TOKEN_MAX_AGE_SECONDS:
        raise SignInRefused(FAILED, "id_token issued too long ago")
    return claims


def _decode(provider: Provider, id_token: str) -> Any:
    for refresh in (False, True):  # once more with fresh keys: the provider may rotate
        keys = KeySet.import_key_set(discovery.signing_keys(provider, refresh=refresh))
        try:
            return jwt.decode(id_token, keys, algorithms=ALGORITHMS)
        except ValueError as exc:  # no key with the token's kid
            if refresh:
                raise SignInRefused(FAILED, f"id_token key: {exc}") from exc
        except JoseError as exc:
            raise SignInRefused(FAILED, f"id_token signature: {exc.error}") from exc
    raise AssertionError("unreachable")


def _userinfo(endpoint: str, token: dict[str, Any], sub: str, timeout: float) -> dict:
    try:
        response = requests.get(endpoint, timeout=timeout, headers={
            "Authorization": f"Bearer {token['access_token']}", "Accept": "application/json"})
        response.raise_for_status()
        info = response.json()
    except (requests.RequestException, ValueError, KeyError) as exc:
        raise SignInRefused(UNAVAILABLE, f"userinfo: {type(exc).__name__}", 503) from exc
    if not isinstance(info, dict) or info.get("sub") != sub:
        raise SignInRefused(FAILED, "userinfo for another subject")
    return info


def _claim(claims: dict[str, Any], path: str) -> Any:
    if path in claims:  # the Swedish profile's claim names are URIs with dots
        return claims[path]
    value: Any = claims
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _number_claim(provider: Provider, claims: dict[str, Any]) -> Any:
    return _claim(claims, provider.personal_number_claim) or claims.get(
        COORDINATION_NUMBER_CLAIM)


def personal_number_from(provider: Provider, claims: dict[str, Any]) -> str:
    """Twelve checked digits from the identity claim; ``sub`` is never read for it."""
    both = claims.get(PERSONAL_NUMBER_CLAIM), claims.get(COORDINATION_NUMBER_CLAIM)
    if all(both) and both[0] != both[1]:  # the profile makes them mutually exclusive
        raise SignInRefused(FAILED, "both a personal and a coordination number")
    raw = _number_claim(provider, claims)
    if not isinstance(raw, str) or not raw.strip():
        raise SignInRefused(_l("The e-ID provider did not tell us your personal identity "
                               "number, so you cannot sign in here with it."),
                            "no personal number claim")
    try:
        number = personnummer.parse(raw.strip())
    except (personnummer.PersonnummerException, ValueError, TypeError) as exc:
        raise SignInRefused(FAILED, "personal number claim is not a valid number") from exc
    return number.format(long_format=True)
