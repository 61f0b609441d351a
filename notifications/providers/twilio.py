"""SMS through Twilio's official SDK, blocking or from an event loop.

The API address is configurable (``TWILIO_BASE_URL``) through the SDK's public
``client.api.base_url``, so the same code talks to Twilio, a regional proxy, or a
local Twilio-compatible server in contract tests.

Delivery uses the SDK's asyncio client (``create_async``): per message it costs
about a quarter of the CPU of the blocking client, and one thread keeps several
messages in flight.  Its aiohttp connections belong to one event loop, so there
is one client per loop.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from datetime import datetime
from typing import Any

from aiohttp import ClientSession
from twilio.base.exceptions import TwilioRestException
from twilio.http.async_http_client import AsyncTwilioHttpClient
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from .base import (
    Accepted,
    Outgoing,
    PermanentError,
    ProviderError,
    RetryableError,
    SentMessage,
)
from .http import environment_proxy

# The SDK logs request headers at INFO; logs must never carry credentials or numbers.
logging.getLogger("twilio.http_client").setLevel(logging.WARNING)
logging.getLogger("twilio.async_http_client").setLevel(logging.WARNING)

OPTED_OUT_CODES = {"21610"}  # "Attempt to send to unsubscribed recipient"
LOOKUP_LIMIT = 1000  # messages to one number read before giving up on an answer


class TwilioProvider:
    name = "twilio"
    channel = "sms"

    def __init__(self, account_sid: str, auth_token: str, sender: str = "",
                 messaging_service_sid: str = "", base_url: str = "https://api.twilio.com",
                 timeout: float = 10.0) -> None:
        if not account_sid or not auth_token:
            raise ValueError("TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN are required")
        if not sender and not messaging_service_sid:
            raise ValueError("set TWILIO_FROM or TWILIO_MESSAGING_SERVICE_SID")
        self.sender = sender
        self.messaging_service_sid = messaging_service_sid
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self._credentials = (account_sid, auth_token)
        self._proxy = environment_proxy(self.base_url)
        http_client = TwilioHttpClient(timeout=timeout, pool_connections=True, max_retries=0)
        self.client = Client(account_sid, auth_token, http_client=http_client)
        self.client.api.base_url = self.base_url
        self._async_clients: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Client] = \
            weakref.WeakKeyDictionary()

    def _arguments(self, message: Outgoing) -> dict[str, Any]:
        kwargs = {"to": message.recipient, "body": message.body}
        if self.messaging_service_sid:
            kwargs["messaging_service_sid"] = self.messaging_service_sid
        else:
            kwargs["from_"] = self.sender
        if message.status_callback:
            kwargs["status_callback"] = message.status_callback
        return kwargs

    def send(self, message: Outgoing) -> Accepted:
        try:
            created = self.client.messages.create(**self._arguments(message))
        except Exception as exc:
            raise _failure(exc) from None
        return Accepted(provider_id=created.sid, status="sent")

    async def send_async(self, message: Outgoing) -> Accepted:
        client = self._async_client()
        try:
            # The SDK's async client has no time-out of its own.
            async with asyncio.timeout(self.timeout):
                created = await client.messages.create_async(**self._arguments(message))
        except Exception as exc:
            raise _failure(exc) from None
        return Accepted(provider_id=created.sid, status="sent")

    def sent_to(self, recipient: str, since: datetime) -> list[SentMessage]:
        """Our outgoing messages to ``recipient`` created since ``since``, from Twilio's list.

        Filtered by ``To`` only, newest first: a ``DateSent`` filter would miss messages
        Twilio still queues (their ``date_sent`` is empty until they leave), and those are
        exactly the ones an interrupted hand-over may have left there.  Reading stops at
        the first message created and sent before ``since``.
        """
        found = []
        try:
            for seen, message in enumerate(self.client.messages.stream(to=recipient,
                                                                       page_size=100)):
                if seen >= LOOKUP_LIMIT:
                    raise RetryableError("too many messages to this number to check",
                                         "lookup-limit")
                created, sent = message.date_created, message.date_sent
                if created is None:
                    continue
                if created < since and sent is not None and sent < since:
                    break
                if created >= since and message.to == recipient and self._ours(message):
                    found.append(SentMessage(message.sid or "", recipient, message.body or "",
                                             created))
        except RetryableError:
            raise
        except Exception as exc:
            raise RetryableError(f"could not list Twilio's messages: {_failure(exc)}",
                                 "lookup") from None
        return found

    def _ours(self, message: Any) -> bool:
        if not str(message.direction or "").startswith("outbound"):
            return False
        if self.messaging_service_sid:
            return message.messaging_service_sid == self.messaging_service_sid
        return message.from_ == self.sender

    def _async_client(self) -> Client:
        loop = asyncio.get_running_loop()
        client = self._async_clients.get(loop)
        if client is None:
            http_client = AsyncTwilioHttpClient(pool_connections=False)
            # Our own pooled session: the SDK's would ignore the proxy the environment names.
            http_client.session = ClientSession(proxy=self._proxy)
            client = Client(*self._credentials, http_client=http_client)
            client.api.base_url = self.base_url
            self._async_clients[loop] = client
        return client

    async def aclose(self) -> None:
        client = self._async_clients.pop(asyncio.get_running_loop(), None)
        if client is not None:
            await client.http_client.close()  # type: ignore[attr-defined]


def _failure(exc: Exception) -> ProviderError:
    """Twilio's answer (or its absence) in our two kinds of failure."""
    if not isinstance(exc, TwilioRestException):
        return RetryableError(f"Twilio unreachable: {type(exc).__name__}", "timeout")
    code = str(exc.code) if exc.code else f"http-{exc.status}"
    if exc.status == 429 or exc.status >= 500:
        return RetryableError(f"Twilio answered {exc.status}", code)
    if code in OPTED_OUT_CODES:
        return PermanentError("recipient has opted out at Twilio", code, status="opted-out")
    # Any other refusal (21211 invalid number, 21614 not a mobile ...) would be refused again.
    return PermanentError(f"Twilio refused the message ({exc.status})", code)
