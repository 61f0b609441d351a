"""The private follow page: the idea, its status, the public answers - never notes, never others."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from eservices.db import db, utcnow
from services.ideas import messages
from services.ideas.models import Idea, IdeaNote, IdeaStatusChange

from .submit_helpers import make_idea


def _idea(app, reference):
    with app.app_context():
        return db.session.scalar(select(Idea).where(Idea.reference == reference))


def _token(app, reference):
    with app.test_request_context():
        return messages.follow_token(_idea(app, reference))


def _history(app, reference):
    idea = _idea(app, reference)
    with app.app_context():
        now = utcnow()
        db.session.add_all([
            IdeaStatusChange(idea_id=idea.id, from_status="inkommen", to_status="bedoms",
                             public_answer="Tack! Vi tittar på idén nu.", changed_by="coach",
                             changed_at=now - timedelta(days=3)),
            IdeaStatusChange(idea_id=idea.id, from_status="bedoms", to_status="coachas",
                             public_answer="En coach hör av sig i veckan.", changed_by="coach",
                             changed_at=now - timedelta(days=1)),
            IdeaNote(idea_id=idea.id, body="INTERN: ring förvaltningschefen", written_by="coach"),
        ])
        db.session.get(Idea, idea.id).status = "coachas"
        db.session.commit()


def test_the_page_shows_status_and_public_answers_newest_first(app, client):
    reference = make_idea(app, "Lånecyklar vid stationen", "Svårt att ta sig sista biten.")
    _history(app, reference)
    response = client.get(f"/ideas/follow/{_token(app, reference)}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Lånecyklar vid stationen" in html and reference in html
    assert '<strong class="tag">Coachas</strong>' in html
    assert "Bedöms" in html  # the history names each status it went to
    newest, oldest = html.index("En coach hör av sig"), html.index("Tack! Vi tittar")
    assert newest < oldest
    assert "INTERN" not in html  # notes stay in the back office
    assert "0 personer stöder din idé." in html
    assert "Svårt att ta sig sista biten." in html


def test_a_new_idea_says_no_answer_yet(app, client):
    reference = make_idea(app, "Fler bänkar", "Äldre behöver vila på vägen.")
    html = client.get(f"/ideas/follow/{_token(app, reference)}").get_data(as_text=True)
    assert "Inget svar ännu" in html and "Inkommen" in html


def test_a_forged_or_mangled_token_opens_no_idea(app, client):
    reference = make_idea(app, "Hemlig idé", "Bara för mig.")
    other = make_idea(app, "Annans idé", "Någon annans.")
    token = _token(app, reference)
    signature = token.rsplit(".", 1)[1]
    with app.test_request_context():
        other_payload = messages.follow_token(_idea(app, other)).rsplit(".", 1)[0]
    for bad in (token[:-2], f"{other_payload}.{signature}", "IDE-TEST-0000", "x" * 300,
                token + "a"):
        response = client.get(f"/ideas/follow/{bad}")
        html = response.get_data(as_text=True)
        assert response.status_code == 404, bad
        assert "Vi hittade inte idén" in html
        assert "Hemlig idé" not in html and "Annans idé" not in html
    # A token of a reference that does not exist reads the same as a forged one.
    with app.test_request_context():
        ghost = messages.tk.tokens.sign(messages.FOLLOW_PURPOSE, "IDE-FINNS-INTE")
    assert client.get(f"/ideas/follow/{ghost}").status_code == 404


def test_a_token_for_another_purpose_is_refused(app, client):
    reference = make_idea(app, "Idé", "Problem.")
    with app.test_request_context():
        wrong = messages.tk.tokens.sign("ideas.verify-email", reference)
    assert client.get(f"/ideas/follow/{wrong}").status_code == 404


def test_english_follow_page(app, client):
    reference = make_idea(app, "Idea", "Problem.")
    client.get("/language/en")
    html = client.get(f"/ideas/follow/{_token(app, reference)}").get_data(as_text=True)
    assert "No answer yet" in html and "Submitted" in html


def test_supporters_files_and_a_hidden_idea_are_told(app, client):
    from services.ideas.models import IdeaAttachment, Support

    reference = make_idea(app, "Idé med stöd", "Problem.", hidden=True)
    idea = _idea(app, reference)
    with app.app_context():
        db.session.add_all([Support(idea_id=idea.id, supporter_key="a" * 64, kind="phone"),
                            IdeaAttachment(journey_id=idea.journey_id, idea_id=idea.id,
                                           stored_name="0" * 32 + ".png",
                                           original_name="karta.png", content_type="image/png",
                                           size=10, sha256="0" * 64)])
        db.session.get(Idea, idea.id).hidden_reason = "off_topic"
        db.session.commit()
    html = client.get(f"/ideas/follow/{_token(app, reference)}").get_data(as_text=True)
    assert "1 person stöder din idé." in html and "karta.png" in html
    assert "dold på de offentliga idésidorna" in html
