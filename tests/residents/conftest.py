"""The local OpenID Connect provider, and apps that use it as their e-ID provider."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
import requests
from flask import Blueprint

from eservices import toolkit as tk
from eservices.db import db
from eservices.extensions import csrf

from .provider import CLIENT_ID, CLIENT_SECRET, LocalProvider

PUBLIC = "http://localhost"


@pytest.fixture
def oidc_provider() -> Iterator[LocalProvider]:
    provider = LocalProvider().start()
    provider.register([f"{PUBLIC}/e-legitimation/callback/local"])
    yield provider
    provider.stop()


def provider_settings(provider: LocalProvider, **more: str) -> dict:
    return {"EID_PROVIDERS": ["local"], "EID_LOCAL_ISSUER": provider.issuer,
            "EID_LOCAL_CLIENT_ID": CLIENT_ID, "EID_LOCAL_CLIENT_SECRET": CLIENT_SECRET,
            "EID_LOCAL_LABEL": "Lokal e-legitimation", "PUBLIC_BASE_URL": PUBLIC, **more}


@pytest.fixture
def eid_app(make_app, oidc_provider):
    return make_app(**provider_settings(oidc_provider))


def start_sign_in(client, next_url: str = "/", level: str | None = None,
                  provider: str = "local"):
    """Press the provider's button on the sign-in page; the response (to the provider)."""
    query = f"?next={next_url}" + (f"&level={level}" if level else "")
    page = client.get(f"/e-legitimation/{query}").get_data(as_text=True)
    link = re.search(rf'href="(/e-legitimation/start/{provider}\?[^"]*)"', page).group(1)
    return client.get(link.replace("&amp;", "&"))


def at_provider(response) -> str:
    """Follow the browser to the provider, which approves; the callback URL it sends back."""
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    answer = requests.get(response.headers["Location"], allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text
    return answer.headers["Location"]


def callback(client, url: str):
    parts = urlsplit(url)
    return client.get(f"{parts.path}?{parts.query}")


def sign_in_through(client, next_url: str = "/", level: str | None = None):
    """The whole round trip; the app's answer to the callback."""
    return callback(client, at_provider(start_sign_in(client, next_url, level)))


def add_probe(app):
    """Pages that show what the toolkit says about the signed-in resident."""
    bp = Blueprint("probe", __name__)

    @bp.route("/probe/who")
    def who():
        resident = tk.signed_in_resident()
        if resident is None:
            return "nobody"
        subject = resident.subject
        return (f"{resident.name}|{resident.personal_number}|{resident.assurance}|"
                f"{','.join(subject.phone_numbers)}|{','.join(subject.email_addresses)}")

    @bp.route("/probe/loa3")
    @tk.require_resident("loa3")
    def loa3():
        return "inside"

    @bp.route("/probe/prove", methods=["POST"])
    def prove():
        proven = tk.prove_resident_contact("sms", "+46701234567", "probe")
        tk.prove_resident_contact("email", "Tolvan@Example.SE ", "probe")
        db.session.commit()
        return "yes" if proven else "no"

    csrf.exempt(prove)
    app.register_blueprint(bp)
    return app
