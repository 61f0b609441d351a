"""Reports hide an idea or a comment after IDEAS_REPORTS_TO_HIDE; staff uphold or dismiss."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from eservices.db import db
from eservices.staff.models import AuditEvent
from eservices.testing import csrf_token_from, sign_in
from services.ideas.models import Comment, ContentReport, Idea
from services.ideas.tests.public_data import clocked, idea, outbox, report


@pytest.fixture
def app(make_app):
    return clocked(make_app)

GIVER = "idegivare@example.se"


def the_idea(app, reference) -> Idea:
    with app.app_context():
        row = db.session.scalar(select(Idea).where(Idea.reference == reference))
        db.session.expunge_all()
        return row


def add_comment(app, reference, body="Dumt skrivet") -> int:
    with app.app_context():
        found = db.session.scalar(select(Idea).where(Idea.reference == reference))
        row = Comment(idea_id=found.id, body=body, author_key="k")
        db.session.add(row)
        db.session.commit()
        return row.id


def test_three_reports_hide_the_idea_and_tell_the_idea_giver(app, client):
    reference = idea(app)
    assert report(app, reference, address="10.0.0.1").status_code == 303
    # The same reporter twice is one report.
    assert report(app, reference, address="10.0.0.1").status_code == 303
    assert report(app, reference, "off_topic", address="10.0.0.2").status_code == 303
    assert the_idea(app, reference).hidden_at is None
    assert outbox(app, GIVER) == []
    report(app, reference, address="10.0.0.3")
    hidden = the_idea(app, reference)
    assert hidden.hidden_at is not None and hidden.hidden_reason == "offensive"
    [message] = outbox(app, GIVER)
    assert message.category == "moderation" and reference in message.body
    assert "Den är kränkande" in message.body and "/ideas/follow/" in message.body
    page = client.get(f"/ideas/i/{reference}").get_data(as_text=True)
    assert "Idén är dold i väntan på granskning" in page
    assert "Många kläder slängs" not in page and "Anledning i anmälningarna" in page
    assert "Byt kläder" not in client.get("/ideas/browse").get_data(as_text=True)
    # A hidden idea takes no more reports, and nothing more is sent.
    assert "dold i väntan" in client.get(f"/ideas/i/{reference}/report").get_data(as_text=True)
    assert len(outbox(app, GIVER)) == 1


def test_the_idea_giver_is_told_in_their_own_language(app):
    reference = idea(app, language="en", email="giver@example.com")
    for address in ("10.0.0.1", "10.0.0.2", "10.0.0.3"):
        report(app, reference, "off_topic", address=address)
    [message] = outbox(app, "giver@example.com")
    assert message.subject == f"Your idea {reference} is hidden pending review"
    assert "Reason in the reports: It is off-topic." in message.body


def test_a_bad_reason_and_an_unknown_idea(app, client):
    reference = idea(app)
    answer = report(app, reference, reason="forged")
    assert answer.status_code == 400 and "Välj varför den ska granskas" in answer.get_data(
        as_text=True)
    assert client.get("/ideas/i/IDE-0000-99999/report").status_code == 404
    assert client.get(f"/ideas/i/{reference}/comments/999/report").status_code == 404
    with app.app_context():
        assert db.session.scalars(select(ContentReport)).all() == []


def test_reports_per_client_are_limited(app):
    references = [idea(app, f"Idé {n}") for n in range(21)]
    answers = [report(app, r, address="10.9.9.9").status_code for r in references]
    assert answers[:20] == [303] * 20 and answers[20] == 429


def test_a_comment_is_hidden_after_reports(app, client):
    reference = idea(app)
    comment_id = add_comment(app, reference)
    path = f"/ideas/i/{reference}/comments/{comment_id}/report"
    for address in ("10.0.0.1", "10.0.0.2", "10.0.0.3"):
        assert report(app, reference, path=path, address=address).status_code == 303
    page = client.get(f"/ideas/i/{reference}").get_data(as_text=True)
    assert "Dumt skrivet" not in page and "Många kläder slängs" in page
    assert outbox(app, GIVER) == []  # the idea's giver did not write the comment


def staff_decide(client, kind, target_id, decision):
    page = client.get("/staff/ideas/challenges/new").get_data(as_text=True)
    return client.post(f"/staff/ideas/moderation/{kind}/{target_id}",
                       data={"csrf_token": csrf_token_from(page), "decision": decision})


def test_a_reviewer_upholds_and_the_idea_giver_is_told(app, client, create_staff):
    reference = idea(app)
    for address in ("10.0.0.1", "10.0.0.2", "10.0.0.3"):
        report(app, reference, address=address)
    create_staff("coach", "idecoach")
    sign_in(client, "coach")
    page = client.get("/staff/ideas/moderation").get_data(as_text=True)
    assert "Dolda, väntar på granskning" in page and reference in page
    assert "Den är kränkande: 3 anmälningar" in page
    assert "Hemliga Hanna" not in page and GIVER not in page
    target = the_idea(app, reference).id
    assert staff_decide(client, "idea", target, "uphold").status_code == 303
    assert the_idea(app, reference).hidden_at is not None
    subjects = sorted(n.subject for n in outbox(app, GIVER))
    assert subjects == [f"Din idé {reference} förblir dold",
                        f"Din idé {reference} är dold i väntan på granskning"]
    # A second reviewer a moment later changes nothing.
    again = staff_decide(client, "idea", target, "dismiss")
    assert "Någon annan har just granskat den" in client.get(
        again.headers["Location"]).get_data(as_text=True)
    assert the_idea(app, reference).hidden_at is not None
    with app.app_context():
        assert db.session.scalars(select(AuditEvent.action).where(
            AuditEvent.module_id == "ideas").order_by(AuditEvent.id)).all() == [
                "hidden_by_reports", "report_uphold"]


def test_a_reviewer_dismisses_and_it_is_shown_again(app, client, create_staff):
    reference = idea(app)
    comment_id = add_comment(app, reference)
    report(app, reference, path=f"/ideas/i/{reference}/comments/{comment_id}/report")
    for address in ("10.0.0.1", "10.0.0.2", "10.0.0.3"):
        report(app, reference, address=address)
    create_staff("coach", "idecoach")
    sign_in(client, "coach")
    page = client.get("/staff/ideas/moderation").get_data(as_text=True)
    assert "Anmälda, visas fortfarande" in page and "Dumt skrivet" in page
    staff_decide(client, "idea", the_idea(app, reference).id, "dismiss")
    staff_decide(client, "comment", comment_id, "uphold")
    shown = the_idea(app, reference)
    assert shown.hidden_at is None and shown.hidden_reason == ""
    public = client.get(f"/ideas/i/{reference}").get_data(as_text=True)
    assert "Många kläder slängs" in public and "Dumt skrivet" not in public
    assert len(outbox(app, GIVER)) == 1  # only the "hidden" notice: a dismissal sends none
    for forged in ("delete", ""):
        answer = staff_decide(client, "idea", shown.id, forged)
        assert answer.status_code == 303
    assert client.post("/staff/ideas/moderation/user/1").status_code in (400, 404)
