"""Staff change their own password in the back office; it signs out their other browsers."""

from __future__ import annotations

from sqlalchemy import select

from eservices.db import db
from eservices.staff.models import AuditEvent
from eservices.testing import csrf_token_from, sign_in

OLD, NEW = "correct horse battery", "a brand new passphrase"


def change(client, current: str, new: str, repeat: str | None = None):
    token = csrf_token_from(client.get("/staff/password").get_data(as_text=True))
    return client.post("/staff/password", data={
        "current": current, "new": new, "repeat": new if repeat is None else repeat,
        "csrf_token": token})


def test_changing_the_password_signs_out_the_other_browsers_only(app, create_staff):
    create_staff("anna", "handlaggare")
    here, elsewhere = app.test_client(), app.test_client()
    sign_in(here, "anna")
    sign_in(elsewhere, "anna")
    assert "Byt lösenord" in here.get("/staff/").get_data(as_text=True)
    response = change(here, OLD, NEW)
    assert response.status_code == 302 and response.location.endswith("/staff/")
    assert "utloggad överallt annars" in here.get("/staff/").get_data(as_text=True)
    assert elsewhere.get("/staff/").status_code == 302
    assert sign_in(elsewhere, "anna").status_code == 400
    assert sign_in(elsewhere, "anna", password=NEW).status_code == 302
    with app.app_context():
        actions = db.session.scalars(select(AuditEvent.action)).all()
    assert "password_changed" in actions


def test_bad_input_gets_a_translated_error_and_no_password_in_the_page(app, create_staff):
    create_staff("anna", "handlaggare")
    client = app.test_client()
    sign_in(client, "anna")
    cases = [(("guessed wrongly", NEW), "Det nuvarande lösenordet är fel."),
             ((OLD, "short"), "Det nya lösenordet måste ha 12 till 200 tecken."),
             ((OLD, NEW, "something else entirely"), "De två nya lösenorden är inte lika"),
             (("", NEW), "Ange ditt nuvarande lösenord")]
    for arguments, message in cases:
        response = change(client, *arguments)
        html = response.get_data(as_text=True)
        assert response.status_code == 400, message
        assert message in html
        assert not any(typed and typed in html for typed in arguments), arguments
    assert sign_in(app.test_client(), "anna").status_code == 302  # unchanged


def test_wrong_current_passwords_count_as_failed_sign_ins(app, create_staff):
    create_staff("anna", "handlaggare")
    client = app.test_client()
    sign_in(client, "anna")
    for _ in range(app.config["STAFF_MAX_FAILED_LOGINS"]):
        assert change(client, "guessed wrongly", NEW).status_code == 400
    refused = change(client, OLD, NEW)  # even the right one waits now
    assert refused.status_code == 429
    assert "Försök igen om 1 minut." in refused.get_data(as_text=True)


def test_a_failed_sign_in_does_not_send_the_password_back(client, create_staff):
    create_staff("anna", "handlaggare")
    for username in ("anna", "nobody"):
        html = sign_in(client, username, password="typed secret 42").get_data(as_text=True)
        assert "typed secret 42" not in html
