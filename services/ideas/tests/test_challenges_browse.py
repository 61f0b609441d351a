"""The public side of ideas: browsing with filters, and one idea's page without its submitter."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from eservices.db import db
from services.ideas.models import Idea, IdeaNote, IdeaStatusChange
from services.ideas.tests.public_data import NOW, challenge, clocked, idea


@pytest.fixture
def app(make_app):
    return clocked(make_app)


def add_history(app, reference):
    with app.app_context():
        row = db.session.scalar(select(Idea).where(Idea.reference == reference))
        db.session.add_all([
            IdeaStatusChange(idea_id=row.id, from_status="inkommen", to_status="bedoms",
                             public_answer="Tack, vi tittar på din idé.", changed_by="coach"),
            IdeaStatusChange(idea_id=row.id, from_status="bedoms", to_status="coachas",
                             public_answer="", changed_by="coach"),
            IdeaNote(idea_id=row.id, body="Intern anteckning om budgeten", written_by="coach")])
        db.session.commit()


def test_an_idea_page_shows_the_idea_and_never_its_submitter(app, client):
    cid = challenge(app, "textil", threshold=10)
    reference = idea(app, challenge_id=cid, status="coachas", phone="+46709999999")
    add_history(app, reference)
    page = client.get(f"/ideas/i/{reference}").get_data(as_text=True)
    for shown in ("Byt kläder på biblioteket", "Många kläder slängs.",
                  "En bytesdag varje månad.", "Alla som vill byta.", "Miljö och avfall",
                  "Hur kan vi minska textilavfallet?", "/ideas/challenges/textil",
                  "Tack, vi tittar på din idé.", 'id="support-count">0<',
                  "0 av 10 stöd som behövs.", "Coachas"):
        assert shown in page, shown
    for secret in ("Hemliga Hanna", "idegivare@example.se", "+46709999999", "0709999999",
                   "Intern anteckning"):
        assert secret not in page, secret


def test_an_unknown_reference_is_the_404_page(app, client):
    for reference in ("IDE-0000-99999", "x" * 500, "%00"):
        answer = client.get(f"/ideas/i/{reference}")
        assert answer.status_code == 404


def test_browse_lists_the_newest_first_and_leaves_hidden_ideas_out(app, client):
    idea(app, "Äldre idé", submitted_at=NOW - timedelta(days=3))
    idea(app, "Nyare idé", submitted_at=NOW - timedelta(days=1))
    idea(app, "Dold idé", hidden_at=NOW, hidden_reason="offensive")
    page = client.get("/ideas/browse").get_data(as_text=True)
    assert page.index("Nyare idé") < page.index("Äldre idé")
    assert "Dold idé" not in page and "2 idéer" in page
    assert "Hemliga Hanna" not in page


def test_browse_filters_by_department_challenge_and_status(app, client):
    cid = challenge(app, "textil")
    idea(app, "I utmaningen", challenge_id=cid)
    idea(app, "Om skolan", department="utbildning", status="bedoms")
    by_department = client.get("/ideas/browse?department=utbildning").get_data(as_text=True)
    assert "Om skolan" in by_department and "I utmaningen" not in by_department
    by_challenge = client.get("/ideas/browse?challenge=textil").get_data(as_text=True)
    assert "I utmaningen" in by_challenge and "Om skolan" not in by_challenge
    by_status = client.get("/ideas/browse?status=bedoms").get_data(as_text=True)
    assert "Om skolan" in by_status and "I utmaningen" not in by_status


def test_bad_filters_get_a_clear_message_never_an_error(app, client):
    idea(app)
    for query, message in (("department=nope", "ingen sådan förvaltning"),
                           ("challenge=nope", "ingen sådan utmaning"),
                           ("status=" + "x" * 5000, "ingen sådan status"),
                           ("page=0", "ingen sådan sida"), ("page=-1", "ingen sådan sida"),
                           ("page=99999999999999999999", "ingen sådan sida"),
                           ("page=abc", "ingen sådan sida")):
        answer = client.get(f"/ideas/browse?{query}")
        assert answer.status_code == 400, query
        page = answer.get_data(as_text=True)
        assert message in page and "Byt kläder på biblioteket" in page, query


def test_browse_pages_are_bounded(app, client):
    for number in range(25):
        idea(app, f"Idé nummer {number:02d}", submitted_at=NOW - timedelta(minutes=number))
    first = client.get("/ideas/browse").get_data(as_text=True)
    assert "Idé nummer 00" in first and "Idé nummer 19" in first
    assert "Idé nummer 20" not in first and "Sida 1 av 2" in first
    second = client.get("/ideas/browse?page=2").get_data(as_text=True)
    assert "Idé nummer 24" in second and "Idé nummer 00" not in second
    assert "Idé nummer" not in client.get("/ideas/browse?page=3").get_data(as_text=True)
