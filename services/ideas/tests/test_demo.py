"""The demo data: loaded twice it adds nothing, it has the promised mix, and the seed's two."""

from __future__ import annotations

from collections import Counter
from datetime import UTC
from pathlib import Path

import pytest
from sqlalchemy import func, select

from eservices.db import db
from eservices.testing import sign_in
from services.ideas import statuses as st
from services.ideas.demo import load_demo
from services.ideas.demo_ideas import IDEAS
from services.ideas.models import Challenge, Comment, Idea, IdeaNote, IdeaStatusChange, Support
from services.ideas.tests.stats_data import NOW, clocked_app

MODELS = (Challenge, Idea, IdeaStatusChange, Support, Comment, IdeaNote)


@pytest.fixture
def app(make_app):
    return clocked_app(make_app)


def counts() -> list[int]:
    return [db.session.scalar(select(func.count()).select_from(m)) for m in MODELS]


def test_loading_twice_adds_nothing(app):
    with app.app_context():
        load_demo()
        db.session.remove()  # what load_demo made is committed, not only in its session
        first = counts()
        load_demo()
        db.session.expire_all()
        assert counts() == first
        assert first[:2] == [3, 36]
        assert first[2] > 60 and first[3] > 150 and first[4] == 3 and first[5] == 4


def test_the_mix_of_departments_statuses_and_months(app):
    with app.app_context():
        load_demo()
        ideas = db.session.scalars(select(Idea).order_by(Idea.reference)).all()
        assert [idea.title for idea in ideas] == [demo.title for demo in IDEAS]
        assert set(Counter(idea.status for idea in ideas)) == set(st.ALL_STATUSES)
        assert len({idea.department for idea in ideas}) == 8
        months = {idea.submitted_at.astimezone(UTC).strftime("%Y-%m") for idea in ideas}
        assert len(months) >= 9
        assert all(idea.submitted_at < NOW for idea in ideas)
        assert {idea.coach for idea in ideas} == {"", "coach"}
        assert {idea.submitter_kind for idea in ideas} == {"employee", "resident"}
        for idea in ideas:
            history = db.session.scalars(select(IdeaStatusChange).where(
                IdeaStatusChange.idea_id == idea.id).order_by(IdeaStatusChange.changed_at)).all()
            if idea.status == st.SUBMITTED:
                assert history == [] and idea.first_answered_at is None
                continue
            assert history[-1].to_status == idea.status
            assert [h.from_status for h in history[1:]] == [h.to_status for h in history[:-1]]
            assert idea.first_answered_at == history[0].changed_at > idea.submitted_at
            assert all(h.public_answer and h.changed_at < NOW for h in history)
            assert (idea.implemented_at is not None) is (idea.status == st.IMPLEMENTED)
            if idea.status == st.CLOSED:
                assert idea.closed_reason in st.CLOSED_REASONS


def test_the_challenges(app):
    with app.app_context():
        load_demo()
        found = {c.slug: c for c in db.session.scalars(select(Challenge))}
        textile = found["textilavfall"]
        assert textile.question == "Hur kan vi minska textilavfallet i Piteå?"
        assert textile.phase == "voting" and textile.opens_on < NOW.date() < textile.closes_on
        assert found["vinteraktiviteter"].phase == "results"
        assert found["vinteraktiviteter"].closes_on < NOW.date()
        assert found["ensamhet"].phase == "open"
        in_textile = db.session.scalar(select(func.count()).select_from(Idea).where(
            Idea.challenge_id == textile.id))
        assert in_textile == 5


def test_the_seeds_two_ideas(app):
    with app.app_context():
        load_demo()
        textile = db.session.scalar(select(Idea).where(Idea.journey_id == "demo-textil-jobb"))
        assert "återbruksmarknaden" in textile.title and "jobb" in textile.title
        assert textile.status == st.TESTED and textile.prototype_module_id == "textile_reuse"
        assert textile.coach == "coach"
        assert db.session.scalar(select(func.count()).select_from(Support).where(
            Support.idea_id == textile.id)) == 15
        assert db.session.scalars(select(Comment).where(Comment.idea_id == textile.id)).all()
        assert db.session.scalars(select(IdeaNote).where(IdeaNote.idea_id == textile.id)).all()

        waste = db.session.scalar(select(Idea).where(
            Idea.journey_id == "demo-abonnemang-digitalt"))
        assert waste.status == st.IMPLEMENTED and waste.prototype_module_id == "waste_subscription"
        assert waste.showcase_published and "Avfallsaffären" in waste.showcase_story
        assert waste.showcase_credits
        last = db.session.scalars(select(IdeaStatusChange).where(
            IdeaStatusChange.idea_id == waste.id).order_by(IdeaStatusChange.changed_at.desc())
        ).first()
        assert "Avfallsaffären" in last.public_answer


def test_the_statistics_page_counts_the_demo(app, client, create_staff):
    create_staff("coach", "idecoach")
    with app.app_context():
        load_demo()
    sign_in(client, "coach")
    html = client.get("/staff/ideas/statistics").get_data(as_text=True)
    assert '<dd class="summary-list__value">36</dd>' in html  # every idea is within a year


def test_the_platform_command_loads_it_once(app):
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)  # it writes the demo accounts
    runner = app.test_cli_runner()
    for _ in range(2):
        result = runner.invoke(args=["eservices", "load-demo"])
        assert result.exit_code == 0, result.output
        assert "Demo data loaded for ideas." in result.output
    with app.app_context():
        assert counts()[:2] == [3, 36]
