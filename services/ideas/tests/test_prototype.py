"""From idea to prototype and back: "Starta en prototyp" and the idea following its stage."""

from __future__ import annotations

import pytest
from flask import render_template
from sqlalchemy import func, select

from eservices.db import db
from eservices.designer import lifecycle
from eservices.designer.models import Participant
from eservices.designer.models import TestRound as Round
from eservices.journeys import store
from eservices.journeys.models import JourneyRecord
from services.ideas import statuses as st
from services.ideas.models import Idea

from ._coaching import (
    BASE,
    audit_actions,
    changes_of,
    idea_of,
    make_idea,
    messages,
    post_form,
    signed_in,
)


def journeys(app) -> list[JourneyRecord]:
    with app.app_context():
        found = db.session.scalars(select(JourneyRecord)).all()
        db.session.expunge_all()
        return list(found)


@pytest.fixture
def designer_coach(client, create_staff):
    return signed_in(client, create_staff, "cilla", "idecoach", "tjanstedesigner")


def test_starting_a_prototype_makes_a_draft_named_after_the_idea(app, designer_coach):
    reference = make_idea(app, status=st.COACHED, title="Byt kläder på återbruket")
    response = post_form(designer_coach, reference, "prototype", "prototype")
    assert response.status_code == 303
    [journey] = journeys(app)
    assert response.headers["Location"].endswith(f"/staff/journeys/{journey.slug}/")
    assert journey.slug == "byt-klader-pa-aterbruket" and journey.created_by == "cilla"
    with app.app_context():
        assert store.draft_of(journey).name == {"sv": "Byt kläder på återbruket",
                                                "en": "Byt kläder på återbruket"}
    assert idea_of(app, reference).prototype_module_id == journey.module_id
    assert "idea_prototype_started" in audit_actions(app, reference)
    editor = designer_coach.get(response.headers["Location"])
    assert editor.status_code == 200 and "Byt kläder på återbruket" in editor.get_data(
        as_text=True)
    page = designer_coach.get(f"{BASE}/i/{reference}").get_data(as_text=True)
    assert "Open the prototype in the journey editor" in page and "Start a prototype" not in page
    assert "No test rounds yet." in page


def test_a_double_click_starts_one_journey(app, designer_coach):
    reference = make_idea(app, status=st.COACHED)
    post_form(designer_coach, reference, "prototype", "prototype")
    again = post_form(designer_coach, reference, "prototype", "prototype")
    assert again.status_code == 303 and len(journeys(app)) == 1
    assert "only be started once" in designer_coach.get(again.headers["Location"]).get_data(
        as_text=True)


def test_only_an_idea_being_coached_gets_a_prototype(app, designer_coach):
    reference = make_idea(app, status=st.SCREENED)
    assert "can be started when the idea is being coached" in designer_coach.get(
        f"{BASE}/i/{reference}").get_data(as_text=True)
    post_form(designer_coach, reference, "prototype", "prototype")
    assert journeys(app) == [] and idea_of(app, reference).prototype_module_id == ""


def test_a_coach_who_cannot_open_the_editor_stays_on_the_idea(app, client, create_staff):
    coach = signed_in(client, create_staff)
    reference = make_idea(app, status=st.COACHED)
    response = post_form(coach, reference, "prototype", "prototype")
    assert response.headers["Location"].endswith(f"/staff/ideas/i/{reference}#prototype")
    html = coach.get(response.headers["Location"]).get_data(as_text=True)
    assert "service designer builds its pages" in html and "journey editor" in html
    assert len(journeys(app)) == 1


def _move(app, module_id: str, current: str, stage: str, by: str = "dan") -> None:
    with app.test_request_context():
        lifecycle.move_id(module_id, current, stage, "Testas med invånare", by)
        db.session.commit()


def test_the_idea_follows_its_prototype_and_the_idea_giver_is_told(app, designer_coach):
    reference = make_idea(app, status=st.COACHED)
    post_form(designer_coach, reference, "prototype", "prototype")
    module_id = idea_of(app, reference).prototype_module_id
    _move(app, module_id, "idea", "prototype")
    assert idea_of(app, reference).status == st.TESTED
    _move(app, module_id, "prototype", "pilot")  # already being tested: no second answer
    _move(app, module_id, "pilot", "live")
    idea = idea_of(app, reference)
    assert idea.status == st.IMPLEMENTED and idea.implemented_at is not None
    changes = changes_of(app, reference)
    assert [(c.to_status, c.changed_by, c.notified) for c in changes] == [
        (st.TESTED, "dan", True), (st.IMPLEMENTED, "dan", True)]
    assert "prototyp" in changes[0].public_answer  # in the idea giver's language (sv)
    sent = messages(app, reference)
    assert len(sent) == 2 and "Genomförd" in sent[1].subject
    with app.app_context():
        round_ = Round(module_id=module_id, name="Runda 1", code="ROUND1", created_by="dan")
        db.session.add(round_)
        db.session.flush()
        db.session.add(Participant(round_id=round_.id, number=1))
        db.session.commit()
    page = designer_coach.get(f"{BASE}/i/{reference}").get_data(as_text=True)
    assert "Runda 1" in page and "Live" in page


def test_a_closed_idea_is_not_reopened_by_its_prototype(app, designer_coach):
    reference = make_idea(app, status=st.COACHED)
    post_form(designer_coach, reference, "prototype", "prototype")
    module_id = idea_of(app, reference).prototype_module_id
    with app.app_context():
        db.session.execute(Idea.__table__.update().values(status=st.CLOSED))
        db.session.commit()
    _move(app, module_id, "idea", "live")
    assert idea_of(app, reference).status == st.CLOSED and changes_of(app, reference) == []
    _move(app, "some_other_module", "idea", "live")  # no idea has it: nothing happens
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Idea)) == 1


def test_a_message_that_cannot_go_leaves_the_idea_but_not_the_stage(app, designer_coach):
    reference = make_idea(app, status=st.COACHED, email="", phone="+4670")
    post_form(designer_coach, reference, "prototype", "prototype")
    module_id = idea_of(app, reference).prototype_module_id
    _move(app, module_id, "idea", "pilot")
    with app.app_context():
        from eservices import toolkit as tk

        assert tk.module_stage(module_id) == "pilot"  # the designer's change stands
    assert idea_of(app, reference).status == st.COACHED and changes_of(app, reference) == []


def test_the_idea_giver_sees_the_prototype_on_their_follow_page(app, designer_coach):
    from services.ideas.messages import follow_token

    reference = make_idea(app, status=st.COACHED)
    post_form(designer_coach, reference, "prototype", "prototype")
    with app.test_request_context():
        token = follow_token(db.session.scalar(select(Idea).where(Idea.reference == reference)))
    html = app.test_client().get(f"/ideas/follow/{token}").get_data(as_text=True)
    assert "Byt kläder på återbruket" in html and "e-tjänsten" in html


def test_the_follow_page_partial_names_the_prototype_and_its_stage(app, designer_coach):
    reference = make_idea(app, status=st.COACHED)
    post_form(designer_coach, reference, "prototype", "prototype")
    with app.test_request_context():
        idea = db.session.scalar(select(Idea).where(Idea.reference == reference))
        html = render_template("ideas/_follow_prototype.html", idea=idea)
        assert "Byt kläder på återbruket" in html and "Try" not in html  # not published
        none = make_idea(app)
        other = db.session.scalar(select(Idea).where(Idea.reference == none))
        assert render_template("ideas/_follow_prototype.html", idea=other).strip() == ""
