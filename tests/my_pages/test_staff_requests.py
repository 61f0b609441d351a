"""The administrators' data-subject requests: roles, validation, audit by keyed hash, export,
erasure with a confirm step."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from eservices.db import db
from eservices.staff.models import AuditEvent
from eservices.testing import csrf_token_from, sign_in
from services.ideas.models import Idea

from ._data import (
    EMAIL,
    PERSONAL_NUMBER,
    PHONE,
    account_exists,
    messages_to,
    resident_with_data,
)

URL = "/staff/registerutdrag/"


@pytest.fixture
def admin(app, create_staff):
    create_staff("admin", "administrator")
    client = app.test_client()
    sign_in(client, "admin")
    client.get("/language/en")
    return client


def _search(client, kind: str, identifier: str):
    csrf = csrf_token_from(client.get(URL).get_data(as_text=True))
    return client.post(URL, data={"csrf_token": csrf, "kind": kind, "identifier": identifier})


def _audit(app) -> list[AuditEvent]:
    with app.app_context():
        found = list(db.session.scalars(select(AuditEvent).where(
            AuditEvent.action.like("data_subject_%")).order_by(AuditEvent.id)))
        db.session.expunge_all()
        return found


@pytest.mark.parametrize("role", ["handlaggare", "tjanstedesigner", "idecoach"])
def test_only_administrators_open_it(app, create_staff, role):
    create_staff("someone", role)
    client = app.test_client()
    sign_in(client, "someone")
    assert client.get(URL).status_code == 403
    csrf = csrf_token_from(client.get("/staff/").get_data(as_text=True))
    for path in ("", "export", "radera"):
        response = client.post(URL + path, data={"csrf_token": csrf, "kind": "phone",
                                                 "identifier": "070-123 45 67"})
        assert response.status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client):
    assert client.get(URL).status_code == 302


@pytest.mark.parametrize(("kind", "identifier", "error"), [
    ("personal_number", "19121212-1213", "Enter a personal identity number"),
    ("phone", "0910-123 45", "Enter a mobile number"),
    ("email", "not an address", "Enter an e-mail address"),
    ("", "191212121212", "Select what you search by"),
    ("personal_number", "", "Enter what you search for"),
    ("shoe_size", "44", "Select what you search by"),
])
def test_a_bad_identifier_gets_a_clear_error(admin, app, kind, identifier, error):
    response = _search(admin, kind, identifier)
    assert response.status_code == 400
    assert error in response.get_data(as_text=True)
    assert _audit(app) == []


@pytest.mark.parametrize(("kind", "identifier"), [
    ("personal_number", "19121212-1212"), ("phone", "070-123 45 67"),
    ("email", "Tolvan@Example.se")])
def test_a_search_finds_the_persons_data_and_is_audited_by_keyed_hash(
        app, client, admin, kind, identifier):
    resident_with_data(app, client)
    response = _search(admin, kind, identifier)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "What we hold about this person" in page
    assert "TR-OPEN-1" in page or "Lånecyklar vid stationen" in page
    search, viewed = _audit(app)
    assert (search.action, viewed.action) == ("data_subject_search", "data_subject_viewed")
    assert search.actor_name == "admin" and search.details["identifier_kind"] == kind
    assert search.subject == viewed.subject and len(search.subject) == 32
    written = json.dumps([search.subject, search.details], ensure_ascii=False).lower()
    for personal in (PERSONAL_NUMBER, "19121212-1212", PHONE, "070-123 45 67", EMAIL,
                     "tolvan"):
        assert personal.lower() not in written


def test_a_search_by_personal_number_also_finds_what_is_held_by_proven_contacts(
        app, client, admin):
    resident_with_data(app, client)
    page = _search(admin, "personal_number", "191212121212").get_data(as_text=True)
    assert "Lånecyklar vid stationen" in page  # the idea is held by the proven phone number
    assert "Storgatan 1" in page


def _carry(page: str) -> dict[str, str]:
    def value(name):
        return page.split(f'name="{name}" type="hidden" value="')[1].split('"')[0]
    return {"csrf_token": csrf_token_from(page), "kind": value("kind"),
            "identifier": value("identifier")}


def test_export_and_erasure_with_a_confirm_step(app, client, admin):
    made = resident_with_data(app, client)
    page = _search(admin, "personal_number", "19121212-1212").get_data(as_text=True)
    carried = _carry(page)
    export = admin.post(URL + "export", data=carried)
    assert export.status_code == 200
    assert export.headers["Content-Disposition"].startswith('attachment; filename="registerutdrag-')
    data = json.loads(export.get_data(as_text=True))
    assert data["subject"]["personal_number"] == "191212121212"
    assert PHONE in data["subject"]["phone_numbers"]
    # The first press of "Erase" only asks.
    confirm = admin.post(URL + "radera", data=carried)
    assert confirm.status_code == 200
    assert "Erase what we hold about this person?" in confirm.get_data(as_text=True)
    assert account_exists(app, made.account_id)
    confirm_page = confirm.get_data(as_text=True)
    request_id = confirm_page.split('name="request_id" type="hidden" value="')[1].split('"')[0]
    done = admin.post(URL + "radera", data={**_carry(confirm_page), "request_id": request_id})
    assert done.status_code == 200
    assert "The data has been erased" in done.get_data(as_text=True)
    assert not account_exists(app, made.account_id)
    assert messages_to(app, PHONE) == []
    with app.app_context():
        assert db.session.scalar(select(Idea.phone).where(Idea.reference == made.idea)) == ""
    # Pressed twice: the same outcome, erased and audited once.
    again = admin.post(URL + "radera", data={**_carry(confirm_page), "request_id": request_id})
    assert "The data has been erased" in again.get_data(as_text=True)
    actions = [event.action for event in _audit(app)]
    assert actions == ["data_subject_search", "data_subject_viewed", "data_subject_exported",
                       "data_subject_erased"]
    with app.app_context():
        (erased,) = db.session.scalars(select(AuditEvent).where(
            AuditEvent.action == "personal_data_erased")).all()
        assert erased.actor_name == "admin" and erased.details["requested_by"] == "administrator"


def test_a_tampered_request_is_refused_without_an_error_page(app, admin):
    csrf = csrf_token_from(admin.get(URL).get_data(as_text=True))
    response = admin.post(URL + "radera", data={"csrf_token": csrf, "kind": "phone",
                                                "identifier": "not a number"})
    assert response.status_code == 302 and response.headers["Location"].endswith(URL)
    assert _audit(app) == []


def test_the_search_is_rate_limited(app, admin):
    app.config["RATELIMIT_ENABLED"] = True
    statuses = [_search(admin, "phone", "070-123 45 67").status_code for _ in range(61)]
    assert statuses[-1] == 429 and set(statuses[:60]) == {200}


def test_erasing_by_phone_number_takes_that_contact_not_the_whole_account(app, client, admin):
    from eservices.residents.models import ResidentContact

    made = resident_with_data(app, client)
    page = _search(admin, "phone", "070-123 45 67").get_data(as_text=True)
    confirm = admin.post(URL + "radera", data=_carry(page)).get_data(as_text=True)
    request_id = confirm.split('name="request_id" type="hidden" value="')[1].split('"')[0]
    admin.post(URL + "radera", data={**_carry(confirm), "request_id": request_id})
    assert account_exists(app, made.account_id)
    with app.app_context():
        left = db.session.scalars(select(ResidentContact.address)).all()
    assert left == [EMAIL]
    assert messages_to(app, PHONE) == [] and len(messages_to(app, EMAIL)) == 1
