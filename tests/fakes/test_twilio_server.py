"""The fake Twilio must behave like Twilio to the real SDK, or contract tests prove nothing.

Everything here drives ``FakeTwilio`` through the unpatched twilio SDK (or raw HTTP where the
SDK refuses to send a broken request) and checks webhook signatures with the SDK's own
``RequestValidator``, the same check the product's webhook views make.
"""

from __future__ import annotations

import copy
import json
import re
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pytest
import requests
from jsonschema import Draft4Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4
from twilio.base.exceptions import TwilioRestException
from twilio.request_validator import RequestValidator
from twilio.rest import Client

from tests.fakes import twilio_server
from tests.fakes.twilio_errors import (
    SPEC_ENV,
    code_for,
    error_body,
    load_spec,
    spec_path,
    status_for,
)
from tests.fakes.twilio_server import FakeTwilio, count_segments

# The fixture, bound by assignment: an imported fixture used as a test argument trips F811.
fake_twilio = twilio_server.fake_twilio

TO, FROM = "+46701234567", "+46700000000"
SERVICE = "MG" + "ab" * 16


def sdk_client(server: FakeTwilio) -> Client:
    """Exactly how the product points the SDK at Twilio, with the base URL swapped."""
    client = Client(server.account_sid, server.auth_token)
    client.api.base_url = server.base_url
    return client


def post_form(server: FakeTwilio, data: Any, auth: tuple[str, str] | None = None
              ) -> requests.Response:
    """A raw create request, for bodies the SDK would never send."""
    return requests.post(f"{server.base_url}/2010-04-01/Accounts/{server.account_sid}"
                         "/Messages.json", data=data, timeout=10,
                         auth=auth or (server.account_sid, server.auth_token))


@dataclass(frozen=True)
class Hit:
    url: str
    params: dict[str, str]
    headers: dict[str, str]
    valid: bool


class Receiver:
    """Stands in for the app's webhook views: answers 204 to a valid Twilio signature, else 403."""

    def __init__(self, auth_token: str) -> None:
        self.hits: list[Hit] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
                params = {k: v[0] for k, v in parse_qs(raw, keep_blank_values=True).items()}
                url = receiver.url + self.path
                signature = self.headers.get("X-Twilio-Signature", "")
                valid = RequestValidator(auth_token).validate(url, params, signature)
                receiver.hits.append(Hit(url, params, dict(self.headers.items()), valid))
                self.send_response(204 if valid else 403)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def receiver(fake_twilio: FakeTwilio) -> Iterator[Receiver]:
    app = Receiver(fake_twilio.auth_token)
    yield app
    app.close()


def test_sdk_create_returns_a_queued_message(fake_twilio: FakeTwilio) -> None:
    message = sdk_client(fake_twilio).messages.create(
        to=TO, from_=FROM, body="Hej", status_callback="http://127.0.0.1:5000/cb")

    assert re.fullmatch(r"SM[0-9a-f]{32}", message.sid)
    assert (message.status, message.to, message.from_, message.body) == ("queued", TO, FROM, "Hej")
    assert message.direction == "outbound-api" and message.num_segments == "1"
    assert message.account_sid == fake_twilio.account_sid and message.price is None
    assert abs((datetime.now(UTC) - message.date_created).total_seconds()) < 60
    assert [m["sid"] for m in fake_twilio.messages] == [message.sid]
    [request] = fake_twilio.requests
    assert request.status == 201 and request.form["StatusCallback"] == ["http://127.0.0.1:5000/cb"]
    assert request.headers["X-Twilio-Client"].startswith("python-")
    assert fake_twilio.violations == []


def _nullable_to_json_schema(node: Any) -> Any:
    """OpenAPI 3.0 ``nullable: true`` means JSON Schema ``type: [t, "null"]``."""
    if isinstance(node, dict):
        node = {k: _nullable_to_json_schema(v) for k, v in node.items()}
        if node.pop("nullable", False) and "type" in node:
            node["type"] = [node["type"], "null"]
    elif isinstance(node, list):
        node = [_nullable_to_json_schema(v) for v in node]
    return node


def test_created_resource_has_every_field_of_the_spec_schema(fake_twilio: FakeTwilio) -> None:
    spec = _nullable_to_json_schema(load_spec(str(spec_path())))
    schema = spec["components"]["schemas"]["api.v2010.account.message"]
    schema.update(required=sorted(schema["properties"]), additionalProperties=False)
    registry = Registry().with_resource("urn:spec", Resource.from_contents(
        spec, default_specification=DRAFT4))
    validator = Draft4Validator(
        {"$ref": "urn:spec#/components/schemas/api.v2010.account.message"}, registry=registry)

    response = post_form(fake_twilio, {"To": TO, "From": FROM, "Body": "Hej"})

    assert response.status_code == 201
    resource = response.json()
    assert [e.message for e in validator.iter_errors(resource)] == []
    assert parsedate_to_datetime(resource["date_created"]).tzinfo is not None
    assert resource["uri"] == (f"/2010-04-01/Accounts/{fake_twilio.account_sid}"
                               f"/Messages/{resource['sid']}.json")


@pytest.mark.parametrize(("script", "status", "code"), [
    ({"status": 500}, 500, 20500),
    ({"status": 503}, 503, 20503),
    ({"status": 429, "retry_after": 3}, 429, 20429),
    ({"status": 400, "code": 21211}, 400, 21211),
    ({"code": 21610}, 400, 21610),
    ({"code": 21614}, 400, 21614),
])
def test_scripted_errors_reach_the_sdk(fake_twilio: FakeTwilio, script: dict[str, Any],
                                       status: int, code: int) -> None:
    client = sdk_client(fake_twilio)
    fake_twilio.respond_with(**script)

    with pytest.raises(TwilioRestException) as raised:
        client.messages.create(to=TO, from_=FROM, body="Hej")

    assert (raised.value.status, raised.value.code) == (status, code)
    assert client.messages.create(to=TO, from_=FROM, body="Hej").status == "queued"
    assert len(fake_twilio.messages) == 1 and fake_twilio.violations == []


def test_scripts_are_consumed_one_per_request_in_order(fake_twilio: FakeTwilio) -> None:
    fake_twilio.respond_with(status=500)
    fake_twilio.respond_with(code=21211, message="The 'To' number 123 is not valid.")
    fake_twilio.respond_with(status=429, retry_after=7)

    responses = [post_form(fake_twilio, {"To": TO, "From": FROM, "Body": "x"}) for _ in range(4)]

    assert [r.status_code for r in responses] == [500, 400, 429, 201]
    assert responses[1].json() == {"code": 21211, "message": "The 'To' number 123 is not valid.",
                                   "more_info": "https://www.twilio.com/docs/errors/21211",
                                   "status": 400}
    assert responses[2].headers["Retry-After"] == "7"
    assert "Retry-After" not in responses[0].headers
    assert [r.status for r in fake_twilio.requests] == [500, 400, 429, 201]


def test_a_slow_response_takes_at_least_the_delay(fake_twilio: FakeTwilio) -> None:
    client = sdk_client(fake_twilio)
    fake_twilio.respond_with(delay=1.5)

    started = time.monotonic()
    message = client.messages.create(to=TO, from_=FROM, body="Hej")
    slow = time.monotonic() - started
    started = time.monotonic()
    client.messages.create(to=TO, from_=FROM, body="Hej")
    fast = time.monotonic() - started

    assert message.status == "queued"
    assert slow >= 1.5 > fast


def test_fail_all_fails_every_request_until_recover(fake_twilio: FakeTwilio) -> None:
    client = sdk_client(fake_twilio)
    fake_twilio.respond_with(status=500)
    fake_twilio.fail_all(status=503, retry_after=2)

    for _ in range(3):
        with pytest.raises(TwilioRestException) as raised:
            client.messages.create(to=TO, from_=FROM, body="Hej")
        assert (raised.value.status, raised.value.code) == (503, 20503)
    fake_twilio.recover()

    with pytest.raises(TwilioRestException) as raised:  # the queued script survived the outage
        client.messages.create(to=TO, from_=FROM, body="Hej")
    assert raised.value.status == 500
    assert client.messages.create(to=TO, from_=FROM, body="Hej").status == "queued"


@pytest.mark.parametrize(("form", "code", "mentions"), [
    ({"From": FROM, "Body": "x"}, 21604, "'To'"),
    ({"To": "", "From": FROM, "Body": "x"}, 21604, "'To'"),
    ({"To": TO, "Body": "x"}, 21603, "MessagingServiceSid"),
    ({"To": TO, "From": FROM}, 21619, "body"),
    ({"To": TO, "From": FROM, "Body": "x", "ContentRetention": "forever"}, 70002,
     "ContentRetention"),
    ({"To": TO, "From": FROM, "Body": "x", "ValidityPeriod": "soon"}, 70002, "ValidityPeriod"),
    ({"To": TO, "From": FROM, "Body": "x", "ProvideFeedback": "yes"}, 70002, "ProvideFeedback"),
    ({"To": TO, "MessagingServiceSid": "MG123", "Body": "x"}, 70002, "MessagingServiceSid"),
    ({"To": TO, "From": FROM, "Body": ["x", "y"]}, 70002, "Body"),
])
def test_requests_breaking_the_contract_get_400_and_are_recorded(
        fake_twilio: FakeTwilio, form: dict[str, Any], code: int, mentions: str) -> None:
    fake_twilio.respond_with(status=500)  # a client bug is reported before any script runs

    response = post_form(fake_twilio, form)

    assert response.status_code == 400
    assert response.json()["code"] == code
    assert response.json()["more_info"] == f"https://www.twilio.com/docs/errors/{code}"
    [violation] = fake_twilio.violations
    assert violation.code == code and any(mentions in e for e in violation.errors)
    assert fake_twilio.messages == []
    assert post_form(fake_twilio, {"To": TO, "From": FROM, "Body": "x"}).status_code == 500


def test_a_json_body_is_a_violation(fake_twilio: FakeTwilio) -> None:
    response = requests.post(
        f"{fake_twilio.base_url}/2010-04-01/Accounts/{fake_twilio.account_sid}/Messages.json",
        json={"To": TO, "From": FROM, "Body": "x"}, timeout=10,
        auth=(fake_twilio.account_sid, fake_twilio.auth_token))

    assert response.status_code == 400
    assert "Content-Type" in fake_twilio.violations[0].errors[0]


def test_typed_and_repeated_fields_are_coerced_before_validation(
        fake_twilio: FakeTwilio) -> None:
    message = sdk_client(fake_twilio).messages.create(
        to=TO, from_=FROM, media_url=["https://example.com/a.png", "https://example.com/b.png"],
        validity_period=60, provide_feedback=True, max_price=0.5, attempt=1,
        content_retention="retain")

    assert fake_twilio.violations == []
    assert message.sid.startswith("MM") and message.num_media == "2"
    assert fake_twilio.requests[0].form["ValidityPeriod"] == ["60"]


def test_a_messaging_service_send_is_accepted_without_a_sender(fake_twilio: FakeTwilio) -> None:
    message = sdk_client(fake_twilio).messages.create(
        to=TO, messaging_service_sid=SERVICE, body="Hej")

    assert (message.status, message.from_, message.num_segments) == ("accepted", None, "0")
    assert message.messaging_service_sid == SERVICE and fake_twilio.violations == []


def test_wrong_credentials_get_401(fake_twilio: FakeTwilio) -> None:
    client = Client(fake_twilio.account_sid, "0" * 32)
    client.api.base_url = fake_twilio.base_url

    with pytest.raises(TwilioRestException) as raised:
        client.messages.create(to=TO, from_=FROM, body="Hej")
    anonymous = requests.post(f"{fake_twilio.base_url}/2010-04-01/Accounts/"
                              f"{fake_twilio.account_sid}/Messages.json", timeout=10)

    assert (raised.value.status, raised.value.code) == (401, 20003)
    assert anonymous.status_code == 401 and anonymous.json()["code"] == 20003
    assert anonymous.headers["WWW-Authenticate"].startswith("Basic")
    assert fake_twilio.messages == [] and fake_twilio.violations == []


def test_another_accounts_path_gets_404(fake_twilio: FakeTwilio) -> None:
    client = Client(fake_twilio.account_sid, fake_twilio.auth_token,
                    account_sid="AC" + "0" * 32)
    client.api.base_url = fake_twilio.base_url

    with pytest.raises(TwilioRestException) as raised:
        client.messages.create(to=TO, from_=FROM, body="Hej")

    assert (raised.value.status, raised.value.code) == (404, 20404)
    assert fake_twilio.messages == []


def test_status_callback_is_signed_like_twilio(fake_twilio: FakeTwilio,
                                               receiver: Receiver) -> None:
    url = receiver.url + "/twilio/status?notice=42"
    sid = sdk_client(fake_twilio).messages.create(
        to=TO, from_=FROM, body="Hej", status_callback=url).sid

    assert fake_twilio.send_status(sid, "delivered") == 204

    [hit] = receiver.hits
    assert RequestValidator(fake_twilio.auth_token).validate(
        url, hit.params, hit.headers["X-Twilio-Signature"])
    assert hit.params == {"MessageSid": sid, "SmsSid": sid, "AccountSid": fake_twilio.account_sid,
                          "From": FROM, "To": TO, "MessageStatus": "delivered",
                          "SmsStatus": "delivered", "ApiVersion": "2010-04-01"}
    assert fake_twilio.callbacks[0].status == 204


def test_forged_and_unsigned_callbacks_do_not_validate(fake_twilio: FakeTwilio,
                                                       receiver: Receiver) -> None:
    url = receiver.url + "/twilio/status"
    sid = sdk_client(fake_twilio).messages.create(
        to=TO, from_=FROM, body="Hej", status_callback=url).sid

    assert fake_twilio.send_status(sid, "sent", forge=True) == 403
    assert fake_twilio.send_status(sid, "sent", signed=False) == 403

    forged, unsigned = receiver.hits
    assert not RequestValidator(fake_twilio.auth_token).validate(
        url, forged.params, forged.headers["X-Twilio-Signature"])
    assert "X-Twilio-Signature" not in unsigned.headers


def test_failed_delivery_reaches_callback_and_resource(fake_twilio: FakeTwilio,
                                                       receiver: Receiver) -> None:
    client = sdk_client(fake_twilio)
    sid = client.messages.create(to=TO, from_=FROM, body="Hej",
                                 status_callback=receiver.url + "/cb").sid

    assert fake_twilio.send_status(sid, "undelivered", error_code=30003) == 204
    assert fake_twilio.send_status(sid, "failed") == 204

    assert [h.params.get("ErrorCode") for h in receiver.hits] == ["30003", "30008"]
    fetched = client.messages(sid).fetch()
    assert (fetched.status, fetched.error_code) == ("failed", 30008)


def test_auto_callbacks_follow_each_create(fake_twilio: FakeTwilio, receiver: Receiver) -> None:
    with FakeTwilio(account_sid=fake_twilio.account_sid, auth_token=fake_twilio.auth_token,
                    auto_callbacks=["sent", "delivered"]) as server:
        sid = sdk_client(server).messages.create(
            to=TO, from_=FROM, body="Hej", status_callback=receiver.url + "/cb").sid
        sdk_client(server).messages.create(to=TO, from_=FROM, body="no callback url")

        assert server.wait_for_callbacks(timeout=5)
        assert [(h.params["MessageSid"], h.params["MessageStatus"]) for h in receiver.hits] == [
            (sid, "sent"), (sid, "delivered")]
        assert all(h.valid for h in receiver.hits)
        assert server.messages[0]["status"] == "delivered" and server.messages[0]["date_sent"]


def test_inbound_sms_is_signed_like_twilio(fake_twilio: FakeTwilio, receiver: Receiver) -> None:
    url = receiver.url + "/twilio/sms?municipality=1"

    assert fake_twilio.send_inbound(url, from_=TO, to=FROM, body="STOPP") == 204
    assert fake_twilio.send_inbound(url, from_=TO, to=FROM, body="STOPP", forge=True) == 403

    valid, forged = receiver.hits
    assert RequestValidator(fake_twilio.auth_token).validate(
        url, valid.params, valid.headers["X-Twilio-Signature"])
    assert re.fullmatch(r"SM[0-9a-f]{32}", valid.params["MessageSid"])
    assert {k: valid.params[k] for k in ("From", "To", "Body", "NumMedia", "AccountSid")} == {
        "From": TO, "To": FROM, "Body": "STOPP", "NumMedia": "0",
        "AccountSid": fake_twilio.account_sid}
    assert not forged.valid


def test_concurrent_creates_are_all_recorded(fake_twilio: FakeTwilio) -> None:
    local = threading.local()

    def send(i: int) -> str:
        if not hasattr(local, "client"):
            local.client = sdk_client(fake_twilio)
        return local.client.messages.create(to=TO, from_=FROM, body=f"n{i}").sid

    with ThreadPoolExecutor(max_workers=32) as pool:
        sids = list(pool.map(send, range(400)))

    assert len(set(sids)) == 400
    assert sorted(m["sid"] for m in fake_twilio.messages) == sorted(sids)
    assert len(fake_twilio.requests) == 400 and fake_twilio.violations == []


def test_stop_closes_the_port_and_pooled_connections() -> None:
    server = FakeTwilio().start()
    client = server.client()
    client.messages.create(to=TO, from_=FROM, body="Hej")

    server.stop()

    with pytest.raises(requests.ConnectionError):
        client.messages.create(to=TO, from_=FROM, body="Hej")
    with pytest.raises(RuntimeError):
        _ = server.base_url


def test_reset_forgets_requests_messages_and_scripts(fake_twilio: FakeTwilio) -> None:
    post_form(fake_twilio, {"To": TO, "Body": "x"})
    post_form(fake_twilio, {"To": TO, "From": FROM, "Body": "x"})
    fake_twilio.respond_with(status=500)
    fake_twilio.fail_all()

    fake_twilio.reset()

    assert (fake_twilio.requests, fake_twilio.messages, fake_twilio.violations) == ([], [], [])
    assert post_form(fake_twilio, {"To": TO, "From": FROM, "Body": "x"}).status_code == 201


def test_spec_can_be_overridden_by_environment(monkeypatch: pytest.MonkeyPatch,
                                               tmp_path: Path) -> None:
    spec = copy.deepcopy(load_spec(str(spec_path())))
    operation = spec["paths"]["/2010-04-01/Accounts/{AccountSid}/Messages.json"]["post"]
    operation["requestBody"]["content"]["application/x-www-form-urlencoded"]["schema"][
        "required"].append("Attempt")
    (tmp_path / "spec.json").write_text(json.dumps(spec), encoding="utf-8")
    monkeypatch.setenv(SPEC_ENV, str(tmp_path / "spec.json"))

    with FakeTwilio() as server:
        client = server.client()
        with pytest.raises(TwilioRestException):
            client.messages.create(to=TO, from_=FROM, body="Hej")
        client.messages.create(to=TO, from_=FROM, body="Hej", attempt=1)

        assert "'Attempt' is a required property" in server.violations[0].errors
        assert len(server.messages) == 1


def test_error_helpers_build_twilio_shaped_bodies() -> None:
    assert error_body(21610) == {"code": 21610, "status": 400,
                                 "message": "Attempt to send to unsubscribed recipient",
                                 "more_info": "https://www.twilio.com/docs/errors/21610"}
    assert error_body(12345, 418)["message"] == "Twilio error 12345"
    assert (status_for(20003), status_for(21211), code_for(429), code_for(502)) == (
        401, 400, 20429, 20500)


@pytest.mark.parametrize(("body", "segments"), [
    ("Hej", 1), ("a" * 160, 1), ("a" * 161, 2), ("å" * 160, 1), ("{" * 80, 1), ("{" * 81, 2),
    ("ж" * 70, 1), ("ж" * 71, 2), ("😀" * 35, 1), ("😀" * 36, 2), ("a" * 306, 2), ("a" * 307, 3),
])
def test_segments_are_counted_as_twilio_bills_them(body: str, segments: int) -> None:
    assert count_segments(body) == segments
