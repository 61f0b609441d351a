"""X-Forwarded-* headers count only on requests that come from a trusted proxy."""

from __future__ import annotations

import pytest
from flask import jsonify, request

from eservices import limits
from eservices.config import ConfigurationError

PROXY, CLIENT, SPOOFED = "127.0.0.1", "203.0.113.9", "198.51.100.77"


@pytest.fixture
def proxied(make_app):
    def factory(**settings):
        app = make_app(TRUSTED_PROXIES=1, **settings)

        @app.route("/_test/who")
        def who():
            return jsonify(address=request.remote_addr, client=limits.client_key(),
                           host=request.host, scheme=request.scheme)

        return app.test_client()

    return factory


def test_a_trusted_proxy_forwards_the_client_address(proxied):
    client = proxied(TRUSTED_HOSTS=["e.exempelkommun.se"])
    answer = client.get("/_test/who", environ_base={"REMOTE_ADDR": PROXY}, headers={
        "X-Forwarded-For": CLIENT, "X-Forwarded-Proto": "https",
        "X-Forwarded-Host": "e.exempelkommun.se"}).json
    assert answer == {"address": CLIENT, "client": CLIENT, "host": "e.exempelkommun.se",
                      "scheme": "https"}


def test_a_direct_request_cannot_choose_its_address(proxied):
    client = proxied()
    for spoofed in (SPOOFED, "10.0.0.1", f"{SPOOFED}, {PROXY}"):
        answer = client.get("/_test/who", environ_base={"REMOTE_ADDR": CLIENT}, headers={
            "X-Forwarded-For": spoofed, "X-Forwarded-Proto": "https",
            "X-Forwarded-Host": "evil.example", "Forwarded": f"for={SPOOFED}"}).json
        assert answer["address"] == answer["client"] == CLIENT and answer["scheme"] == "http"
        assert answer["host"] == "localhost"


def test_spoofed_addresses_do_not_escape_a_rate_limit(proxied):
    client = proxied(WTF_CSRF_ENABLED=False)
    answers = [client.post("/staff/sign-in", data={"username": f"u{n}", "password": "x"},
                           environ_base={"REMOTE_ADDR": CLIENT},
                           headers={"X-Forwarded-For": f"198.51.100.{n}"}).status_code
               for n in range(25)]
    assert 429 in answers  # 20 per minute from one address, however it names itself


def test_proxy_networks_are_checked_at_start(make_app):
    with pytest.raises(ConfigurationError, match="TRUSTED_PROXY_ADDRESSES"):
        make_app(TRUSTED_PROXIES=1, TRUSTED_PROXY_ADDRESSES=["10.0.0.0/33"])
    client = make_app(TRUSTED_PROXIES=1, TRUSTED_PROXY_ADDRESSES=["10.1.0.0/16"]).test_client()
    response = client.get("/healthz", environ_base={"REMOTE_ADDR": "10.1.2.3"},
                          headers={"X-Forwarded-Host": "evil.example"})
    assert response.status_code == 400  # the proxy is trusted; the host it names is not
