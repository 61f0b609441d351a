"""A local, Twilio-compatible Messages API for contract tests and benchmarks.

Why: the product talks to Twilio through the official SDK, and the only trustworthy way to
check what it sends is against Twilio's own OpenAPI description. ``FakeTwilio`` serves
``POST /2010-04-01/Accounts/{AccountSid}/Messages.json`` (and ``GET .../Messages/{Sid}.json``,
and the message list ``GET .../Messages.json`` - tests/fakes/twilio_list.py) on 127.0.0.1,
validates every create request against the spec's ``CreateMessage`` schema,
answers like Twilio (201 message resource, or Twilio's error JSON), can be scripted to fail,
and sends status callbacks and inbound-SMS webhooks signed with the account's auth token.

Point the unpatched SDK at it through the public ``Domain.base_url`` attribute::

    client = Client(server.account_sid, server.auth_token)
    client.api.base_url = server.base_url       # or simply: client = server.client()

Caveat found in twilio 9.13: ``ClientBase.get_hostname`` rewrites the host whenever a region or
edge is set, and ``Client`` reads ``TWILIO_REGION``/``TWILIO_EDGE`` from the environment
(``environment={}`` does not stop that: an empty mapping falls back to ``os.environ``), which
would turn ``127.0.0.1:port`` into nonsense. ``server.client()`` clears ``region``/``edge``.

In tests: ``from tests.fakes.twilio_server import fake_twilio  # noqa: F401`` and ask for the
``fake_twilio`` fixture; assert ``fake_twilio.violations == []`` at the end of contract tests.
The spec is read from ``/work/shared/specs/twilio/twilio_api_v2010.json`` (next to the repo)
unless ``TWILIO_OPENAPI_SPEC`` names another file.
"""

from __future__ import annotations

import functools
import json
import queue
import re
import secrets
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections import deque
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import Message
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from twilio.request_validator import RequestValidator
from twilio.rest import Client

from . import twilio_list
from ._http import KeepAliveServer, QuietHandler, basic_auth
from .twilio_errors import (
    DEFAULT_DELIVERY_ERROR,
    FORM,
    Contract,
    Form,
    code_for,
    create_message_contract,
    error_body,
    message_for,
    spec_path,
    status_for,
)

API_VERSION = "2010-04-01"
_ROUTE = re.compile(r"/2010-04-01/Accounts/([^/]+)/Messages(?:/([^/]+))?\.json")
_GSM7 = ("@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡"
         "ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà")
_GSM7_EXT = "^{}\\[~]|€\f"  # each costs two septets


def count_segments(body: str) -> int:
    """SMS segments as Twilio bills them: GSM-7 160/153 septets, otherwise UCS-2 70/67."""
    if all(c in _GSM7 or c in _GSM7_EXT for c in body):
        units, single, multi = len(body) + sum(c in _GSM7_EXT for c in body), 160, 153
    else:
        units, single, multi = len(body.encode("utf-16-le")) // 2, 70, 67
    return 1 if units <= single else -(-units // multi)


@dataclass(frozen=True)
class Reply:
    """What the fake answers: HTTP status, JSON body, extra headers."""

    status: int
    body: dict[str, Any]
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Scripted:
    """A canned answer queued by ``respond_with`` or ``fail_all``; 2xx means "create normally"."""

    status: int = 201
    code: int | None = None
    message: str | None = None
    delay: float = 0.0
    retry_after: int | None = None

    def reply(self) -> Reply:
        headers = {} if self.retry_after is None else {"Retry-After": str(self.retry_after)}
        code = self.code if self.code is not None else code_for(self.status)
        return Reply(self.status, error_body(code, self.status, self.message), headers)


@dataclass(frozen=True)
class RecordedRequest:
    """One request as received (form fields are lists: Twilio fields such as MediaUrl repeat)."""

    method: str
    path: str
    form: Form
    headers: dict[str, str]
    received_at: float
    status: int
    response: dict[str, Any]


@dataclass(frozen=True)
class Violation:
    """A create request Twilio's contract rejects: what was sent and every reason why."""

    received_at: float
    form: Form
    errors: tuple[str, ...]
    code: int


@dataclass(frozen=True)
class CallbackRecord:
    """A webhook the fake posted to the app (``kind`` "status" or "inbound") and the answer."""

    kind: str
    url: str
    params: dict[str, str]
    signature: str | None
    status: int | None
    body: str
    sent_at: float
    error: str | None = None


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect from the app is an answer to report, not something to follow."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


# No proxies: callbacks go to the app on this machine, whatever http_proxy says.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect)


class _Server(KeepAliveServer):
    def __init__(self, fake: FakeTwilio) -> None:
        super().__init__(_Handler)
        self.fake = fake

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Quiet: a client that died mid-request (the crash tests) is part of the tests."""


class _Handler(QuietHandler):
    timeout = 60  # drop idle keep-alive connections eventually
    server: _Server

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length > 0 else b""
        reply = self.server.fake._handle(self.command, self.path, self.headers, raw)
        payload = json.dumps(reply.body).encode()
        self.send_response(reply.status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        self.send_header("Twilio-Request-Id", "RQ" + uuid.uuid4().hex)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_DELETE = _serve


class FakeTwilio:
    """Twilio's Messages API on 127.0.0.1:<ephemeral port>; see the module docstring."""

    def __init__(self, *, account_sid: str | None = None, auth_token: str | None = None,
                 auto_callbacks: Sequence[str | tuple[str, int]] = (),
                 callback_delay: float = 0.05, callback_workers: int = 4,
                 spec: str | Path | None = None) -> None:
        self.account_sid = account_sid or "AC" + secrets.token_hex(16)
        self.auth_token = auth_token or secrets.token_hex(16)
        self.auto_callbacks = tuple(auto_callbacks)
        self.callback_delay = callback_delay
        self.spec = Path(spec) if spec else spec_path()
        self._workers_wanted = callback_workers
        self._lock = threading.Lock()
        self._idle = threading.Condition()
        self._pending = 0
        self._outbox: queue.Queue[tuple[float, str] | None] = queue.Queue()
        self._httpd: _Server | None = None
        self._contract: Contract | None = None
        self._threads: list[threading.Thread] = []
        self.reset()

    def reset(self) -> None:
        """Forget requests, messages, callbacks and scripts; keep credentials and the port."""
        with self._lock:
            self._script: deque[Scripted] = deque()
            self._outage: Scripted | None = None
            self._requests: list[RecordedRequest] = []
            self._violations: list[Violation] = []
            self._messages: dict[str, dict[str, Any]] = {}
            self._status_urls: dict[str, str] = {}
            self._callbacks: list[CallbackRecord] = []

    # -- lifecycle ----------------------------------------------------------------------
    def start(self) -> FakeTwilio:
        """Load the contract (so a bad spec fails here, not mid-test) and start serving."""
        if self._httpd is None:
            self._contract = create_message_contract(str(self.spec))
            self._httpd = _Server(self)
            serve = functools.partial(self._httpd.serve_forever, poll_interval=0.05)
            self._threads = [threading.Thread(target=serve, name="fake-twilio", daemon=True)]
            self._threads += [threading.Thread(target=self._callback_loop, daemon=True,
                                               name=f"fake-twilio-cb{i}")
                              for i in range(self._workers_wanted)]
            for thread in self._threads:
                thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and cut keep-alive connections, so nothing answers after a test."""
        httpd, self._httpd = self._httpd, None
        if httpd is None:
            return
        httpd.shutdown()
        httpd.server_close()
        httpd.close_connections()
        for _ in self._threads[1:]:
            self._outbox.put(None)
        for thread in self._threads:
            thread.join(timeout=5)

    def __enter__(self) -> FakeTwilio:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        """E.g. ``http://127.0.0.1:54321``: what to assign to ``client.api.base_url``."""
        if self._httpd is None:
            raise RuntimeError("FakeTwilio is not running; call start() first")
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    def client(self) -> Client:
        """An SDK client aimed at this server (region/edge cleared, see module docstring)."""
        client = Client(self.account_sid, self.auth_token)
        client.region = client.edge = None
        client.api.base_url = self.base_url
        return client

    # -- scripting ----------------------------------------------------------------------
    def respond_with(self, status: int | None = None, *, code: int | None = None,
                     message: str | None = None, delay: float = 0.0,
                     retry_after: int | None = None, times: int = 1) -> None:
        """Queue the answer to the next valid create request(s), consumed one per request.

        ``status`` defaults to the code's own status (21610 -> 400), or 201 with no code, so
        ``respond_with(delay=2.0)`` means "succeed, slowly". Requests that break the contract
        get their 400 without consuming the queue: scripts model Twilio, not client bugs.
        """
        if status is None:
            status = status_for(code) if code is not None else 201
        with self._lock:
            self._script.extend([Scripted(status, code, message, delay, retry_after)] * times)

    def fail_all(self, status: int = 503, *, code: int | None = None, message: str | None = None,
                 retry_after: int | None = None, delay: float = 0.0) -> None:
        """An outage: every valid create request fails like this until ``recover()``."""
        with self._lock:
            self._outage = Scripted(status, code, message, delay, retry_after)

    def recover(self) -> None:
        """End the outage started by ``fail_all``; queued scripts resume."""
        with self._lock:
            self._outage = None

    # -- records ------------------------------------------------------------------------
    @property
    def requests(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._requests)

    @property
    def violations(self) -> list[Violation]:
        with self._lock:
            return list(self._violations)

    @property
    def messages(self) -> list[dict[str, Any]]:
        """Created message resources, oldest first, with statuses updated by callbacks."""
        with self._lock:
            return [dict(m) for m in self._messages.values()]

    @property
    def callbacks(self) -> list[CallbackRecord]:
        with self._lock:
            return list(self._callbacks)

    # -- the API ------------------------------------------------------------------------
    def _handle(self, method: str, target: str, headers: Message, raw: bytes) -> Reply:
        received = time.time()
        form = parse_qs(raw.decode("utf-8", "replace"), keep_blank_values=True)
        reply = self._route(method, target, headers, form)
        record = RecordedRequest(method, target, form, dict(headers.items()), received,
                                 reply.status, reply.body)
        with self._lock:
            self._requests.append(record)
        return reply

    def _route(self, method: str, target: str, headers: Message, form: Form) -> Reply:
        if basic_auth(headers.get("Authorization")) != (self.account_sid, self.auth_token):
            return Reply(401, error_body(20003, detail="Your AccountSid or AuthToken was "
                                                        "incorrect."),
                         {"WWW-Authenticate": 'Basic realm="Twilio API"'})
        path = urlsplit(target).path
        match = _ROUTE.fullmatch(path)
        if match is None or match[1] != self.account_sid:
            return Reply(404, error_body(
                20404, message=f"The requested resource {path} was not found"))
        if (method, match[2] is None) not in (("POST", True), ("GET", False), ("GET", True)):
            return Reply(405, error_body(20004, message=f"FakeTwilio serves no {method} {path}"))
        if match[2] is None and method == "GET":
            return self._list(path, parse_qs(urlsplit(target).query, keep_blank_values=True))
        if match[2] is not None:
            with self._lock:
                found = self._messages.get(match[2])
                found = None if found is None else dict(found)
            if found is None:
                return Reply(404, error_body(
                    20404, message=f"The requested resource {path} was not found"))
            return Reply(200, found)
        return self._create(headers, form)

    def _list(self, path: str, query: Form) -> Reply:
        """``ListMessage``: see tests/fakes/twilio_list.py."""
        with self._lock:
            outage = self._outage
        if outage is not None:  # an outage takes the whole API down, not only sending
            time.sleep(outage.delay)
            return outage.reply()
        found = twilio_list.problems(query, str(self.spec))
        if found:
            with self._lock:
                self._violations.append(Violation(time.time(), query, tuple(found), 70002))
            return Reply(400, error_body(70002, 400, "; ".join(found)))
        with self._lock:
            messages = [dict(m) for m in self._messages.values()]
        return Reply(200, twilio_list.page(messages, path, query))

    def _create(self, headers: Message, form: Form) -> Reply:
        assert self._contract is not None, "start() loads the contract"
        problems = self._contract.check(form)
        content_type = headers.get("Content-Type", "").split(";")[0].strip().lower()
        if content_type != FORM:
            problems.insert(0, (70002, f"Content-Type must be {FORM}, not {content_type!r}"))
        if problems:
            with self._lock:
                self._violations.append(Violation(time.time(), form,
                                                  tuple(m for _, m in problems), problems[0][0]))
            return Reply(400, error_body(problems[0][0], 400, "; ".join(m for _, m in problems)))
        with self._lock:
            scripted = self._outage or (self._script.popleft() if self._script else None)
        if scripted is not None:
            time.sleep(scripted.delay)
            if scripted.status >= 300:
                return scripted.reply()
        resource = self._new_message(form)
        callback = _first(form, "StatusCallback")
        with self._lock:
            self._messages[resource["sid"]] = resource
            if callback:
                self._status_urls[resource["sid"]] = callback
        if callback and self.auto_callbacks:
            with self._idle:
                self._pending += 1
            self._outbox.put((time.monotonic() + self.callback_delay, resource["sid"]))
        return Reply(scripted.status if scripted else 201, dict(resource))

    def _new_message(self, form: Form) -> dict[str, Any]:
        media = [url for url in form.get("MediaUrl", []) if url]
        sender, service = _first(form, "From"), _first(form, "MessagingServiceSid")
        sid = ("MM" if media else "SM") + uuid.uuid4().hex
        uri = f"/{API_VERSION}/Accounts/{self.account_sid}/Messages/{sid}"
        now = format_datetime(datetime.now(UTC))
        status = ("scheduled" if _first(form, "ScheduleType") == "fixed"
                  else "accepted" if sender is None else "queued")
        body = _first(form, "Body") or ""
        return {
            "account_sid": self.account_sid, "api_version": API_VERSION, "body": body,
            "date_created": now, "date_sent": None, "date_updated": now,
            "direction": "outbound-api", "error_code": None, "error_message": None,
            "from": sender, "messaging_service_sid": service, "num_media": str(len(media)),
            # Twilio reports 0 segments until a Messaging Service has picked a sender.
            "num_segments": str(count_segments(body)) if sender else "0",
            "price": None, "price_unit": "USD", "sid": sid, "status": status,
            "subresource_uris": {"media": f"{uri}/Media.json"}, "to": _first(form, "To"),
            "uri": f"{uri}.json",
        }

    # -- webhooks to the app ------------------------------------------------------------
    def send_status(self, message_sid: str, status: str, error_code: int | None = None, *,
                    signed: bool = True, forge: bool = False) -> int:
        """POST a status callback for a message to its StatusCallback; the app's HTTP status.

        ``failed``/``undelivered`` carry ``ErrorCode`` (30008 unless given). ``signed=False``
        omits X-Twilio-Signature; ``forge=True`` signs with a wrong token.
        """
        if status in ("failed", "undelivered") and error_code is None:
            error_code = DEFAULT_DELIVERY_ERROR
        with self._lock:
            message, url = self._messages.get(message_sid), self._status_urls.get(message_sid)
            if message is None or url is None:
                raise LookupError(f"{message_sid}: no such message with a StatusCallback")
            now = format_datetime(datetime.now(UTC))
            message.update(status=status, date_updated=now, error_code=error_code,
                           error_message=message_for(error_code) if error_code else None)
            if status in ("sent", "delivered") and message["date_sent"] is None:
                message["date_sent"] = now
            params = {"MessageSid": message_sid, "SmsSid": message_sid,
                      "AccountSid": self.account_sid, "MessagingServiceSid":
                      message["messaging_service_sid"], "From": message["from"],
                      "To": message["to"], "MessageStatus": status, "SmsStatus": status,
                      "ApiVersion": API_VERSION,
                      "ErrorCode": None if error_code is None else str(error_code)}
        params = {k: v for k, v in params.items() if v is not None}
        return self._post("status", url, params, signed=signed, forge=forge)

    def send_inbound(self, url: str, from_: str, to: str, body: str, *,
                     media_urls: Sequence[str] = (), extra: Mapping[str, str] | None = None,
                     signed: bool = True, forge: bool = False) -> int:
        """POST an incoming SMS webhook as Twilio does; returns the app's HTTP status."""
        sid = ("MM" if media_urls else "SM") + uuid.uuid4().hex
        params = {"MessageSid": sid, "SmsSid": sid, "SmsMessageSid": sid,
                  "AccountSid": self.account_sid, "From": from_, "To": to, "Body": body,
                  "NumMedia": str(len(media_urls)), "NumSegments": str(count_segments(body)),
                  "SmsStatus": "received", "ApiVersion": API_VERSION}
        for i, media_url in enumerate(media_urls):
            params[f"MediaUrl{i}"] = media_url
        params.update(extra or {})
        return self._post("inbound", url, params, signed=signed, forge=forge)

    def replay(self, record: CallbackRecord) -> int:
        """POST a webhook sent before again, byte for byte: same parameters, same signature
        (what Twilio's retry - or an attacker who captured it - sends)."""
        headers = {"Content-Type": FORM, "User-Agent": "TwilioProxy/1.1"}
        if record.signature:
            headers["X-Twilio-Signature"] = record.signature
        request = urllib.request.Request(record.url, urlencode(record.params).encode(),
                                         headers, method="POST")
        try:
            with _OPENER.open(request, timeout=10) as response:
                return response.status
        except urllib.error.HTTPError as exc:
            return exc.code

    def wait_for_callbacks(self, timeout: float = 5.0) -> bool:
        """Block until every automatic status callback has been sent; False on timeout."""
        with self._idle:
            return self._idle.wait_for(lambda: self._pending == 0, timeout)

    def _post(self, kind: str, url: str, params: dict[str, str], *, signed: bool,
              forge: bool) -> int:
        """Send one webhook, record it, and return the app's status (raise if unreachable)."""
        headers = {"Content-Type": FORM, "User-Agent": "TwilioProxy/1.1", "Accept": "*/*",
                   "I-Twilio-Idempotency-Token": str(uuid.uuid4())}
        signature = None
        if signed or forge:
            token = secrets.token_hex(16) if forge else self.auth_token
            signature = RequestValidator(token).compute_signature(url, params)
            headers["X-Twilio-Signature"] = signature
        request = urllib.request.Request(url, urlencode(params).encode(), headers, method="POST")
        status, body, error = None, b"", None
        try:
            with _OPENER.open(request, timeout=10) as response:
                status, body = response.status, response.read()
        except urllib.error.HTTPError as exc:
            status, body = exc.code, exc.read()
        except OSError as exc:
            error = repr(exc)
        record = CallbackRecord(kind, url, params, signature, status,
                                body.decode("utf-8", "replace"), time.time(), error)
        with self._lock:
            self._callbacks.append(record)
        if status is None:
            raise ConnectionError(f"{kind} webhook to {url} failed: {error}")
        return status

    def _callback_loop(self) -> None:
        """Worker: after ``callback_delay``, send each ``auto_callbacks`` status in order."""
        while (item := self._outbox.get()) is not None:
            due, sid = item
            time.sleep(max(0.0, due - time.monotonic()))
            try:
                for entry in self.auto_callbacks:
                    status, code = (entry, None) if isinstance(entry, str) else entry
                    self.send_status(sid, status, code)
            except (LookupError, ConnectionError):
                pass  # reset() forgot the message, or the app is down: recorded in callbacks
            finally:
                with self._idle:
                    self._pending -= 1
                    self._idle.notify_all()


def _first(form: Form, name: str) -> str | None:
    """The first non-blank value of a form field: Twilio treats ``Body=`` as no body."""
    return next((v for v in form.get(name, []) if v.strip()), None)


@pytest.fixture
def fake_twilio() -> Iterator[FakeTwilio]:
    """A running FakeTwilio for one test, stopped afterwards."""
    with FakeTwilio() as server:
        yield server
