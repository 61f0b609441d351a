"""SMS and e-mail providers, built from settings and kept per app (connection reuse)."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Awaitable, Callable
from typing import cast

from flask import current_app

from .base import (
    Accepted,
    AsyncProvider,
    Outgoing,
    PermanentError,
    Provider,
    ProviderError,
    RetryableError,
    is_async,
)

SMS_PROVIDERS = ("outbox", "twilio", "46elks")
EMAIL_PROVIDERS = ("outbox", "smtp")


def _create(name: str) -> Provider:
    config = current_app.config
    timeout = config["PROVIDER_TIMEOUT_SECONDS"]
    if name == "outbox":
        from .outbox import OutboxProvider

        return OutboxProvider()
    if name == "twilio":
        from .twilio import TwilioProvider

        return TwilioProvider(account_sid=config["TWILIO_ACCOUNT_SID"],
                              auth_token=config["TWILIO_AUTH_TOKEN"],
                              sender=config["TWILIO_FROM"],
                              messaging_service_sid=config["TWILIO_MESSAGING_SERVICE_SID"],
                              base_url=config["TWILIO_BASE_URL"], timeout=timeout)
    if name == "46elks":
        from .elks46 import Elks46Provider

        return Elks46Provider(username=config["ELKS46_USERNAME"],
                              password=config["ELKS46_PASSWORD"], sender=config["ELKS46_FROM"],
                              base_url=config["ELKS46_BASE_URL"], timeout=timeout)
    if name == "smtp":
        from .smtp import SmtpProvider

        return SmtpProvider(host=config["SMTP_HOST"], port=config["SMTP_PORT"],
                            security=config["SMTP_SECURITY"], username=config["SMTP_USERNAME"],
                            password=config["SMTP_PASSWORD"], sender=config["EMAIL_FROM"],
                            timeout=timeout)
    raise ValueError(f"unknown provider {name!r}")


def build_provider(name: str) -> Provider:
    cache: dict[str, Provider] = current_app.extensions.setdefault("notifications.providers",
                                                                   {})
    if name not in cache:
        cache[name] = _create(name)
    return cache[name]


def async_clients_closer() -> Callable[[], Awaitable[None]]:
    """A coroutine function that closes the running loop's connections of this app's
    providers (it runs in the loop, where Flask's app context may not be)."""
    built = current_app.extensions.get("notifications.providers", {}).values()
    providers = [cast(AsyncProvider, p) for p in built if is_async(p)]

    async def close() -> None:
        for provider in providers:
            await provider.aclose()

    return close


def webhook_token(purpose: str) -> str:
    """An unguessable URL token for providers that do not sign their callbacks (46elks)."""
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, purpose.encode(), hashlib.sha256).hexdigest()[:32]


def status_callback_url(provider: str, notification_id: str) -> str | None:
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    if not base or provider not in ("twilio", "46elks"):
        return None
    if provider == "twilio":
        return f"{base}/notifications/webhooks/twilio/status/{notification_id}"
    token = webhook_token(f"46elks-status:{notification_id}")
    return f"{base}/notifications/webhooks/46elks/status/{notification_id}/{token}"


__all__ = ["EMAIL_PROVIDERS", "SMS_PROVIDERS", "Accepted", "AsyncProvider", "Outgoing",
           "PermanentError", "ProviderError", "RetryableError", "async_clients_closer",
           "build_provider", "is_async", "status_callback_url", "webhook_token"]
