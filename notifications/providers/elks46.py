"""46elks, a Swedish SMS provider, over its HTTP API (https://46elks.com/docs/send-sms).

46elks takes a form-encoded POST with HTTP Basic auth and answers 200 with the SMS as JSON,
or 4xx with a short plain-text explanation. Its webhooks (delivery reports, inbound SMS) are
form posts too; the parse functions below turn them into our vocabulary without Flask.

Delivery posts from an event loop with aiohttp (``send_async``), several messages at a time
and one session per loop; ``send`` is the same request, blocking, with requests. Both read
the answer into an ``Answer`` and judge it in one place.

Phone numbers and message bodies are personal data: they never go into exception messages.
"""

from __future__ import annotations

import asyncio
import json
import re
import weakref
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import aiohttp
import requests
from requests.adapters import HTTPAdapter

from notifications import statuses
from notifications.providers.base import (
    Accepted,
    Outgoing,
    PermanentError,
    RetryableError,
    SentMessage,
)
from notifications.providers.http import basic_authorization, environment_proxy

E164 = re.compile(r"\+[1-9][0-9]{1,14}")
# A text sender id: 3-11 letters or digits, starting with a letter (what handsets display).
ALPHANUMERIC_SENDER = re.compile(r"[A-Za-z][A-Za-z0-9]{2,10}")
DELIVERY_STATUSES = {"sent": statuses.SENT, "delivered": statuses.DELIVERED,
                     "failed": statuses.FAILED}
_ERROR_TEXT_LIMIT = 200
HISTORY_PAGE = 100  # the most 46elks returns per page
HISTORY_PAGES = 10  # pages read for one number before giving up on an answer


@dataclass(frozen=True)
class Answer:
    """What 46elks answered, whichever HTTP client asked."""

    status: int
    text: str
    retry_after: str | None = None


class Elks46Provider:
    """Sends SMS through 46elks over pooled connections (one aiohttp session per event loop).

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
        self.session.mount("https://", HTTPAdapter(pool_maxsize=32))
        self.session.mount("http://", HTTPAdapter(pool_maxsize=32))
        self._authorization = basic_authorization(username, password)
        self._proxy = environment_proxy(self.url)
        self._async_sessions: weakref.WeakKeyDictionary[
            asyncio.AbstractEventLoop, aiohttp.ClientSession] = weakref.WeakKeyDictionary()

    def _form(self, message: Outgoing) -> dict[str, str]:
        form = {"from": self.sender, "to": message.recipient, "message": message.body}
        if message.status_callback:
            form["whendelivered"] = message.status_callback
        return form

    def send(self, message: Outgoing) -> Accepted:
        """POST the SMS; return 46elks' id or raise RetryableError / PermanentError."""
        try:
            response = self.session.post(self.url, data=self._form(message),
                                         timeout=self.timeout)
        except requests.RequestException as exc:
            raise _unanswered(exc) from exc
        return _accepted(Answer(response.status_code, response.text,
                                response.headers.get("Retry-After")), message)

    async def send_async(self, message: Outgoing) -> Accepted:
        """``send``, from an event loop."""
        session = self._async_session()
        try:
            async with asyncio.timeout(self.timeout), session.post(
                    self.url, data=self._form(message)) as response:
                answer = Answer(response.status, await response.text(),
                                response.headers.get("Retry-After"))
        except (TimeoutError, aiohttp.ClientError) as exc:
            raise _unanswered(exc) from exc
        return _accepted(answer, message)

    def _async_session(self) -> aiohttp.ClientSession:
        loop = asyncio.get_running_loop()
        session = self._async_sessions.get(loop)
        if session is None:
            session = aiohttp.ClientSession(headers={"Authorization": self._authorization},
                                            proxy=self._proxy)
            self._async_sessions[loop] = session
        return session

    async def aclose(self) -> None:
        session = self._async_sessions.pop(asyncio.get_running_loop(), None)
        if session is not None:
            await session.close()

    def sent_to(self, recipient: str, since: datetime) -> list[SentMessage]:
        """Our outgoing SMS to ``recipient`` created since ``since``, from the SMS history.

        46elks pages newest first: ``end`` is the oldest moment wanted, ``start`` the
        ``next`` timestamp of the page before.  Any failure raises RetryableError.
        """
        params = {"to": recipient, "limit": str(HISTORY_PAGE),
                  "end": since.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")}
        found = []
        for _ in range(HISTORY_PAGES):
            try:
                response = self.session.get(self.url, params=params, timeout=self.timeout)
                page = response.json() if response.status_code == 200 else None
                entries, following = page["data"], page.get("next")
            except requests.RequestException as exc:
                raise _unanswered(exc) from exc
            except (ValueError, KeyError, TypeError):
                raise RetryableError(f"46elks SMS history answered {response.status_code}",
                                     code="lookup") from None
            for sms in entries:
                created = datetime.fromisoformat(sms["created"]).replace(tzinfo=UTC)
                if (sms.get("direction") == "outgoing" and sms.get("to") == recipient
                        and sms.get("from") == self.sender and created >= since):
                    found.append(SentMessage(sms["id"], recipient, sms.get("message", ""),
                                             created))
            if not following:
                return found
            params["start"] = following
        raise RetryableError("too many SMS to this number to check", code="lookup-limit")

    def close(self) -> None:
        """Release pooled connections (tests and shutdown)."""
        self.session.close()


def _unanswered(exc: Exception) -> RetryableError:
    """No answer from 46elks, from either HTTP client: worth trying again."""
    # Time-outs first: some of them are connection errors too.
    if isinstance(exc, requests.Timeout | TimeoutError):
        return RetryableError("46elks did not answer in time", code="timeout")
    if isinstance(exc, requests.ConnectionError | aiohttp.ClientConnectionError):
        return RetryableError("could not connect to 46elks", code="connection")
    return RetryableError(f"46elks request failed: {type(exc).__name__}", code="network")


def _accepted(answer: Answer, message: Outgoing) -> Accepted:
    if answer.status == 200:
        return Accepted(provider_id=_provider_id(answer))
    raise _error_for(answer, message)


def _provider_id(answer: Answer) -> str:
    """The SMS id from a 200 answer; anything else means we cannot track the message."""
    try:
        provider_id = json.loads(answer.text)["id"]
    except (ValueError, KeyError, TypeError) as exc:
        # 46elks may have taken the SMS; retrying risks a duplicate, which beats losing it.
        raise RetryableError("46elks answered 200 without an SMS id",
                             code="bad-response") from exc
    if not isinstance(provider_id, str) or not provider_id:
        raise RetryableError("46elks answered 200 without an SMS id", code="bad-response")
    return provider_id


def _error_for(answer: Answer, message: Outgoing) -> Exception:
    """Map a non-200 answer onto our two failure kinds."""
    status = answer.status
    text = _scrub(answer.text, message)
    if status == 429 or status >= 500:
        return RetryableError(f"46elks answered {status}: {text}", code=f"http-{status}",
                              retry_after=_retry_after(answer.retry_after))
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
