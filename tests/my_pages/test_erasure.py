"""Erasure: what goes, what stays and why, exactly once, signed out, audited without the person."""

from __future__ import annotations

import json
import logging

from sqlalchemy import select

from eservices.db import db
from eservices.residents.models import ResidentContact, ResidentSession
from eservices.staff.models import AuditEvent
from eservices.testing import csrf_token_from
from notifications.models import Notification, NotificationEvent, OptOut
from services.accessibility_report.models import Report
from services.collection_alerts.models import Subscriber
from services.ideas.models import Idea

from ._data import (
    EMAIL,
    NAME,
    PERSONAL_NUMBER,
    PHONE,
    STRANGER_PHONE,
    account_exists,
    messages_to,
    resident_with_data,
)


def _confirm(client) -> tuple[str, str]:
    page = client.get("/mina-sidor/radera").get_data(as_text=True)
    request_id = page.split('name="request_id" type="hidden" value="')[1].split('"')[0]
    return csrf_token_from(page), request_id


def _erase(client, csrf: str, request_id: str):
    return client.post("/mina-sidor/radera", data={"csrf_token": csrf,
                                                   "request_id": request_id})


def _audit(app, action: str) -> list[AuditEvent]:
    with app.app_context():
        found = list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))
        db.session.expunge_all()
        return found


def test_erasure_removes_what_it_may_keeps_what_it_must_and_signs_out(app, client):
    made = resident_with_data(app, client)
    client.get("/language/en")
    with app.app_context():  # a provider's error text quoting the number
        sent = db.session.get(Notification, made.message_ids[0])
        sent.error_message = f"{PHONE} was unreachable"
        db.session.add(NotificationEvent(notification_id=sent.id, status="undelivered",
                                         detail=f"{PHONE} was unreachable"))
        db.session.commit()
    csrf, request_id = _confirm(client)
    response = _erase(client, csrf, request_id)
    assert response.status_code == 302 and response.headers["Location"].endswith("/raderat")
    page = client.get("/mina-sidor/raderat").get_data(as_text=True)
    assert "Your data has been erased" in page and "You have been signed out." in page
    # The report under handling is kept, with the module's reason, and said so.
    assert "Accessibility reports we are still handling" in page
    with app.app_context():
        reports = {r.reference: r for r in db.session.scalars(select(Report))}
        assert reports["TR-OPEN-1"].email == EMAIL  # still being handled: kept whole
        assert reports["TR-DONE-1"].email == "" and reports["TR-DONE-1"].name == ""
        assert reports["TR-THEIRS"].email  # someone else's is untouched
        ideas = {i.reference: i for i in db.session.scalars(select(Idea))}
        assert ideas[made.idea].phone == "" and ideas["IDE-2026-90002"].phone == STRANGER_PHONE
        assert db.session.scalar(select(Subscriber).where(Subscriber.phone == PHONE)) is None
        assert db.session.scalars(select(ResidentContact)).all() == []
        assert db.session.scalars(select(ResidentSession)).all() == []
        # Messages: the content and recipient are gone, the bookkeeping stays.
        for message_id in made.message_ids:
            sent = db.session.get(Notification, message_id)
            assert (sent.recipient, sent.body, sent.subject) == ("", "", "")
            assert sent.status == "delivered" and sent.segments == 1 and sent.purged_at
            assert sent.error_message == ""
            assert all(event.detail == "" for event in sent.events)
        assert db.session.scalars(select(NotificationEvent.status)).all() == ["undelivered"]
        assert db.session.get(Notification, made.stranger_message).body.startswith("Hej")
    assert not account_exists(app, made.account_id)
    assert messages_to(app, PHONE) == [] and len(messages_to(app, STRANGER_PHONE)) == 1
    # Signed out: Mina sidor asks for a sign-in again.
    assert client.get("/mina-sidor").status_code == 302


def test_a_second_press_shows_the_first_outcome_and_erases_once(app, client):
    resident_with_data(app, client)
    client.get("/language/en")
    csrf, request_id = _confirm(client)
    assert _erase(client, csrf, request_id).status_code == 302
    first = client.get("/mina-sidor/raderat").get_data(as_text=True)
    # The same form again (a double click, the back button): no sign-in needed to be told.
    again = _erase(client, csrf, request_id)
    assert again.status_code == 302 and again.headers["Location"].endswith("/raderat")
    assert client.get("/mina-sidor/raderat").get_data(as_text=True) == first
    assert len(_audit(app, "personal_data_erased")) == 1


def test_the_audit_record_names_nobody(app, client):
    resident_with_data(app, client)
    csrf, request_id = _confirm(client)
    _erase(client, csrf, request_id)
    (event,) = _audit(app, "personal_data_erased")
    written = json.dumps({"subject": event.subject, "details": event.details},
                         ensure_ascii=False)
    for personal in (PERSONAL_NUMBER, PHONE, EMAIL, NAME, "Tolvan", "701234567", request_id,
                     "TR-OPEN-1", "TR-DONE-1"):
        assert personal not in written
    assert event.details["requested_by"] == "resident" and event.details["complete"] is True
    assert set(event.details["modules"]) >= {"accessibility_report", "collection_alerts",
                                             "ideas"}
    assert event.details["messages"] == 2 and event.details["accounts"] == 1


def test_a_module_whose_erase_fails_is_named_and_the_account_is_kept_for_another_try(
        app, client, monkeypatch, caplog):
    made = resident_with_data(app, client)
    client.get("/language/en")

    def broken(subject):
        raise RuntimeError("ideas cannot erase now")

    monkeypatch.setattr("services.ideas.personal_data.erase", broken)
    csrf, request_id = _confirm(client)
    with caplog.at_level(logging.ERROR):
        _erase(client, csrf, request_id)
    page = client.get("/mina-sidor/raderat").get_data(as_text=True)
    assert "Most of your data has been erased" in page
    assert "could not be erased just now" in page
    assert "erase of module ideas failed" in caplog.text
    with app.app_context():
        assert db.session.scalar(select(Idea.phone).where(Idea.reference == made.idea)) == PHONE
        assert db.session.scalar(select(Report.email).where(
            Report.reference == "TR-DONE-1")) == ""  # the others' erasure stands
    assert account_exists(app, made.account_id)
    assert client.get("/mina-sidor").status_code == 302  # signed out all the same


def test_a_stopp_is_kept_and_said_why(app, client):
    resident_with_data(app, client)
    client.get("/language/en")
    with app.app_context():
        db.session.add(OptOut(phone=PHONE, active=True, source="sms"))
        db.session.commit()
    csrf, request_id = _confirm(client)
    _erase(client, csrf, request_id)
    page = client.get("/mina-sidor/raderat").get_data(as_text=True)
    assert "said no to texts from us (STOPP)" in page
    with app.app_context():
        assert db.session.get(OptOut, PHONE) is not None


def test_erasure_needs_the_csrf_token_and_a_request_id(app, client):
    made = resident_with_data(app, client)
    csrf, request_id = _confirm(client)
    assert client.post("/mina-sidor/radera", data={"request_id": request_id}).status_code == 400
    assert _erase(client, csrf, "").status_code == 400
    assert account_exists(app, made.account_id)


def test_the_receipt_page_without_a_request_is_not_found(client):
    assert client.get("/mina-sidor/raderat").status_code == 404


def test_a_racing_twin_that_loses_the_claim_shows_the_winners_receipt(app, monkeypatch):
    """The twin read "no receipt yet", then its claim hits the winner's committed row."""
    from eservices.my_pages import receipts
    from eservices.my_pages.erasure import ErasureReport

    with app.test_request_context("/"):
        first = receipts.erase_once("the-request", lambda ref: ErasureReport(ref, messages=3))
    real = receipts.receipt_for
    asked = []

    def not_yet_then_real(request_id):
        asked.append(request_id)
        return None if len(asked) == 1 else real(request_id)

    monkeypatch.setattr(receipts, "receipt_for", not_yet_then_real)

    def must_not_run(reference):
        raise AssertionError("erased twice")

    with app.test_request_context("/"):
        second = receipts.erase_once("the-request", must_not_run)
    assert second == first and second.messages == 3 and len(asked) == 2


def test_answers_begun_in_this_browser_and_not_sent_go_too(app, client):
    from eservices.forms.journey import JourneyState

    resident_with_data(app, client)
    client.get("/language/en")
    with app.app_context():
        db.session.add_all([
            JourneyState(id="begun", name="ideas", answers={"phone": {"phone": PHONE}},
                         recovered={}),
            JourneyState(id="someone-elses", name="ideas", answers={}, recovered={})])
        db.session.commit()
    with client.session_transaction() as browser:
        browser["journeys"] = {"ideas": "begun"}
    csrf, request_id = _confirm(client)
    _erase(client, csrf, request_id)
    assert "The answers you had begun in this browser" in client.get(
        "/mina-sidor/raderat").get_data(as_text=True)
    with app.app_context():
        assert db.session.get(JourneyState, "begun") is None
        assert db.session.get(JourneyState, "someone-elses") is not None
