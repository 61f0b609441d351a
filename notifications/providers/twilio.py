"""SMS through Twilio's official SDK.

The API address is configurable (``TWILIO_BASE_URL``) through the SDK's public
``client.api.base_url``, so the same code talks to Twilio, a regional proxy, or a
local Twilio-compatible server in contract tests.
"""

from __future__ import annotations

import logging

from twilio.base.exceptions import TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from .base import Accepted, Outgoing, PermanentError, RetryableError

# The SDK logs request headers at INFO; logs must never carry credentials or numbers.
logging.getLogger("twilio.http_client").setLevel(logging.WARNING)

OPTED_OUT_CODES = {"21610"}  # "Attempt to send to unsubscribed recipient"
PERMANENT_CODES = {"21211", "21214", "21217", "21219", "21408", "21612", "21614", "21635"}


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
        http_client = TwilioHttpClient(timeout=timeout, pool_connections=True, max_retries=0)
        self.client = Client(account_sid, auth_token, http_client=http_client)
        self.client.api.base_url = base_url.rstrip("/")

    def send(self, message: Outgoing) -> Accepted:
        kwargs = {"to": message.recipient, "body": message.body}
        if self.messaging_service_sid:
            kwargs["messaging_service_sid"] = self.messaging_service_sid
        else:
            kwargs["from_"] = self.sender
        if message.status_callback:
            kwargs["status_callback"] = message.status_callback
        try:
            created = self.client.messages.create(**kwargs)
        except TwilioRestException as exc:
            code = str(exc.code) if exc.code else f"http-{exc.status}"
            if exc.status == 429 or exc.status >= 500:
                raise RetryableError(f"Twilio answered {exc.status}", code) from None
            if code in OPTED_OUT_CODES:
                raise PermanentError("recipient has opted out at Twilio", code,
                                     status="opted-out") from None
            raise PermanentError(f"Twilio refused the message ({exc.status})", code) from None
        except Exception as exc:
            raise RetryableError(f"Twilio unreachable: {type(exc).__name__}", "timeout") \
                from None
        return Accepted(provider_id=created.sid, status="sent")
