"""Links in messages come from PUBLIC_BASE_URL, and the site answers only trusted hosts."""

from __future__ import annotations

from eservices.cli import create_staff_user
from eservices.db import db
from eservices.designer import models as designer_models
from eservices.links import public_url
from eservices.testing import client_at, sign_in
from services.collection_alerts.models import AlertSubscription
from services.collection_alerts.unsubscribe import unsubscribe_url

PUBLIC = "https://e.exempelkommun.se"
INTERNAL = "intern.exempelkommun.se"


def test_links_are_built_on_the_public_address_with_or_without_a_request(make_app):
    plain = make_app(PORT=8123)
    with plain.app_context():  # a background job: no request at all
        assert public_url("public.index") == "http://127.0.0.1:8123/"
    with plain.test_request_context(base_url="http://10.0.0.5:5000"):
        assert public_url("public.index") == "http://127.0.0.1:8123/"
    prefixed = make_app(PUBLIC_BASE_URL=PUBLIC + "/tjanster/")
    with prefixed.app_context():
        assert public_url("health.healthz", _anchor="x") == PUBLIC + "/tjanster/healthz#x"
    with prefixed.test_request_context(base_url="http://10.0.0.5:5000"):
        assert public_url("health.healthz") == PUBLIC + "/tjanster/healthz"


def test_a_foreign_host_is_refused_with_the_friendly_page(make_app):
    app = make_app(PUBLIC_BASE_URL=PUBLIC)
    client = app.test_client()
    for host in ("evil.example", "evil.example:443", "e.exempelkommun.se.evil.example"):
        response = client.get("/waste-subscription/begin?lang=en", headers={"Host": host})
        assert response.status_code == 400, host
        html = response.get_data(as_text=True)
        assert "The request could not be understood" in html
        assert "evil" not in html  # no link on the page was built from the foreign host
    assert client.get("/healthz", headers={"Host": "e.exempelkommun.se"}).status_code == 200
    assert client.get("/healthz", headers={"Host": "E.Exempelkommun.SE:443"}).status_code == 200


def test_production_trusts_only_the_public_host_and_trusted_hosts(make_app):
    app = make_app(ESERVICES_ENV="production", PUBLIC_BASE_URL=PUBLIC, TRUSTED_HOSTS=[INTERNAL])
    client = app.test_client()
    assert client.get("/healthz", headers={"Host": "localhost"}).status_code == 400
    assert client.get("/healthz", headers={"Host": "127.0.0.1:5000"}).status_code == 400
    assert client.get("/healthz", headers={"Host": INTERNAL}).status_code == 200
    assert client.get("/healthz", base_url=PUBLIC).status_code == 200
    development = make_app().test_client()
    for host in ("localhost", "127.0.0.1:5000", "[::1]:5000"):
        assert development.get("/healthz", headers={"Host": host}).status_code == 200


def test_stop_links_in_background_jobs_are_on_the_public_address(make_app):
    app = make_app()
    with app.app_context():
        subscription = AlertSubscription(id=7)
        url = unsubscribe_url(subscription)
    assert url.startswith("http://127.0.0.1:5000/collection-alerts/stop/")


def test_the_test_round_join_address_is_the_public_one(make_app):
    app = make_app(PUBLIC_BASE_URL=PUBLIC, TRUSTED_HOSTS=[INTERNAL])
    with app.app_context():
        test_round = designer_models.TestRound(module_id="textile_reuse", name="Runda 1",
                                               code="ABC123", created_by="dan")
        db.session.add(test_round)
        db.session.commit()
        round_id = test_round.id
        create_staff_user("dan", "Dan", ["tjanstedesigner"], "correct horse battery")
    client = client_at(app, f"http://{INTERNAL}")
    sign_in(client, "dan")
    page = client.get(f"/staff/design/rounds/{round_id}").get_data(as_text=True)
    assert f"{PUBLIC}/" in page and f"//{INTERNAL}" not in page
