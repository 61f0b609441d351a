"""The 46elks provider against the local fake 46elks: real HTTP on 127.0.0.1, no mocks."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

import pytest

from notifications.providers.base import Accepted, Outgoing, PermanentError, RetryableError
from notifications.providers.elks46 import (
    Elks46Provider,
    parse_delivery_report,
    parse_inbound,
)
from tests.fakes import elks46_server
from tests.fakes.elks46_server import FakeElks46, count_parts

# The fixture, bound by assignment: an imported fixture used as a test argument trips F811.
fake_elks46 = elks46_server.fake_elks46

TO = "+46701234567"
BODY = "Din ansökan om bygglov har kommit in. Ärendenummer: BN-2024-0042"


def outgoing(recipient: str = TO, body: str = BODY, callback: str | None = None) -> Outgoing:
    return Outgoing(notification_id="n-1", channel="sms", recipient=recipient, body=body,
                    status_callback=callback)


def provider_for(server: FakeElks46, *, sender: str = "Kommunen", timeout: float = 5.0,
                 password: str | None = None) -> Elks46Provider:
    return Elks46Provider(server.username, password or server.password, sender,
                          base_url=server.base_url, timeout=timeout)


class _Receiver(ThreadingHTTPServer):
    """A tiny webhook endpoint: records form posts, answers ``status``."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _ReceiverHandler)
        self.posts: list[tuple[str, dict[str, str]]] = []
        self.status = 200

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"


class _ReceiverHandler(BaseHTTPRequestHandler):
    server: _Receiver

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""

    def do_POST(self) -> None:
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
        self.server.posts.append((self.path, dict(parse_qsl(raw, keep_blank_values=True))))
        self.send_response(self.server.status)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")


@pytest.fixture
def receiver() -> Iterator[_Receiver]:
    server = _Receiver()
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_send_returns_the_fakes_id_and_the_fake_got_exactly_our_fields(fake_elks46):
    callback = "https://tjanst.example.se/notifications/46elks/dlr?n=n-1"
    accepted = provider_for(fake_elks46).send(outgoing(callback=callback))

    [sms] = fake_elks46.messages
    assert accepted == Accepted(provider_id=sms["id"], status="sent")
    assert sms["id"].startswith("s") and len(sms["id"]) == 33
    assert (sms["from"], sms["to"], sms["message"], sms["whendelivered"]) == (
        "Kommunen", TO, BODY, callback)
    [request] = fake_elks46.requests
    assert request["authorized"] and request["path"] == "/a1/sms"


def test_whendelivered_is_left_out_when_there_is_no_callback(fake_elks46):
    provider_for(fake_elks46, sender="+46766861004").send(outgoing())

    [request] = fake_elks46.requests
    assert set(request["form"]) == {"from", "to", "message"}
    assert request["form"]["from"] == "+46766861004"


def test_one_session_serves_many_sends(fake_elks46):
    provider = provider_for(fake_elks46)
    ids = {provider.send(outgoing(body=f"Meddelande {i}")).provider_id for i in range(20)}

    assert len(ids) == 20
    assert [m["message"] for m in fake_elks46.messages] == [f"Meddelande {i}" for i in range(20)]


@pytest.mark.parametrize("status", [500, 502, 503])
def test_server_errors_are_retryable(fake_elks46, status):
    fake_elks46.respond_with(status=status)

    with pytest.raises(RetryableError) as raised:
        provider_for(fake_elks46).send(outgoing())

    assert raised.value.code == f"http-{status}"
    assert fake_elks46.messages == []


def test_429_is_retryable_and_carries_retry_after(fake_elks46):
    fake_elks46.respond_with(status=429, retry_after=7)

    with pytest.raises(RetryableError) as raised:
        provider_for(fake_elks46).send(outgoing())

    assert raised.value.code == "http-429"
    assert raised.value.retry_after == 7


def test_an_outage_fails_every_send_until_recovery(fake_elks46):
    provider = provider_for(fake_elks46)
    fake_elks46.fail_all(status=503)
    for _ in range(3):
        with pytest.raises(RetryableError):
            provider.send(outgoing())

    fake_elks46.recover()

    assert provider.send(outgoing()).provider_id == fake_elks46.messages[0]["id"]


def test_a_slow_answer_beyond_the_timeout_is_a_retryable_timeout(fake_elks46):
    fake_elks46.respond_with(delay=4)
    started = time.monotonic()

    with pytest.raises(RetryableError) as raised:
        provider_for(fake_elks46, timeout=0.3).send(outgoing())

    assert raised.value.code == "timeout"
    assert time.monotonic() - started < 3  # gave up long before the answer (room for a busy CI)


def test_connection_refused_is_retryable():
    with FakeElks46() as server:
        provider = provider_for(server)
    # The server is stopped: nothing listens on its port any more.
    with pytest.raises(RetryableError) as raised:
        provider.send(outgoing())

    assert raised.value.code == "connection"


def test_an_invalid_to_number_is_permanent_and_does_not_leak_the_number(fake_elks46):
    bad_number = "+46 70 123"

    with pytest.raises(PermanentError) as raised:
        provider_for(fake_elks46).send(outgoing(recipient=bad_number))

    assert raised.value.code == "invalid-number"
    assert raised.value.status == "permanent-failure"
    assert bad_number not in str(raised.value)
    assert fake_elks46.messages == []


def test_other_4xx_are_permanent_with_status_code_and_scrubbed_text(fake_elks46):
    fake_elks46.respond_with(status=400, body=f"Message {BODY!r} to {TO} rejected " + "x" * 300)

    with pytest.raises(PermanentError) as raised:
        provider_for(fake_elks46).send(outgoing())

    text = str(raised.value)
    assert raised.value.code == "http-400"
    assert "rejected" in text
    assert TO not in text and BODY not in text
    assert len(text) < 260


def test_bad_credentials_are_retryable_auth_errors(fake_elks46):
    with pytest.raises(RetryableError) as raised:
        provider_for(fake_elks46, password="wrong").send(outgoing())

    assert raised.value.code == "auth"
    assert [r["authorized"] for r in fake_elks46.requests] == [False]
    assert fake_elks46.messages == []


def test_forbidden_is_an_auth_error_too(fake_elks46):
    fake_elks46.respond_with(status=403, body="Account disabled")

    with pytest.raises(RetryableError) as raised:
        provider_for(fake_elks46).send(outgoing())

    assert raised.value.code == "auth"


def test_running_out_of_credits_is_retryable():
    with FakeElks46(balance=3500) as server:
        provider = provider_for(server)
        provider.send(outgoing())
        with pytest.raises(RetryableError) as raised:
            provider.send(outgoing())

    assert raised.value.code == "credits"
    assert len(server.messages) == 1


@pytest.mark.parametrize("sender", ["AB", "TolvTeckenXY", "1Kommun", "Kom mun", "Växjö",
                                    "46701234567", "+0701234567", "", "Kommun\n"])
def test_constructor_refuses_invalid_senders(sender):
    with pytest.raises(ValueError, match="sender"):
        Elks46Provider("u", "p", sender)


@pytest.mark.parametrize("sender", ["Kommunen", "ABC", "Tjanst12345", "+46766861004"])
def test_constructor_accepts_valid_senders(sender):
    assert Elks46Provider("u", "p", sender).sender == sender


@pytest.mark.parametrize(("elks_status", "ours"),
                         [("delivered", "delivered"), ("failed", "failed"), ("sent", "sent")])
def test_parse_delivery_report_maps_statuses(elks_status, ours):
    form = {"id": "s70df59406a1b4643b96f3f91e0bfb7b7", "status": elks_status,
            "delivered": "2024-05-02T10:11:12.123456"}

    assert parse_delivery_report(form) == ("s70df59406a1b4643b96f3f91e0bfb7b7", ours)


@pytest.mark.parametrize("form", [{"status": "delivered"}, {"id": "s1", "status": "lost"},
                                  {"id": "s1"}])
def test_parse_delivery_report_refuses_unusable_reports(form):
    with pytest.raises(ValueError):
        parse_delivery_report(form)


def test_parse_inbound_returns_from_to_message():
    form = {"direction": "incoming", "id": "sf8425555e5d8db61dda7a7b3f1b91bdb",
            "from": "+46706861004", "to": "+46706860000", "message": "STOPP",
            "created": "2018-07-13T13:57:23.741000"}

    assert parse_inbound(form) == ("+46706861004", "+46706860000", "STOPP")


def test_parse_inbound_refuses_a_form_without_sender():
    with pytest.raises(ValueError):
        parse_inbound({"to": "+46706860000", "message": "Hej"})


def test_delivery_report_reaches_the_receiver_with_46elks_fields(fake_elks46, receiver):
    callback = receiver.url + "/notifications/46elks/dlr?n=n-1"
    accepted = provider_for(fake_elks46).send(outgoing(callback=callback))

    assert fake_elks46.send_delivery_report(accepted.provider_id) == 200

    [(path, form)] = receiver.posts
    assert path == "/notifications/46elks/dlr?n=n-1"
    assert set(form) == {"id", "status", "delivered"}
    assert form["id"] == accepted.provider_id and form["status"] == "delivered"
    assert parse_delivery_report(form) == (accepted.provider_id, "delivered")


def test_failed_report_has_no_delivered_time_and_receiver_status_is_returned(
        fake_elks46, receiver):
    receiver.status = 500
    accepted = provider_for(fake_elks46).send(outgoing(callback=receiver.url + "/dlr"))

    assert fake_elks46.send_delivery_report(accepted.provider_id, status="failed") == 500
    assert receiver.posts == [("/dlr", {"id": accepted.provider_id, "status": "failed"})]


def test_inbound_webhook_reaches_the_receiver(fake_elks46, receiver):
    status, text = fake_elks46.send_inbound(receiver.url + "/sms/in", "+46706861004",
                                            "+46706860000", "STOPP")

    assert (status, text) == (200, "ok")
    [(path, form)] = receiver.posts
    assert path == "/sms/in"
    assert parse_inbound(form) == ("+46706861004", "+46706860000", "STOPP")
    assert form["id"].startswith("s") and form["direction"] == "incoming"


@pytest.mark.parametrize(("length", "parts"), [(1, 1), (160, 1), (161, 2), (306, 2), (307, 3)])
def test_fake_counts_parts_like_46elks(length, parts):
    assert count_parts("a" * length) == parts
