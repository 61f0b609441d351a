"""46elks' answers, as both HTTP clients of our provider read them (a local 46elks server)."""

import pytest

from notifications import eventloop
from notifications.providers.base import Outgoing, PermanentError, RetryableError
from notifications.providers.elks46 import Elks46Provider
from tests.fakes import elks46_server

fake_elks46 = elks46_server.fake_elks46
MESSAGE = Outgoing("n-1", "sms", "+46701234567", "Hej från kommunen")


@pytest.fixture(params=["blocking", "asyncio"])
def send(request, fake_elks46):
    """``send`` or ``send_async`` of one provider, called the same way."""
    provider = Elks46Provider(fake_elks46.username, fake_elks46.password, "Exempelkn",
                              base_url=fake_elks46.base_url, timeout=0.5)
    if request.param == "blocking":
        yield provider.send
    else:
        yield lambda message: eventloop.run(lambda: provider.send_async(message),
                                            provider.aclose)
    provider.close()


def test_a_message_is_accepted_with_46elks_id(send, fake_elks46):
    accepted = send(MESSAGE)
    [sms] = fake_elks46.messages
    assert accepted.provider_id == sms["id"]
    assert (sms["from"], sms["to"], sms["message"]) == ("Exempelkn", MESSAGE.recipient,
                                                        MESSAGE.body)
    assert all(request["authorized"] for request in fake_elks46.requests)


@pytest.mark.parametrize(("status", "body", "kind", "code"), [
    (401, "Authorization required", RetryableError, "auth"),
    (403, "Insufficient credits", RetryableError, "credits"),
    (400, "Invalid to number", PermanentError, "invalid-number"),
    (400, "Missing key message", PermanentError, "http-400"),
    (500, None, RetryableError, "http-500"),
])
def test_refusals_are_retryable_or_final(send, fake_elks46, status, body, kind, code):
    fake_elks46.respond_with(status, body=body)
    with pytest.raises(kind) as refused:
        send(MESSAGE)
    assert refused.value.code == code
    assert MESSAGE.recipient not in str(refused.value)


def test_429_carries_retry_after(send, fake_elks46):
    fake_elks46.respond_with(429, retry_after=30)
    with pytest.raises(RetryableError) as refused:
        send(MESSAGE)
    assert (refused.value.code, refused.value.retry_after) == ("http-429", 30)


def test_an_echoed_number_or_text_never_reaches_our_errors(send, fake_elks46):
    fake_elks46.respond_with(400, body=f"Bad message {MESSAGE.body} to {MESSAGE.recipient}")
    with pytest.raises(PermanentError) as refused:
        send(MESSAGE)
    assert str(refused.value) == "46elks answered 400: Bad message <message> to <to>"


def test_a_200_without_an_id_is_retried_not_lost(send, fake_elks46):
    fake_elks46.respond_with(200, body='{"status": "created"}')
    with pytest.raises(RetryableError) as refused:
        send(MESSAGE)
    assert refused.value.code == "bad-response"


def test_a_slow_answer_times_out(send, fake_elks46):
    fake_elks46.respond_with(delay=1.5)
    with pytest.raises(RetryableError) as refused:
        send(MESSAGE)
    assert refused.value.code == "timeout"


def test_an_unreachable_server_is_a_connection_error():
    provider = Elks46Provider("u", "p", "Exempelkn", base_url="http://127.0.0.1:9/a1",
                              timeout=2)

    for attempt in (lambda: provider.send(MESSAGE),
                    lambda: eventloop.run(lambda: provider.send_async(MESSAGE),
                                          provider.aclose)):
        with pytest.raises(RetryableError) as refused:
            attempt()
        assert refused.value.code == "connection"
