"""Idea challenges: residents' pages, and staff opening, editing and moving them on."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

from eservices.db import db
from eservices.staff.models import AuditEvent
from eservices.testing import csrf_token_from, sign_in
from services.ideas.models import Challenge
from services.ideas.tests.public_data import NOW, challenge, clocked, idea


@pytest.fixture
def app(make_app):
    return clocked(make_app)


def form_data(token, **overrides):
    data = {"csrf_token": token, "question": "Hur kan vi minska textilavfallet i Piteå?",
            "slug": "", "description": "Vi vill ha idéer om återbruk.", "department": "miljo",
            "opens_on-day": "1", "opens_on-month": "12", "opens_on-year": "2026",
            "closes_on-day": "31", "closes_on-month": "1", "closes_on-year": "2027",
            "submissions_in": ["open"], "comments_in": ["open", "voting"],
            "supports_in": ["open", "voting"], "support_threshold": "25", "published": "y"}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def stored(app) -> list[Challenge]:
    with app.app_context():
        rows = db.session.scalars(select(Challenge).order_by(Challenge.id)).all()
        db.session.expunge_all()
        return list(rows)


def actions(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(AuditEvent.action).where(
            AuditEvent.module_id == "ideas").order_by(AuditEvent.id)).all())


def coach(client, create_staff):
    create_staff("coach", "idecoach")
    sign_in(client, "coach")
    return csrf_token_from(client.get("/staff/ideas/challenges/new").get_data(as_text=True))


def test_current_and_past_challenges_and_the_submit_link(app, client):
    challenge(app, "textil", threshold=3)
    challenge(app, "skolmat", phase="results", opens_on=date(2026, 1, 1),
              closes_on=date(2026, 3, 1))
    challenge(app, "hemlig", published=False)
    listing = client.get("/ideas/challenges").get_data(as_text=True)
    current, past = listing.split("Avslutade utmaningar")
    assert "textilavfallet" in current and "skolmatavfallet" in past
    assert "hemlig" not in listing
    page = client.get("/ideas/challenges/textil").get_data(as_text=True)
    assert "/ideas/begin?challenge=textil" in page and "Lämna en idé till utmaningen" in page
    assert "En idé behöver 3 stöd" in page
    closed = client.get("/ideas/challenges/skolmat").get_data(as_text=True)
    assert "/ideas/begin?challenge=" not in closed
    assert client.get("/ideas/challenges/hemlig").status_code == 404
    assert client.get("/ideas/challenges/" + "x" * 3000).status_code == 404


def test_no_submit_link_outside_the_window(app, client):
    challenge(app, "snart", opens_on=date(2026, 12, 1))
    page = client.get("/ideas/challenges/snart").get_data(as_text=True)
    assert "/ideas/begin?challenge=" not in page
    assert "tar inte emot nya idéer nu" in page


def test_ideas_in_a_challenge_show_their_threshold_progress(app, client):
    cid = challenge(app, "textil", threshold=2)
    idea(app, "Bytesdag för kläder", challenge_id=cid)
    idea(app, "Dold idé", challenge_id=cid, hidden_at=NOW, hidden_reason="offensive")
    page = client.get("/ideas/challenges/textil").get_data(as_text=True)
    assert "Bytesdag för kläder" in page and "0 av 2 stöd som behövs" in page
    assert "Dold idé" not in page


def test_staff_open_a_challenge_and_it_is_audited(app, client, create_staff):
    token = coach(client, create_staff)
    answer = client.post("/staff/ideas/challenges/new", data=form_data(token))
    assert answer.status_code == 303
    [row] = stored(app)
    assert row.slug == "hur-kan-vi-minska-textilavfallet-i-pitea"
    assert (row.opens_on, row.closes_on) == (date(2026, 12, 1), date(2027, 1, 31))
    assert (row.phase, row.submissions_in, row.supports_in) == ("open", "open", "open,voting")
    assert row.support_threshold == 25 and row.published and row.created_by == "coach"
    assert actions(app) == ["challenge_created"]
    # The same question again gets a free address of its own.
    client.post("/staff/ideas/challenges/new", data=form_data(token))
    assert stored(app)[1].slug == "hur-kan-vi-minska-textilavfallet-i-pitea-2"


def test_bad_input_is_refused_in_words_and_nothing_is_saved(app, client, create_staff):
    token = coach(client, create_staff)
    cases = {
        "Stängningsdagen måste vara samma dag som eller efter öppningsdagen":
            {"closes_on-day": "30", "closes_on-month": "11", "closes_on-year": "2026"},
        "Datumet måste vara ett riktigt datum": {"opens_on-day": "31", "opens_on-month": "2"},
        "Skriv dagen då utmaningen öppnar för idéer":
            {"opens_on-day": "", "opens_on-month": "", "opens_on-year": ""},
        "Skriv utmaningens fråga": {"question": ""},
        "Frågan får vara högst 300 tecken": {"question": "x" * 5000},
        "Välj faser i listan": {"supports_in": ["open", "forged"]},
        "Välj en förvaltning i listan": {"department": "forged"},
        "Antalet stöd måste vara ett heltal": {"support_threshold": "-3"},
        "Webbadressen får bara ha små bokstäver": {"slug": "Inte OK!"},
    }
    for message, change in cases.items():
        answer = client.post("/staff/ideas/challenges/new", data=form_data(token, **change))
        assert answer.status_code == 400, message
        assert message in answer.get_data(as_text=True), message
    for year in ("99999", "1"):
        answer = client.post("/staff/ideas/challenges/new",
                             data=form_data(token, **{"closes_on-year": year}))
        assert answer.status_code == 400
    assert stored(app) == []


def test_editing_keeps_the_address_and_a_taken_one_is_refused(app, client, create_staff):
    token = coach(client, create_staff)
    first = challenge(app, "textil")
    challenge(app, "skolmat")
    page = client.get(f"/staff/ideas/challenges/{first}").get_data(as_text=True)
    assert 'value="textil"' in page
    answer = client.post(f"/staff/ideas/challenges/{first}",
                         data=form_data(token, slug="", question="Ny fråga?"))
    assert answer.status_code == 303
    assert [c.slug for c in stored(app)] == ["textil", "skolmat"]
    assert stored(app)[0].question == "Ny fråga?"
    taken = client.post(f"/staff/ideas/challenges/{first}", data=form_data(token, slug="skolmat"))
    assert taken.status_code == 400 and "har redan den här webbadressen" in taken.get_data(
        as_text=True)
    assert client.get("/staff/ideas/challenges/999").status_code == 404


def test_moving_the_phase_is_a_compare_and_set(app, client, create_staff):
    token = coach(client, create_staff)
    cid = challenge(app, "textil")
    first = client.post(f"/staff/ideas/challenges/{cid}/phase",
                        data={"csrf_token": token, "from_phase": "open"})
    second = client.post(f"/staff/ideas/challenges/{cid}/phase",
                         data={"csrf_token": token, "from_phase": "open"})
    assert first.status_code == second.status_code == 303
    assert stored(app)[0].phase == "voting"
    assert "Någon annan har just flyttat fasen" in client.get(
        "/staff/ideas/challenges").get_data(as_text=True)
    for forged in ("results", "nonsense", ""):
        client.post(f"/staff/ideas/challenges/{cid}/phase",
                    data={"csrf_token": token, "from_phase": forged})
    assert stored(app)[0].phase == "voting"
    assert actions(app) == ["challenge_phase_moved"]


def test_only_coaches_and_administrators(app, client, create_staff):
    create_staff("anna", "handlaggare")
    sign_in(client, "anna")
    for url in ("/staff/ideas/challenges", "/staff/ideas/challenges/new",
                "/staff/ideas/moderation"):
        assert client.get(url).status_code == 403
    assert re.search(r"/staff/sign-in", app.test_client().get(
        "/staff/ideas/challenges").headers["Location"])
