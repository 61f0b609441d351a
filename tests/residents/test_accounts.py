"""Resident accounts and sessions: the foundation every sign-in ends in."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

from sqlalchemy import select

from eservices import clock
from eservices import toolkit as tk
from eservices.db import db
from eservices.residents.models import ResidentAccount, ResidentContact, ResidentSession
from eservices.residents.sessions import COOKIE_KEY
from eservices.testing import sign_in_resident

from .conftest import add_probe as _probe


def test_assurance_order():
    assert tk.assurance_at_least("loa3", "loa2")
    assert tk.assurance_at_least("loa3", "loa3")
    assert not tk.assurance_at_least("loa2", "loa3")
    assert not tk.assurance_at_least(None, "loa1")
    assert tk.assurance_at_least(None, None)


def test_account_keeps_no_number_in_clear(app):
    client = _probe(app).test_client()
    account_id = sign_in_resident(client)
    assert client.get("/probe/who").get_data(as_text=True) == \
        "Tolvan Tolvansson|191212121212|loa3||"
    with app.app_context():
        account = db.session.get(ResidentAccount, account_id)
        row = db.session.scalar(select(ResidentSession))
        assert "191212121212" not in account.identity_hash
        assert "191212121212" not in row.personal_number_encrypted
        assert row.token_hash not in client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value
    # The same number signs in to the same account.
    assert sign_in_resident(app.test_client(), assurance="loa2") == account_id


def test_require_resident_redirects_to_sign_in_with_next_and_level(app):
    client = _probe(app).test_client()
    response = client.get("/probe/loa3?x=1")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/e-legitimation/?next=")
    assert "level=loa3" in response.headers["Location"]
    query = parse_qs(urlsplit(response.headers["Location"]).query)
    assert query == {"next": ["/probe/loa3?x=1"], "level": ["loa3"]}
    sign_in_resident(client, assurance="loa2")  # too low
    assert client.get("/probe/loa3").status_code == 302
    sign_in_resident(client, assurance="loa3")
    assert client.get("/probe/loa3").get_data(as_text=True) == "inside"


def test_proven_contacts_join_the_subject(app):
    client = _probe(app).test_client()
    assert client.post("/probe/prove").get_data(as_text=True) == "no"
    sign_in_resident(client)
    assert client.post("/probe/prove").get_data(as_text=True) == "yes"
    assert client.post("/probe/prove").get_data(as_text=True) == "yes"  # renewed, not doubled
    assert client.get("/probe/who").get_data(as_text=True).endswith(
        "|+46701234567|tolvan@example.se")
    with app.app_context():
        assert len(db.session.scalars(select(ResidentContact)).all()) == 2


def test_idle_session_ends_and_stays_ended(app):
    client = _probe(app).test_client()
    sign_in_resident(client)
    with app.app_context():
        row = db.session.scalar(select(ResidentSession))
        row.last_seen_at = clock.now() - timedelta(minutes=31)
        db.session.commit()
    response = client.get("/probe/who")
    assert response.get_data(as_text=True) == "nobody"
    with client.session_transaction() as browser_session:
        assert COOKIE_KEY not in browser_session
    with app.app_context():
        row = db.session.scalar(select(ResidentSession))
        assert row.revoked_at is not None and row.personal_number_encrypted == ""


def test_absolute_expiry(app):
    client = _probe(app).test_client()
    sign_in_resident(client)
    with app.app_context():
        row = db.session.scalar(select(ResidentSession))
        row.expires_at = clock.now() - timedelta(seconds=1)
        db.session.commit()
    assert client.get("/probe/who").get_data(as_text=True) == "nobody"


def test_sign_out_ends_the_session_for_a_copied_cookie(app):
    client = _probe(app).test_client()
    sign_in_resident(client)
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value
    page = client.get("/").get_data(as_text=True)
    # The header names the resident (catalogues may not have the string yet) and signs out.
    assert "Tolvan Tolvansson" in page and 'action="/e-legitimation/logga-ut"' in page
    token = tk_csrf(page)
    response = client.post("/e-legitimation/logga-ut", data={"csrf_token": token})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/e-legitimation/utloggad")
    copy = app.test_client()
    copy.set_cookie(app.config["SESSION_COOKIE_NAME"], cookie)
    assert copy.get("/probe/who").get_data(as_text=True) == "nobody"


def tk_csrf(html: str) -> str:
    import re

    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
