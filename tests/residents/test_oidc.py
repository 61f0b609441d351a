"""Signing in through a real OpenID Connect provider on 127.0.0.1 (``provider.py``)."""

from __future__ import annotations

import time
from urllib.parse import parse_qs, urlsplit

import pytest
from joserfc.jwk import RSAKey

from eservices import create_app
from eservices.config import ConfigurationError
from eservices.db import db
from eservices.residents.models import ResidentSession

from .conftest import (
    PUBLIC,
    add_probe,
    at_provider,
    callback,
    provider_settings,
    sign_in_through,
    start_sign_in,
)
from .provider import KEY_CLIENT_ID, LOA3

LOA2 = "http://id.elegnamnden.se/loa/1.0/loa2"


def who(client) -> str:
    return client.get("/probe/who").get_data(as_text=True)


def test_sign_in_follows_the_swedish_profile(eid_app, oidc_provider):
    client = add_probe(eid_app).test_client()
    response = sign_in_through(client, next_url="/probe/who")
    assert response.status_code == 302 and response.headers["Location"] == "/probe/who"
    assert who(client) == "Tolvan Tolvansson|191212121212|loa3||"
    asked = oidc_provider.authorize_requests[-1]
    assert asked["code_challenge_method"] == "S256" and asked["code_challenge"]
    assert asked["nonce"] and asked["state"]
    assert asked["redirect_uri"] == f"{PUBLIC}/e-legitimation/callback/local"
    assert asked["scope"].split() == [
        "openid", "https://id.oidc.se/scope/naturalPersonNumber",
        "https://id.oidc.se/scope/naturalPersonName"]
    assert oidc_provider.token_requests[-1]["code_verifier"]
    with eid_app.app_context():
        row = db.session.query(ResidentSession).one()
        assert row.provider == "local" and "191212121212" not in row.personal_number_encrypted


def test_the_level_a_service_needs_is_asked_for_and_checked(eid_app, oidc_provider):
    client = add_probe(eid_app).test_client()
    oidc_provider.acr = LOA2
    response = sign_in_through(client, next_url="/probe/loa3", level="loa3")
    assert response.status_code == 403
    assert "level 3" in response.get_data(as_text=True) or "nivå 3" in response.get_data(
        as_text=True)
    assert oidc_provider.authorize_requests[-1]["acr_values"].split() == [
        LOA3, "http://id.elegnamnden.se/loa/1.0/loa4"]
    assert who(client) == "nobody"
    oidc_provider.acr = LOA3
    assert sign_in_through(client, "/probe/loa3", "loa3").headers["Location"] == "/probe/loa3"
    assert client.get("/probe/loa3").get_data(as_text=True) == "inside"


def test_an_unknown_acr_is_refused(eid_app, oidc_provider):
    client = add_probe(eid_app).test_client()
    oidc_provider.acr = "urn:example:whatever"
    assert sign_in_through(client).status_code == 400
    assert who(client) == "nobody"


def test_a_wrong_state_is_refused(eid_app, oidc_provider):
    client = add_probe(eid_app).test_client()
    url = at_provider(start_sign_in(client))
    response = callback(client, url.replace("state=", "state=x"))
    assert response.status_code == 400
    assert '<div class="error-summary"' in response.get_data(as_text=True)
    assert who(client) == "nobody"
    # A forged callback does not cancel the resident's own sign-in.
    assert callback(client, url).status_code == 302


def test_a_callback_works_once_and_a_code_only_once(eid_app, oidc_provider):
    client = add_probe(eid_app).test_client()
    url = at_provider(start_sign_in(client))
    assert callback(client, url).status_code == 302
    assert callback(client, url).status_code == 400  # the same callback again
    # The old code with a fresh state: the provider refuses a code it has seen.
    fresh = at_provider(start_sign_in(client))
    old_code = parse_qs(urlsplit(url).query)["code"][0]
    state = parse_qs(urlsplit(fresh).query)["state"][0]
    response = client.get(f"/e-legitimation/callback/local?code={old_code}&state={state}")
    assert response.status_code == 400


def test_a_replayed_id_token_is_refused(eid_app, oidc_provider):
    client = add_probe(eid_app).test_client()
    assert sign_in_through(client).status_code == 302
    oidc_provider.replay = oidc_provider.issued[-1]
    other = eid_app.test_client()
    assert sign_in_through(other).status_code == 400  # its nonce was another sign-in's
    assert who(other) == "nobody"


@pytest.mark.parametrize("tamper", [
    {"exp": int(time.time()) - 120, "iat": int(time.time()) - 4000},
    {"iat": int(time.time()) - 4000},
    {"nonce": "someone-elses"},
    {"aud": ["another-client"]},
    {"iss": "http://127.0.0.1:1"},
])
def test_a_token_failing_a_check_is_refused(eid_app, oidc_provider, tamper):
    client = add_probe(eid_app).test_client()
    oidc_provider.tamper = tamper
    response = sign_in_through(client)
    assert response.status_code == 400
    assert "Traceback" not in response.get_data(as_text=True)
    assert who(client) == "nobody"


def test_a_missing_identity_claim_is_refused(eid_app, oidc_provider):
    client = add_probe(eid_app).test_client()
    oidc_provider.identity(None, "Tolvan Tolvansson")
    response = sign_in_through(client)
    assert response.status_code == 400
    assert who(client) == "nobody"


def test_sub_is_never_taken_for_the_number(eid_app, oidc_provider):
    client = add_probe(eid_app).test_client()
    oidc_provider.identity(None, "Tolvan Tolvansson")
    oidc_provider.claims["sub"] = "191212121212"
    assert sign_in_through(client).status_code == 400


def test_an_invalid_number_is_refused(eid_app, oidc_provider):
    client = add_probe(eid_app).test_client()
    oidc_provider.identity("191212121213", "Tolvan Tolvansson")
    assert sign_in_through(client).status_code == 400


def test_a_brokers_claim_name_is_a_setting(make_app, oidc_provider):
    app = add_probe(make_app(**provider_settings(
        oidc_provider, EID_LOCAL_PERSONAL_NUMBER_CLAIM="ssn")))
    client = app.test_client()
    oidc_provider.identity("198112189876", "Karl Karlsson", claim="ssn")
    assert sign_in_through(client).status_code == 302
    assert who(client).startswith("Karl Karlsson|198112189876|loa3")


def test_a_samordningsnummer_comes_from_its_own_claim(eid_app, oidc_provider):
    client = add_probe(eid_app).test_client()
    oidc_provider.identity("199003699841", "Maria Garcia",
                           claim="https://id.oidc.se/claim/coordinationNumber")
    assert sign_in_through(client).status_code == 302
    assert who(client).startswith("Maria Garcia|199003699841|")


def test_private_key_jwt(make_app, oidc_provider, tmp_path):
    key = RSAKey.generate_key(2048)
    pem = tmp_path / "client.pem"
    pem.write_bytes(key.as_pem(private=True))
    oidc_provider.register([f"{PUBLIC}/e-legitimation/callback/local"],
                           public_key=RSAKey.import_key(key.as_dict(private=False)))
    settings = provider_settings(oidc_provider, EID_LOCAL_CLIENT_ID=KEY_CLIENT_ID,
                                 EID_LOCAL_PRIVATE_KEY_FILE=str(pem))
    settings.pop("EID_LOCAL_CLIENT_SECRET")
    client = add_probe(make_app(**settings)).test_client()
    assert sign_in_through(client).status_code == 302
    sent = oidc_provider.token_requests[-1]
    assert sent["client_assertion_type"].endswith("jwt-bearer") and "client_secret" not in sent
    assert who(client).startswith("Tolvan Tolvansson|")


def test_cancelling_at_the_provider_says_so(eid_app, oidc_provider):
    client = add_probe(eid_app).test_client()
    url = at_provider(start_sign_in(client))
    state = parse_qs(urlsplit(url).query)["state"][0]
    response = client.get(f"/e-legitimation/callback/local?error=access_denied&state={state}")
    assert response.status_code == 200
    assert '<div class="error-summary"' in response.get_data(as_text=True)


def test_sign_out_ends_the_session_and_logs_out_at_the_provider(eid_app, oidc_provider):
    client = add_probe(eid_app).test_client()
    sign_in_through(client)
    page = client.get("/").get_data(as_text=True)
    from eservices.testing import csrf_token_from

    response = client.post("/e-legitimation/logga-ut",
                           data={"csrf_token": csrf_token_from(page)})
    location = response.headers["Location"]
    assert location.startswith(f"{oidc_provider.issuer}/logout?")
    query = parse_qs(urlsplit(location).query)
    assert query["post_logout_redirect_uri"] == [f"{PUBLIC}/e-legitimation/utloggad"]
    assert query["id_token_hint"] == [oidc_provider.issued[-1]]
    assert who(client) == "nobody"
    import requests

    back = requests.get(location, allow_redirects=False, timeout=10)
    assert back.headers["Location"].startswith(f"{PUBLIC}/e-legitimation/utloggad")
    assert client.get("/e-legitimation/utloggad").status_code == 200


def test_a_provider_that_is_down_is_a_message_in_development(eid_app, oidc_provider):
    client = eid_app.test_client()
    oidc_provider.stop()
    response = start_sign_in(client)
    assert response.status_code == 503
    text = response.get_data(as_text=True)
    assert '<div class="error-summary"' in text and "Traceback" not in text


def test_a_provider_that_is_down_stops_production_from_starting(database_url, tmp_path):
    settings = {"ESERVICES_ENV": "production", "DATABASE_URL": database_url,
                "SECRET_KEY": "s" * 40, "PUBLIC_BASE_URL": "https://e.exempelkommun.se",
                "EID_PROVIDERS": ["broker"], "EID_BROKER_ISSUER": "https://127.0.0.1:9",
                "EID_BROKER_CLIENT_ID": "c", "EID_BROKER_CLIENT_SECRET": "s",
                "EID_TIMEOUT_SECONDS": 2}
    with pytest.raises(ConfigurationError, match="EID_BROKER_ISSUER"):
        create_app(settings, environ={}, instance_path=tmp_path)


@pytest.mark.parametrize(("settings", "message"), [
    ({"EID_PROVIDERS": ["broker"]}, "EID_BROKER_ISSUER"),
    ({"EID_PROVIDERS": ["broker"], "EID_BROKER_ISSUER": "https://b.example",
      "EID_BROKER_CLIENT_ID": "c"}, "EID_BROKER_CLIENT_SECRET or EID_BROKER_PRIVATE_KEY_FILE"),
    ({"EID_PROVIDERS": ["demo"]}, "demo"),
    ({"EID_PROVIDERS": ["b"], "EID_B_ISSUER": "https://b.example", "EID_B_CLIENT_ID": "c",
      "EID_B_PRIVATE_KEY_FILE": "/nonexistent/key.pem"}, "EID_B_PRIVATE_KEY_FILE"),
    ({"EID_PROVIDERS": ["b"], "EID_B_ISSUER": "https://b.example", "EID_B_CLIENT_ID": "c",
      "EID_B_CLIENT_SECRET": "s", "EID_B_ACR": "loa3"}, "EID_B_ACR"),
])
def test_a_provider_set_up_wrongly_is_named_at_start(make_app, settings, message):
    with pytest.raises(ConfigurationError, match=message):
        make_app(**settings)


def test_a_claim_path_reaches_into_an_object(make_app, oidc_provider):
    app = add_probe(make_app(**provider_settings(
        oidc_provider, EID_LOCAL_PERSONAL_NUMBER_CLAIM="identity.nin")))
    client = app.test_client()
    oidc_provider.identity(None, "Tolvan Tolvansson")
    oidc_provider.claims["identity"] = {"nin": "19121212-1212"}
    assert sign_in_through(client).status_code == 302
    assert who(client).startswith("Tolvan Tolvansson|191212121212|")


def test_the_identity_may_come_from_userinfo(eid_app, oidc_provider):
    client = add_probe(eid_app).test_client()
    oidc_provider.userinfo_only = True
    assert sign_in_through(client).status_code == 302
    assert who(client).startswith("Tolvan Tolvansson|191212121212|")


def test_next_never_leaves_the_site(eid_app, oidc_provider):
    client = eid_app.test_client()
    response = sign_in_through(client, next_url="https://evil.example/")
    assert response.status_code == 302 and response.headers["Location"] == "/"


def test_an_issuer_that_does_not_match_discovery_is_unavailable(make_app, oidc_provider):
    app = make_app(**provider_settings(oidc_provider,
                                       EID_LOCAL_ISSUER=oidc_provider.issuer + "/"))
    response = start_sign_in(app.test_client())
    assert response.status_code == 503


def test_the_resident_chooses_among_several_providers(make_app, oidc_provider):
    oidc_provider.register([f"{PUBLIC}/e-legitimation/callback/local",
                            f"{PUBLIC}/e-legitimation/callback/other"])
    app = add_probe(make_app(**{
        **provider_settings(oidc_provider), "EID_PROVIDERS": ["local", "other"],
        "EID_OTHER_ISSUER": oidc_provider.issuer, "EID_OTHER_CLIENT_ID": "tjansteslussen",
        "EID_OTHER_CLIENT_SECRET": "test-client-secret", "EID_OTHER_LABEL": "Freja eID+"}))
    client = app.test_client()
    page = client.get("/e-legitimation/").get_data(as_text=True)
    assert "Lokal e-legitimation" in page and "Freja eID+" in page
    response = callback(client, at_provider(start_sign_in(client, provider="other")))
    assert response.status_code == 302
    assert who(client).startswith("Tolvan Tolvansson|")
    # A callback for one provider never completes a sign-in started at another.
    url = at_provider(start_sign_in(client, provider="local"))
    assert callback(client, url.replace("/callback/local", "/callback/other")).status_code == 400


def test_two_different_numbers_are_refused(eid_app, oidc_provider):
    client = add_probe(eid_app).test_client()
    oidc_provider.claims["https://id.oidc.se/claim/coordinationNumber"] = "199003699841"
    assert sign_in_through(client).status_code == 400
    assert who(client) == "nobody"
