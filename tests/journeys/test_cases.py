"""The back office of built journeys: overview, queue, case page, decisions, roles."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from eservices.db import db
from eservices.journeys import submissions
from eservices.journeys.models import JourneyDecision, JourneySubmission
from eservices.staff.models import AuditEvent
from eservices.testing import csrf_token_from, sign_in
from notifications.models import Notification

from ._cases import SLUG, publish, submit

BASE = f"/staff/journey-cases/{SLUG}/"


@pytest.fixture
def journey(app):
    publish(app)
    submit(app, "BEN-2026-0001", problem="Trasig sits")
    submit(app, "BEN-2026-0002", problem="Broken back", mobile="+46709876543", language="en")


@pytest.fixture
def handlaggare(app, create_staff):
    create_staff("hanna", "handlaggare")
    client = app.test_client()
    sign_in(client, "hanna")
    return client


def decide(client, reference, status, reason="", seen=None):
    page = client.get(BASE + reference).get_data(as_text=True)
    data = {"status": status, "reason": reason, "csrf_token": csrf_token_from(page)}
    if seen is not None:
        data["seen_status"] = seen
    else:
        data["seen_status"] = page.split('name="seen_status" value="')[1].split('"')[0]
    return client.post(BASE + reference, data=data)


def outbox(app, reference):
    with app.app_context():
        return db.session.scalars(select(Notification).where(
            Notification.reference == reference, Notification.category == "decision")).all()


def test_the_overview_counts_each_journeys_cases_by_status(app, journey, handlaggare):
    submit(app, "OTH-2026-0001", module_id="another_journey")  # not this journey's
    html = handlaggare.get("/staff/journey-cases/").get_data(as_text=True)
    assert "Laga en parkbänk" in html
    assert f'href="{BASE}?status=new">2<span class="visually-hidden"> ny</span>' in html


def test_the_queue_lists_this_journeys_cases_newest_first_with_masked_numbers(
        app, journey, handlaggare):
    submit(app, "OTH-2026-0001", module_id="another_journey")
    response = handlaggare.get(BASE)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.index("BEN-2026-0002") < html.index("BEN-2026-0001")  # newest first
    assert "OTH-2026-0001" not in html
    assert "Ny (2)" in html and "Klar (0)" in html
    assert "+46 70-••• •• 67" in html and "+46701234567" not in html


def test_queue_filters_by_status_and_refuses_unknown_ones(app, journey, handlaggare):
    decide(handlaggare, "BEN-2026-0001", "done", "Lagad")
    done = handlaggare.get(BASE + "?status=done").get_data(as_text=True)
    assert "BEN-2026-0001" in done and "BEN-2026-0002" not in done
    assert "Ny (1)" in done and "Klar (1)" in done
    assert handlaggare.get(BASE + "?status=nonsense").status_code == 404
    assert handlaggare.get(BASE + "?page=0").status_code == 404
    assert handlaggare.get("/staff/journey-cases/no-such-journey/").status_code == 404


def test_the_case_page_shows_the_answers_as_the_resident_saw_them(app, journey, handlaggare):
    html = handlaggare.get(BASE + "BEN-2026-0002").get_data(as_text=True)
    assert "Problem</dt>" in html and "Broken back" in html  # the English rows
    assert "+46709876543" in html  # in full on the case page
    assert "English" in html and ">1</dd>" in html  # language and version
    with app.app_context():
        assert db.session.scalar(select(AuditEvent.action).where(
            AuditEvent.subject == "BEN-2026-0002")) == "journey_case_viewed"
    assert handlaggare.get(BASE + "OTH-2026-0001").status_code == 404


def test_a_decision_is_recorded_audited_and_sent_in_the_residents_language(
        app, journey, handlaggare):
    response = decide(handlaggare, "BEN-2026-0002", "rejected", "The bench is private")
    assert response.status_code == 303
    html = handlaggare.get(response.headers["Location"]).get_data(as_text=True)
    assert "Ärende BEN-2026-0002 är nu: Avslagen." in html
    assert "The bench is private" in html  # in the decision history
    with app.app_context():
        case = db.session.scalar(select(JourneySubmission).where(
            JourneySubmission.reference == "BEN-2026-0002"))
        assert case.status == "rejected"
        [decision] = db.session.scalars(select(JourneyDecision)).all()
        assert (decision.from_status, decision.to_status, decision.decided_by) == (
            "new", "rejected", "hanna")
        assert db.session.scalar(select(AuditEvent.action).where(
            AuditEvent.action == "journey_case_rejected")) is not None
    [sms] = outbox(app, "BEN-2026-0002")
    assert (sms.channel, sms.recipient, sms.language) == ("sms", "+46709876543", "en")
    assert sms.body == ("Repair a park bench: Your case BEN-2026-0002 has been rejected. "
                        "Reason: The bench is private")


def test_a_swedish_resident_hears_in_swedish(app, journey, handlaggare):
    decide(handlaggare, "BEN-2026-0001", "done", "Bänken är lagad")
    [sms] = outbox(app, "BEN-2026-0001")
    assert sms.body == ("Laga en parkbänk: Ditt ärende BEN-2026-0001 är klart. "
                        "Motivering: Bänken är lagad")


def test_closing_a_case_needs_a_reason(app, journey, handlaggare):
    response = decide(handlaggare, "BEN-2026-0001", "done", "   ")
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "<title>Fel:" in html
    assert "Skriv motiveringen som invånaren får" in html
    assert decide(handlaggare, "BEN-2026-0001", "").status_code == 400
    assert outbox(app, "BEN-2026-0001") == []
    # Starting to handle a case needs none.
    assert decide(handlaggare, "BEN-2026-0001", "in_progress").status_code == 303
    assert len(outbox(app, "BEN-2026-0001")) == 1


def test_a_stale_tab_is_told_and_changes_nothing(app, journey, handlaggare):
    first = handlaggare.get(BASE + "BEN-2026-0001").get_data(as_text=True)
    token = csrf_token_from(first)
    assert decide(handlaggare, "BEN-2026-0001", "in_progress").status_code == 303
    # The second tab was loaded while the case was new.
    response = handlaggare.post(BASE + "BEN-2026-0001", data={
        "status": "done", "reason": "Klar", "seen_status": "new", "csrf_token": token})
    assert response.status_code == 303
    html = handlaggare.get(response.headers["Location"]).get_data(as_text=True)
    assert "Ärendet är redan under handläggning; inget ändrades." in html
    with app.app_context():
        case = db.session.scalar(select(JourneySubmission).where(
            JourneySubmission.reference == "BEN-2026-0001"))
        assert case.status == "in_progress"
        assert len(db.session.scalars(select(JourneyDecision)).all()) == 1
    assert len(outbox(app, "BEN-2026-0001")) == 1


def test_a_closed_case_offers_no_decision(app, journey, handlaggare):
    decide(handlaggare, "BEN-2026-0001", "done", "Lagad")
    html = handlaggare.get(BASE + "BEN-2026-0001").get_data(as_text=True)
    assert "Ärendet är avslutat." in html and 'name="status"' not in html
    again = decide(handlaggare, "BEN-2026-0001", "rejected", "Nej", seen="done")
    assert again.status_code == 303
    with app.app_context():
        assert db.session.scalar(select(JourneySubmission.status).where(
            JourneySubmission.reference == "BEN-2026-0001")) == "done"
    assert len(outbox(app, "BEN-2026-0001")) == 1


def test_a_refused_message_does_not_lose_the_decision(app, journey, handlaggare):
    submit(app, "BEN-2026-0003", mobile="not a number")
    response = decide(handlaggare, "BEN-2026-0003", "done", "Lagad")
    assert response.status_code == 303
    html = handlaggare.get(response.headers["Location"]).get_data(as_text=True)
    assert "meddelandet till invånaren kunde inte skickas" in html
    with app.app_context():
        assert db.session.scalar(select(JourneySubmission.status).where(
            JourneySubmission.reference == "BEN-2026-0003")) == "done"
        assert db.session.scalar(select(AuditEvent.action).where(
            AuditEvent.action == "journey_case_not_notified")) is not None
    assert outbox(app, "BEN-2026-0003") == []


def test_no_contact_details_means_no_message_and_the_staff_member_is_told(
        app, create_staff, handlaggare):
    publish(app, receipts=[])
    submit(app, "BEN-2026-0009")
    response = decide(handlaggare, "BEN-2026-0009", "done", "Lagad")
    html = handlaggare.get(response.headers["Location"]).get_data(as_text=True)
    assert "så hen får inget besked" in html
    assert outbox(app, "BEN-2026-0009") == []


def test_only_handlaggare_and_administrators_open_cases(app, journey, create_staff):
    anonymous = app.test_client()
    response = anonymous.get(BASE)
    assert response.status_code == 302 and "/staff/sign-in" in response.headers["Location"]
    create_staff("dana", "tjanstedesigner")
    designer = app.test_client()
    sign_in(designer, "dana")
    assert designer.get("/staff/journey-cases/").status_code == 403
    assert designer.get(BASE + "BEN-2026-0001").status_code == 403
    assert "Ärenden från byggda e-tjänster" not in designer.get("/staff/").get_data(
        as_text=True)
    create_staff("ada", "administrator")
    admin = app.test_client()
    sign_in(admin, "ada")
    assert admin.get(BASE + "BEN-2026-0001").status_code == 200


def test_the_dashboard_links_handlaggare_to_the_cases(app, journey, handlaggare):
    html = handlaggare.get("/staff/").get_data(as_text=True)
    assert 'href="/staff/journey-cases/">Ärenden från byggda e-tjänster</a>' in html


def test_an_email_receipt_means_the_decision_goes_by_email(app, handlaggare):
    pages = [{"key": "problem", "question": {"type": "short_text",
                                              "label": {"sv": "Vad är fel?", "en": "What?"}}},
             {"key": "email", "question": {"type": "email",
                                            "label": {"sv": "E-post", "en": "E-mail"}}}]
    publish(app, pages=pages, receipts=[{
        "channel": "email", "to": "email", "subject": {"sv": "Tack", "en": "Thanks"},
        "text": {"sv": "Ärende {reference}.", "en": "Case {reference}."}}])
    with app.app_context():
        submissions.record_submission(
            module_id="bench_repair", version_number=1, reference="BEN-2026-0005",
            language="en", rows=[{"key": "email", "label": "E-mail", "value": "a@example.se"}],
            values={"problem": "Loose", "email": "a@example.se"}, retention_days=30)
        db.session.commit()
    decide(handlaggare, "BEN-2026-0005", "done", "Fixed")
    [email] = outbox(app, "BEN-2026-0005")
    assert (email.channel, email.recipient, email.language) == ("email", "a@example.se", "en")
    assert email.subject == "Decision on your case BEN-2026-0005"
    assert "Your case BEN-2026-0005 is done. Reason: Fixed" in email.body
