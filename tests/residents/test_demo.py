"""The demo provider: test identities only where it is switched on, never in production."""

from __future__ import annotations

import pytest

from eservices import create_app
from eservices.config import ConfigurationError
from eservices.testing import csrf_token_from

from .conftest import add_probe


def demo_post(client, person: str, level: str, query: str = "?next=/probe/who"):
    page = client.get(f"/e-legitimation/test{query}").get_data(as_text=True)
    return client.post(f"/e-legitimation/test{query}", data={
        "person": person, "level": level, "csrf_token": csrf_token_from(page)})


def test_demo_signs_in_through_the_same_session(make_app):
    client = add_probe(make_app(EID_DEMO_ENABLED=True)).test_client()
    page = client.get("/e-legitimation/").get_data(as_text=True)
    assert 'href="/e-legitimation/test?next=/"' in page
    response = demo_post(client, "198112189876", "loa2")
    assert response.status_code == 302 and response.headers["Location"] == "/probe/who"
    assert client.get("/probe/who").get_data(as_text=True) == "Karl Karlsson|198112189876|loa2||"


def test_demo_refuses_a_level_below_what_the_service_needs(make_app):
    client = add_probe(make_app(EID_DEMO_ENABLED=True)).test_client()
    response = demo_post(client, "191212121212", "loa2", "?next=/probe/loa3&level=loa3")
    assert response.status_code == 400
    assert '<div class="error-summary"' in response.get_data(as_text=True)
    assert client.get("/probe/who").get_data(as_text=True) == "nobody"


def test_demo_refuses_what_is_not_on_its_list(make_app):
    client = add_probe(make_app(EID_DEMO_ENABLED=True)).test_client()
    assert demo_post(client, "194001011234", "loa3").status_code == 400
    assert demo_post(client, "191212121212", "loa9").status_code == 400
    assert client.get("/probe/who").get_data(as_text=True) == "nobody"


def test_demo_is_off_unless_switched_on(make_app):
    client = make_app().test_client()
    assert client.get("/e-legitimation/test").status_code == 404
    assert "/e-legitimation/test" not in client.get("/e-legitimation/").get_data(as_text=True)


def test_production_refuses_to_start_with_the_demo(database_url, tmp_path):
    with pytest.raises(ConfigurationError, match="EID_DEMO_ENABLED"):
        create_app({"ESERVICES_ENV": "production", "DATABASE_URL": database_url,
                    "SECRET_KEY": "s" * 40, "PUBLIC_BASE_URL": "https://e.exempelkommun.se",
                    "EID_DEMO_ENABLED": True}, environ={}, instance_path=tmp_path)


def test_production_refuses_a_plain_http_issuer(database_url, tmp_path):
    with pytest.raises(ConfigurationError, match="EID_BROKER_ISSUER must start with https"):
        create_app({"ESERVICES_ENV": "production", "DATABASE_URL": database_url,
                    "SECRET_KEY": "s" * 40, "PUBLIC_BASE_URL": "https://e.exempelkommun.se",
                    "EID_PROVIDERS": ["broker"], "EID_BROKER_ISSUER": "http://b.example",
                    "EID_BROKER_CLIENT_ID": "c", "EID_BROKER_CLIENT_SECRET": "s"},
                   environ={}, instance_path=tmp_path)
