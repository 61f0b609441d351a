"""The handläggare's side through the test client: queue, case page, decisions, messages."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select, update

from eservices import toolkit as tk
from eservices.db import db
from eservices.staff.models import AuditEvent
from eservices.testing import csrf_token_from, sign_in
from notifications.models import Notification
from services.waste_subscription import cases
from services.waste_subscription.household import plan_on
from services.waste_subscription.models import ChangeRequest

BASE = "/staff/waste-subscription"
BIGGER = {"bins": (("restavfall", 240), ("matavfall", 140))}


@pytest.fixture
def staff(client, create_staff):
    """A signed-in handläggare reading the back office in English (the source language)."""
    create_staff("anna", "handlaggare")
    client.get("/language/en")
    sign_in(client, "anna")
    return client


@pytest.fixture
def home(add_subscription) -> str:
    return add_subscription("100001", "Exempelby 3:14", "Storgatan 1")


def decide(client, reference: str, action: str, **data: str):
    token = csrf_token_from(client.get(f"{BASE}/{reference}").get_data(as_text=True))
    return client.post(f"{BASE}/{reference}/{action}", data={**data, "csrf_token": token})


def case_of(app, reference: str) -> ChangeRequest:
    with app.app_context():
        case = db.session.scalar(select(ChangeRequest).where(ChangeRequest.reference == reference))
        _ = case.events
        db.session.expunge_all()
        return case


def bins_on(app, case: ChangeRequest, day: date | None = None):
    """The bins in the register's plan in force on ``day`` (the case's effective date)."""
    with app.app_context():
        return plan_on(case.customer_number, day or case.effective_date).bins


def messages(app, reference: str, channel: str = "sms") -> list[Notification]:
    with app.app_context():
        return db.session.scalars(select(Notification).where(
            Notification.reference == reference, Notification.channel == channel)).all()


def audit_actions(app, reference: str) -> list[str]:
    with app.app_context():
        return db.session.scalars(select(AuditEvent.action).where(
            AuditEvent.subject == reference).order_by(AuditEvent.id)).all()


def test_queue_has_a_tab_per_state_with_counts_and_masked_contact(app, staff, home,
                                                                  add_subscription, make_case):
    other = add_subscription("100002", "Exempelby 3:15", "Storgatan 3")
    first = make_case(home, ["size"], {"size": {"restavfall": 240}}, **BIGGER,
                      email="eva.ek@exempel.se")
    make_case(other, ["frequency"], {"frequency": "weekly"}, frequency="weekly")
    make_case(other, ["frequency"], {"frequency": "weekly"}, frequency="weekly",
              status="rejected")
    html = staff.get(f"{BASE}/").get_data(as_text=True)
    assert "New (2)" in html and "In progress (0)" in html and "Rejected (1)" in html
    assert first in html and "Exempelby 3:14" in html and "100001" in html
    assert "Bin size" in html and "1 Dec 2026" in html
    assert "+46701234567" not in html and "+46 70-••• •• 67" in html
    assert "eva.ek@exempel.se" not in html and "e•••@exempel.se" in html
    rejected = staff.get(f"{BASE}/?status=rejected").get_data(as_text=True)
    assert first not in rejected and "Exempelby 3:15" in rejected
    assert staff.get(f"{BASE}/?status=hacked").status_code == 404


def test_case_page_shows_request_price_history_and_contact(app, staff, home, make_case):
    reference = make_case(home, ["size"], {"size": {"restavfall": 240}}, **BIGGER,
                          email="eva.ek@exempel.se")
    html = staff.get(f"{BASE}/{reference}").get_data(as_text=True)
    assert "Residual waste 240 litres" in html  # the request, in words from the tariff
    assert "190 litres" in html and "240 litres" in html  # now and after, side by side
    assert "Every 2 weeks" in html
    assert "SEK\xa03,100.00" in html and "SEK\xa03,460.00" in html  # annual fees
    assert "SEK\xa0150.00" in html  # change fee
    assert "31 days" in html
    assert "Request sent" in html and "resident" in html  # history
    assert "070-123 45 67" in html and "eva.ek@exempel.se" in html  # full contact here
    assert audit_actions(app, reference) == ["case_viewed"]


def test_start_and_approve_change_the_register_and_notify_once(app, staff, home, make_case):
    reference = make_case(home, ["size"], {"size": {"restavfall": 240}}, **BIGGER)
    started = decide(staff, reference, "start")
    assert started.status_code == 303
    assert "You are now handling" in staff.get(started.location).get_data(as_text=True)
    assert case_of(app, reference).status == "in_progress"

    approved = decide(staff, reference, "approve", approve_reason="Välkommen!")
    assert "is approved" in staff.get(approved.location).get_data(as_text=True)
    again = decide(staff, reference, "approve")  # the button pressed twice
    assert "already approved" in staff.get(again.location).get_data(as_text=True)

    case = case_of(app, reference)
    assert case.status == "approved" and case.decided_by == "anna"
    assert case.decision_reason == "Välkommen!" and case.decided_at is not None
    assert [e.kind for e in case.events] == ["submitted", "started", "approved"]
    # Scheduled for its date in the register; the subscription today is as it was.
    assert sorted((b.container, b.litres) for b in bins_on(app, case)) == [
        ("matavfall", 140), ("restavfall", 240)]
    assert [b.litres for b in bins_on(app, case, date(2026, 11, 30))] == [190, 140]
    [sms] = messages(app, reference)
    assert sms.language == "sv" and reference in sms.body and "Välkommen!" in sms.body
    assert sms.body.startswith("Din begäran") and "1 december 2026" in sms.body
    assert messages(app, reference, "email") == []  # the resident gave no e-mail
    actions = audit_actions(app, reference)
    assert actions.count("case_started") == 1 and actions.count("case_approved") == 1


def test_reject_needs_a_reason_and_then_tells_the_resident_in_their_language(
        app, staff, home, make_case):
    reference = make_case(home, ["size"], {"size": {"restavfall": 240}}, **BIGGER,
                          language="en", email="eva.ek@exempel.se")
    response = decide(staff, reference, "reject", reject_reason="  ")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<title>Error:" in html
    assert "There is a problem" in html and 'href="#reject_reason"' in html
    assert "Enter the reason for rejecting the request" in html
    assert case_of(app, reference).status == "new" and messages(app, reference) == []

    decide(staff, reference, "reject", reject_reason="The bin does not fit the enclosure.")
    case = case_of(app, reference)
    assert case.status == "rejected" and [b.litres for b in bins_on(app, case)] == [190, 140]
    [sms] = messages(app, reference)
    assert sms.language == "en" and sms.body.startswith(f"Your request {reference}")
    assert "has been rejected. Reason: The bin does not fit the enclosure." in sms.body
    [email] = messages(app, reference, "email")
    assert email.subject == f"Decision on your request {reference}"
    assert "case_rejected" in audit_actions(app, reference)


def test_withdraw_needs_a_reason_and_confirms_to_the_resident(app, staff, home, make_case):
    reference = make_case(home, ["size"], {"size": {"restavfall": 240}}, **BIGGER)
    assert "Enter why the request is withdrawn" in decide(
        staff, reference, "withdraw").get_data(as_text=True)
    decide(staff, reference, "withdraw", withdraw_reason="Invånaren ringde och ångrade sig.")
    case = case_of(app, reference)
    assert case.status == "withdrawn" and case.events[-1].note.startswith("Invånaren ringde")
    assert len(messages(app, reference)) == 1
    assert "case_withdrawn" in audit_actions(app, reference)
    # A decided case cannot be decided again.
    again = decide(staff, reference, "approve")
    assert "already withdrawn" in staff.get(again.location).get_data(as_text=True)
    assert case_of(app, reference).status == "withdrawn"


def test_share_waits_for_the_neighbour_then_is_shared_both_ways(
        app, staff, home, add_subscription, make_case):
    neighbour = add_subscription("100002", "Exempelby 3:15", "Storgatan 3",
                                 bins=(("restavfall", 370), ("matavfall", 140)))
    reference = make_case(home, ["share"], {"share": {"neighbour_customer_number": "100002"}},
                          bins=(("restavfall", 370), ("matavfall", 140)),
                          shared_with="100002", neighbour_customer_number=neighbour,
                          neighbour_status="pending")
    html = staff.get(f"{BASE}/{reference}").get_data(as_text=True)
    assert "Waiting for the neighbour" in html and "With customer number 100002" in html
    refused = decide(staff, reference, "approve")
    assert "has not confirmed the shared bin" in staff.get(refused.location).get_data(
        as_text=True)
    assert case_of(app, reference).status == "new" and messages(app, reference) == []

    with app.app_context():
        case = db.session.scalar(select(ChangeRequest).where(ChangeRequest.reference == reference))
        case.neighbour_status = "confirmed"
        db.session.commit()
    decide(staff, reference, "approve")
    with app.app_context():
        day = date(2026, 12, 1)  # the case's effective date
        mine, theirs = plan_on(home, day), plan_on(neighbour, day)
        assert mine.shared_with == neighbour and theirs.shared_with == home
        assert sorted((b.container, b.litres) for b in mine.bins) == [
            ("matavfall", 140), ("restavfall", 370)]
        assert plan_on(home, date(2026, 11, 30)).shared_with is None  # not before
    assert case_of(app, reference).status == "approved"


def test_approve_is_refused_when_the_subscription_changed_since(app, staff, home, make_case):
    reference = make_case(home, ["size"], {"size": {"restavfall": 240}}, **BIGGER)
    with app.app_context():  # the register changed: weekly from today
        reg = tk.register
        tk.waste_register().schedule_change(home, reg.SubscriptionChange(
            (reg.ContainerSpec("restavfall", 190), reg.ContainerSpec("matavfall", 140)),
            "weekly"), date(2026, 11, 27))
        db.session.commit()
    refused = decide(staff, reference, "approve")
    assert "The subscription has changed since the request was sent" in staff.get(
        refused.location).get_data(as_text=True)
    case = case_of(app, reference)
    assert case.status == "new" and case.decided_at is None
    assert [b.litres for b in bins_on(app, case)] == [190, 140]
    assert messages(app, reference) == [] and "case_approved" not in audit_actions(
        app, reference)


def test_a_case_decided_meanwhile_is_not_decided_again(app, home, make_case):
    """The status change is a compare-and-set: a stale page cannot decide twice."""
    reference = make_case(home, ["size"], {"size": {"restavfall": 240}}, **BIGGER)
    with app.test_request_context():
        case = db.session.scalar(select(ChangeRequest).where(ChangeRequest.reference == reference))
        db.session.execute(update(ChangeRequest).where(ChangeRequest.id == case.id)
                           .values(status="rejected").execution_options(
                               synchronize_session=False))  # a colleague, a moment ago
        assert case.status == "new"  # what this request still believes
        with pytest.raises(cases.CaseError, match="Someone else has just decided"):
            cases.approve(case, "anna", "")
        db.session.rollback()
    case = case_of(app, reference)
    assert case.status == "new" and [b.litres for b in bins_on(app, case)] == [190, 140]
    assert messages(app, reference) == []


def test_other_roles_are_refused_and_unknown_cases_are_not_found(
        app, client, create_staff, home, make_case):
    reference = make_case(home, ["size"], {"size": {"restavfall": 240}}, **BIGGER)
    assert client.get(f"{BASE}/").status_code == 302  # anonymous: to the sign-in page
    create_staff("x", "tjanstedesigner")
    sign_in(client, "x")
    assert client.get(f"{BASE}/").status_code == 403
    assert client.get(f"{BASE}/{reference}").status_code == 403
    assert client.get(f"{BASE}/export.csv?from=2026-01-01&to=2026-12-31").status_code == 403
    client.post("/staff/sign-out", data={"csrf_token": csrf_token_from(
        client.get("/staff/").get_data(as_text=True))})
    create_staff("anna", "handlaggare")
    sign_in(client, "anna")
    assert client.get(f"{BASE}/AV-XXXX-XXXX").status_code == 404
    assert decide(client, reference, "delete").status_code == 404
    token = csrf_token_from(client.get(f"{BASE}/{reference}").get_data(as_text=True))
    assert client.post(f"{BASE}/AV-XXXX-XXXX/approve",
                       data={"csrf_token": token}).status_code == 404
    assert client.post(f"{BASE}/{reference}/approve").status_code == 400  # no CSRF token
    assert case_of(app, reference).status == "new"
