"""The header's way in to Mina sidor: on every resident page where residents can sign in."""

from __future__ import annotations

from eservices.testing import sign_in_resident


def test_the_header_links_to_mina_sidor_where_sign_in_is_offered(make_app):
    client = make_app(EID_DEMO_ENABLED=True).test_client()
    page = client.get("/").get_data(as_text=True)
    assert 'href="/mina-sidor"' in page
    # Followed while signed out, it asks for a sign-in first and comes back.
    response = client.get("/mina-sidor")
    assert response.status_code == 302 and "/e-legitimation/" in response.headers["Location"]


def test_no_link_where_nobody_can_sign_in(make_app):
    client = make_app().test_client()
    assert 'href="/mina-sidor"' not in client.get("/").get_data(as_text=True)


def test_a_signed_in_resident_has_the_link_even_without_providers_now(make_app):
    # A provider taken out of the settings must not hide what a signed-in resident has.
    client = make_app().test_client()
    sign_in_resident(client)
    page = client.get("/").get_data(as_text=True)
    assert 'href="/mina-sidor"' in page and "Tolvan Tolvansson" in page
