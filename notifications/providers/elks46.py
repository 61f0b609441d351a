"""46elks, a Swedish SMS provider, over its HTTP API (https://46elks.com/docs/send-sms).

46elks takes a form-encoded POST with HTTP Basic auth and answers 200 with the SMS as JSON,
or 4xx with a short plain-text explanation. Its webhooks (delivery reports, inbound SMS) are
form posts too; the parse functions below turn them into our vocabulary without Flask.

Phone numbers and message bodies are personal data: they never go into exception messages.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import requests
from requests.adapters import HTTPAdapter

from notifications import statuses
from notifications.providers.base import Accepted, Outgoing, PermanentError, RetryableError

E164 = re.compile(r"\+[1-9][0-9]{1,14}")
# A text sender id: 3-11 letters or digits, starting with a letter (what handsets display).
ALPHANUMERIC_SENDER = re.compile(r"[A-Za-z][A-Za-z0-9]{2,10}")
DELIVERY_STATUSES = {"sent": statuses.SENT, "delivered": statuses.DELIVERED,
                     "failed": statuses.FAILED}
_ERROR_TEXT_LIMIT = 200


class Elks46Provider:
    """Sends SMS through 46elks; one pooled HTTP session per provider instance.

    Decision on 401/403 (bad or blocked credentials, and "Insufficient credits"): these are
    account problems, not problems with the message, and an operator can fix them (rotate the
    key, top up) within the retry window. Raising RetryableError(code="auth"/"credits") keeps
    the messages queued and lets the delivery layer fail over to another provider, instead of
    marking every citizen's message permanently failed during a configuration mistake.
    """

    name = "46elks"
    channel = "sms"

    def __init__(self, username: str, password: str, sender: str,
                 base_url: str = "https://api.46elks.com/a1", timeout: float = 10.0) -> None:
        if not (E164.fullmatch(sender) or ALPHANUMERIC_SENDER.fullmatch(sender)):
            raise ValueError(
                f"46elks sender {sender!r} must be an E.164 number (+46700000000) or a text "
                "sender id of 3-11 letters/digits starting with a letter (ASCII only)")
        self.sender = sender
        self.url = base_url.rstrip("/") + "/sms"
        self.timeout = timeout
        self.session = requests.Session()
        self.session.auth = (username, password)
        # Benchmarks send from many threads: keep more than requests' default 10 connections.
        self.session.mount("https://", HTTPAdapter(pool_maxsize=32))
        self.session.mount("http://", HTTPAdapter(pool_maxsize=32))

    def send(self, message: Outgoing) -> Accepted:
        """POST the SMS; return 46elks' id or raise RetryableError / PermanentError."""
        form = {"from": self.sender, "to": message.recipient, "message": message.body}
        if message.status_callback:
            form["whendelivered"] = message.status_callback
        try:
            response = self.session.post(self.url, data=form, timeout=self.timeout)
        except requests.Timeout as exc:
            raise RetryableError("46elks did not answer in time", code="timeout") from exc
        except requests.ConnectionError as exc:
            raise RetryableError("could not connect to 46elks", code="connection") from exc
        except requests.RequestException as exc:
            raise RetryableError(f"46elks request failed: {type(exc).__name__}",
                                 code="network") from exc
        if response.status_code == 200:
            return Accepted(provider_id=_provider_id(response))
        raise _error_for(response, message)

    def close(self) -> None:
        """Release pooled connections (tests and shutdown)."""
        self.session.close()


def _provider_id(response: requests.Response) -> str:
    """The SMS id from a 200 answer; anything else means we cannot track the message."""
    try:
        provider_id = response.json()["id"]
    except (ValueError, KeyError, TypeError) as exc:
        # 46elks may have taken the SMS; retrying risks a duplicate, which beats losing it.
        raise RetryableError("46elks answered 200 without an SMS id",
                             code="bad-response") from exc
    if not isinstance(provider_id, str) or not provider_id:
        raise RetryableError("46elks answered 200 without an SMS id", code="bad-response")
    return provider_id


def _error_for(response: requests.Response, message: Outgoing) -> Exception:
    """Map a non-200 answer onto our two failure kinds."""
    status = response.status_code
    text = _scrub(response.text, message)
    if status == 429 or status >= 500:
        return RetryableError(f"46elks answered {status}: {text}", code=f"http-{status}",
                              retry_after=_retry_after(response.headers.get("Retry-After")))
    if "credit" in text.lower():
        return RetryableError(f"46elks account is out of credits ({status})", code="credits")
    if status in (401, 403):
        return RetryableError(f"46elks refused our credentials ({status}): {text}",
                              code="auth")
    if "invalid to" in text.lower():
        return PermanentError("46elks says the recipient number is invalid",
                              code="invalid-number")
    return PermanentError(f"46elks answered {status}: {text}", code=f"http-{status}")


def _scrub(text: str, message: Outgoing) -> str:
    """Shorten an error text and blank out the number or body should 46elks echo them."""
    for secret, mask in ((message.body, "<message>"), (message.recipient, "<to>")):
        if secret:
            text = text.replace(secret, mask)
    return text.strip()[:_ERROR_TEXT_LIMIT]


def _retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date), if usable."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def parse_delivery_report(form: Mapping[str, str]) -> tuple[str, str]:
    """(provider_id, our status) from 46elks' ``whendelivered`` POST; ValueError if unusable."""
    provider_id, status = form.get("id", ""), form.get("status", "")
    if not provider_id:
        raise ValueError("46elks delivery report without an id")
    if status not in DELIVERY_STATUSES:
        raise ValueError(f"46elks delivery report with unknown status {status[:20]!r}")
    return provider_id, DELIVERY_STATUSES[status]


def parse_inbound(form: Mapping[str, str]) -> tuple[str, str, str]:
    """(from, to, message) from 46elks' inbound-SMS POST; ValueError if a field is missing."""
    missing = [key for key in ("from", "to", "message") if key not in form]
    if missing or not form["from"] or not form["to"]:
        raise ValueError(f"46elks inbound SMS without {', '.join(missing) or 'from/to'}")
    return form["from"], form["to"], form["message"]
