"""A local, 46elks-compatible SMS API for provider tests and benchmarks.

Why: tests must exercise the real HTTP path (auth, form encoding, pooling, time-outs) without
sending SMS or spending credits. ``FakeElks46`` serves ``POST /a1/sms`` on 127.0.0.1 the way
https://46elks.com/docs/send-sms describes it: Basic auth (401 otherwise), form fields
``from``/``to``/``message`` (+ optional ``whendelivered``), 200 with the SMS as JSON, or 4xx
with a plain-text explanation; and ``GET /a1/sms``, the SMS history (docs/sms-history).
Failures can be scripted, and delivery reports and inbound-SMS webhooks can be posted back
to the application like 46elks would.

The fake validates on its own (it shares no code with the provider), so a bug in the
provider's checks cannot hide behind the same bug here.

In tests: bind the fixture with ``fake_elks46 = elks46_server.fake_elks46`` (an imported
fixture used as an argument trips ruff's F811) or use ``with FakeElks46() as server: ...``.
"""

from __future__ import annotations

import json
import math
import re
import threading
import time
import uuid
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
import requests

from ._http import KeepAliveServer, QuietHandler, basic_auth

_E164 = re.compile(r"\+[1-9][0-9]{1,14}")
_TEXT_SENDER = re.compile(r"[A-Za-z][A-Za-z0-9]{2,10}")
COST_PER_PART = 3500  # 46elks prices in 1/10000 of the account currency: 0.35 SEK
HISTORY_LIMIT = 100  # "At most 100 SMS can be retrieved at once."


@dataclass(frozen=True)
class Reply:
    """One scripted answer; ``status=None`` means "answer normally" (after ``delay``)."""

    status: int | None = None
    body: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


def _now() -> str:
    """46elks' timestamp style: naive UTC with microseconds."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")


def count_parts(message: str) -> int:
    """Roughly how 46elks splits a message: one part up to 160 characters, else 153 each."""
    return 1 if len(message) <= 160 else math.ceil(len(message) / 153)


class _Server(KeepAliveServer):
    def __init__(self, fake: FakeElks46) -> None:
        super().__init__(_Handler)
        self.fake = fake

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Quiet: clients that time out and hang up are part of the tests."""


class _Handler(QuietHandler):
    timeout = 30  # drop idle keep-alive connections eventually
    server: _Server

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode() if length > 0 else ""
        status, body, headers = self.server.fake._handle(
            self.command, self.path, self.headers.get("Authorization"), raw)
        content_type = "application/json" if status == 200 else "text/plain; charset=utf-8"
        payload = body.encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(payload)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(payload)
        except OSError:  # the client gave up (time-out test): nothing to answer to
            self.close_connection = True

    do_GET = do_PUT = do_DELETE = do_POST


class FakeElks46:
    """46elks' SMS API on 127.0.0.1:<ephemeral port>; see the module docstring."""

    def __init__(self, username: str = "u0f1e2d3c4b5a6978", password: str = "elks-secret",
                 *, balance: int | None = None) -> None:
        self.username, self.password = username, password
        self.balance = balance  # None: unlimited; else 403 "Insufficient credits" when spent
        self._lock = threading.Lock()
        self._script: deque[Reply] = deque()
        self._fail_all: Reply | None = None
        self._messages: list[dict[str, Any]] = []
        self._requests: list[dict[str, Any]] = []
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> FakeElks46:
        self._server = _Server(self)
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,),
                                        name="fake-46elks", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is None:
            return
        self._server.shutdown()
        self._server.close_connections()  # end keep-alive handler threads now
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = self._thread = None

    def __enter__(self) -> FakeElks46:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        assert self._server is not None, "FakeElks46 is not started"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/a1"

    @property
    def messages(self) -> list[dict[str, Any]]:
        """Accepted SMS, oldest first (copies: safe to read while requests arrive)."""
        with self._lock:
            return [dict(message) for message in self._messages]

    @property
    def requests(self) -> list[dict[str, Any]]:
        """Every request: method, path, form, authorized (the password is never kept)."""
        with self._lock:
            return [dict(request) for request in self._requests]

    def respond_with(self, status: int | None = None, *, body: str | None = None,
                     headers: dict[str, str] | None = None, retry_after: float | None = None,
                     delay: float = 0.0) -> None:
        """Script the next answer (queued: call several times for several answers)."""
        headers = dict(headers or {})
        if retry_after is not None:
            headers["Retry-After"] = f"{retry_after:g}"
        with self._lock:
            self._script.append(Reply(status, body, headers, delay))

    def fail_all(self, status: int = 503, *, body: str | None = None) -> None:
        """Answer every request with ``status`` until ``recover()`` (an outage)."""
        with self._lock:
            self._fail_all = Reply(status, body)

    def recover(self) -> None:
        with self._lock:
            self._fail_all = None
            self._script.clear()

    def _handle(self, method: str, target: str, authorization: str | None,
                raw: str) -> tuple[int, str, dict[str, str]]:
        form = dict(parse_qsl(raw, keep_blank_values=True)) if method == "POST" else {}
        authorized = basic_auth(authorization) == (self.username, self.password)
        with self._lock:
            self._requests.append({"method": method, "path": target, "form": form,
                                   "authorized": authorized})
            # Scripts shape answers to sending; an outage takes the whole API down.
            scripted = self._fail_all or (self._script.popleft()
                                          if self._script and method == "POST" else None)
        if scripted is not None:
            if scripted.delay:
                time.sleep(scripted.delay)
            if scripted.status is not None:
                body = scripted.body or HTTPStatus(scripted.status).phrase
                return scripted.status, body, dict(scripted.headers)
        if urlsplit(target).path.rstrip("/") != "/a1/sms" or method not in ("POST", "GET"):
            return 404, "Resource not found", {}
        if not authorized:
            return 401, "Authorization required", {"WWW-Authenticate": 'Basic realm="46elks"'}
        if method == "GET":
            return self._history(dict(parse_qsl(urlsplit(target).query)))
        return self._create(form)

    def _history(self, query: dict[str, str]) -> tuple[int, str, dict[str, str]]:
        """``GET /a1/sms`` as https://46elks.com/docs/sms-history describes it.

        Newest first, at most ``limit`` (and never more than 100) per page; ``start`` keeps
        SMS created before it, ``end`` those after it, ``to`` filters on the recipient;
        ``next`` is the ``start`` of the following page when more SMS are available.
        """
        limit = query.get("limit", str(HISTORY_LIMIT))
        if not limit.isdigit() or int(limit) < 1:
            return 400, "Invalid limit", {}
        bounds = {}
        for name in ("start", "end"):
            if name in query:
                try:
                    bounds[name] = datetime.fromisoformat(query[name])
                except ValueError:
                    return 400, f"Invalid {name}", {}
        with self._lock:
            history = [dict(m) for m in reversed(self._messages)]
        selected = [
            m for m in history
            if ("to" not in query or m["to"] == query["to"])
            and ("start" not in bounds or datetime.fromisoformat(m["created"]) < bounds["start"])
            and ("end" not in bounds or datetime.fromisoformat(m["created"]) > bounds["end"])]
        size = min(int(limit), HISTORY_LIMIT)
        data = [{k: v for k, v in m.items() if k not in ("whendelivered", "estimated_cost")}
                | {"cost": m["estimated_cost"]} for m in selected[:size]]
        answer: dict[str, Any] = {"data": data}
        if len(selected) > size:
            answer["next"] = data[-1]["created"]
        return 200, json.dumps(answer), {}

    def _create(self, form: dict[str, str]) -> tuple[int, str, dict[str, str]]:
        for key in ("from", "to", "message"):
            if not form.get(key):
                return 400, f"Missing key {key}", {}
        if not _E164.fullmatch(form["to"]):
            return 400, "Invalid to number", {}
        if not (_E164.fullmatch(form["from"]) or _TEXT_SENDER.fullmatch(form["from"])):
            return 400, "Invalid from number", {}
        callback = form.get("whendelivered")
        if callback is not None and urlsplit(callback).scheme not in ("http", "https"):
            return 400, "Invalid whendelivered url", {}
        parts = count_parts(form["message"])
        sms = {"status": "created", "direction": "outgoing", "from": form["from"],
               "to": form["to"], "message": form["message"], "created": _now(),
               "parts": parts, "estimated_cost": parts * COST_PER_PART,
               "id": "s" + uuid.uuid4().hex}
        with self._lock:
            if self.balance is not None:
                if self.balance < sms["estimated_cost"]:
                    return 403, "Insufficient credits", {}
                self.balance -= sms["estimated_cost"]
            self._messages.append({**sms, "whendelivered": callback})
        return 200, json.dumps(sms), {}

    def send_delivery_report(self, provider_id: str, status: str = "delivered") -> int:
        """POST a delivery report to the message's ``whendelivered``; the receiver's status.

        Like 46elks, ``delivered`` (UTC time) is only included when the status is delivered.
        """
        with self._lock:
            sms = next((m for m in self._messages if m["id"] == provider_id), None)
            if sms is None:
                raise KeyError(f"no SMS with id {provider_id}")
            sms["status"] = status
        if not sms["whendelivered"]:
            raise ValueError(f"SMS {provider_id} was sent without whendelivered")
        form = {"id": provider_id, "status": status}
        if status == "delivered":
            form["delivered"] = _now()
        response = requests.post(sms["whendelivered"], data=form, timeout=10,
                                 allow_redirects=False)
        return response.status_code

    def send_inbound(self, url: str, from_: str, to: str, message: str) -> tuple[int, str]:
        """POST an inbound SMS like a number's ``sms_url`` gets it; (status, response text)."""
        form = {"direction": "incoming", "id": "s" + uuid.uuid4().hex, "from": from_,
                "to": to, "message": message, "created": _now()}
        response = requests.post(url, data=form, timeout=10, allow_redirects=False)
        return response.status_code, response.text


@pytest.fixture
def fake_elks46() -> Iterator[FakeElks46]:
    """A running FakeElks46 for one test, stopped afterwards."""
    with FakeElks46() as server:
        yield server
