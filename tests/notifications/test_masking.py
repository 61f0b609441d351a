"""Staff reading the message log never see one-time codes or personal links."""

from __future__ import annotations

import pytest

from eservices.db import db
from eservices.testing import client_at, sign_in
from notifications import send_email, send_sms
from notifications.masking import mask, secret_values

SHARE = "https://e.exempelkommun.se/waste-subscription/share/Zx9-qP4_tR2mW8vK1yB7nD3fH6jL0sA5"
STOP = "https://e.exempelkommun.se/collection-alerts/stop/MQ.k3Jd9sLq2mPz8XwVbN4tRy7uE1o"


@pytest.fixture
def messages(app):
    """A code, a neighbour's link (e-mail) and a stop link, as the modules send them."""
    with app.app_context():
        code = send_sms("070-123 45 67", template="collection_alerts/code", category="verification",
                        personalisation={"code": "482913", "minutes": 10,
                                         "municipality": "Exempelkommun"}, verified=True)
        share = send_email("granne@example.se", template="waste_subscription/share_request",
                           category="transactional", verified=True, personalisation={
                               "address": "Storgatan 1", "deadline": "11 december",
                               "link": SHARE, "reference": "AV-2026-0042",
                               "municipality": "Exempelkommun"})
        stop = send_sms("070-123 45 68", body=f"Påminnelse: imorgon. Sluta: {STOP}",
                        category="reminder", verified=True)
        ids = {"code": code.id, "share": share.id, "stop": stop.id}
        db.session.commit()
    app.extensions["notifications.dispatcher"].wait_idle()
    return ids


@pytest.mark.parametrize("role", ["handlaggare", "tjanstedesigner"])
def test_staff_cannot_read_codes_or_links(app, create_staff, messages, role):
    create_staff("anna", role)
    client = app.test_client()
    sign_in(client, "anna")
    code = client.get(f"/staff/notifications/{messages['code']}").get_data(as_text=True)
    assert "482913" not in code and "din kod för sms om sophämtningen" in code
    assert "•••••" in code
    share = client.get(f"/staff/notifications/{messages['share']}").get_data(as_text=True)
    assert SHARE not in share and "Zx9-qP4_tR2mW8vK1yB7nD3fH6jL0sA5" not in share
    assert "https://e.exempelkommun.se/waste-subscription/share/•••••" in share
    assert "AV-2026-0042" in share and "Storgatan 1" in share  # what staff need stays
    stop = client.get(f"/staff/notifications/{messages['stop']}").get_data(as_text=True)
    assert "MQ.k3Jd9sLq2mPz8XwVbN4tRy7uE1o" not in stop and "/collection-alerts/stop/" in stop


def test_administrators_see_the_message_as_sent(app, create_staff, messages):
    create_staff("ada", "administrator")
    client = app.test_client()
    sign_in(client, "ada")
    assert "482913" in client.get(f"/staff/notifications/{messages['code']}").get_data(True)


def test_the_production_outbox_hides_them_too(make_app, create_staff):
    # (The test client sends no Referer, which Flask-WTF's https check would want.)
    app = make_app(ESERVICES_ENV="production", PUBLIC_BASE_URL="https://e.exempelkommun.se",
                   WTF_CSRF_SSL_STRICT=False)
    with app.app_context():
        send_sms("070-123 45 67", body=f"Sluta: {STOP}", category="reminder", verified=True)
        db.session.commit()
    app.extensions["notifications.dispatcher"].wait_idle()
    create_staff("anna", "handlaggare")
    client = client_at(app, "https://e.exempelkommun.se")
    sign_in(client, "anna")
    html = client.get("/staff/notifications/outbox").get_data(as_text=True)
    assert "/collection-alerts/stop/" in html and "MQ.k3Jd9sLq2mPz8XwVbN4tRy7uE1o" not in html


def test_secret_placeholders_are_found_by_the_template():
    template = "Hej {name}! {code} är din kod. Länk: {unsubscribe_url} /{municipality} {code}"
    text = "Hej Eva! 1234 är din kod. Länk: https://x.se/stop/abc /Kommun 1234"
    assert secret_values(template, text) == ["1234", "https://x.se/stop/abc"]
    assert secret_values(template, "something else") == []
    assert mask("Läs https://x.se/a/Tok3n?x=1 nu") == "Läs https://x.se/a/•••••?••••• nu"
    assert mask("Kod 123456, ring 0910-00 00 00", codes=True) == "Kod •••••, ring 0910-00 00 00"
