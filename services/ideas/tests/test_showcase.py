"""The showcase "Från idé till tjänst": only published stories of implemented ideas."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from eservices.db import db
from eservices.journeys import store
from eservices.journeys.models import JourneyRecord
from eservices.journeys.schema import JourneyDefinition
from services.ideas import statuses as st

from ._coaching import (
    BASE,
    audit_actions,
    changes_of,
    idea_of,
    make_idea,
    post_form,
    signed_in,
)

STORY = "Idén blev en bytesdag.\n\nNu byter hundratals invånare kläder varje månad."


@pytest.fixture
def coach(client, create_staff):
    return signed_in(client, create_staff)


def test_only_published_stories_of_implemented_ideas_are_shown(app, client):
    shown = make_idea(app, title="Bytesdagen", status=st.IMPLEMENTED, showcase_published=True,
                      showcase_story=STORY, showcase_credits="Återbrukets personal")
    draft = make_idea(app, title="Ännu hemlig", status=st.IMPLEMENTED, showcase_story="x")
    reopened = make_idea(app, title="Tillbaka i coachning", status=st.COACHED,
                         showcase_published=True, showcase_story="y")
    listing = client.get("/ideas/showcase").get_data(as_text=True)
    assert "Bytesdagen" in listing and "Idén blev en bytesdag." in listing
    assert "Ännu hemlig" not in listing and "Tillbaka i coachning" not in listing
    page = client.get(f"/ideas/showcase/{shown}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Nu byter hundratals invånare" in html
    assert "Återbrukets personal" in html
    assert "Environment and waste" in html or "Miljö" in html
    assert "Eva Ek" not in html and "eva.ek@exempel.se" not in html  # never the idea giver
    for hidden in (draft, reopened, "IDE-0000-0000"):
        assert client.get(f"/ideas/showcase/{hidden}").status_code == 404
    assert client.get("/ideas/showcase?page=0").status_code == 404
    assert client.get("/ideas/showcase?page=5").status_code == 404


def test_an_empty_showcase_says_so(app, client):
    client.get("/language/en")
    assert "No ideas are in the showcase yet." in client.get("/ideas/showcase").get_data(
        as_text=True)


def test_a_coach_publishes_the_story_of_an_implemented_idea(app, coach):
    reference = make_idea(app, status=st.IMPLEMENTED)
    assert "Showcase: from idea to service" in coach.get(f"{BASE}/i/{reference}").get_data(
        as_text=True)
    response = post_form(coach, reference, "showcase", "showcase", story=STORY,
                         credits="Återbrukets personal", published="yes")
    assert response.status_code == 303
    idea = idea_of(app, reference)
    assert idea.showcase_published and idea.showcase_story == STORY
    assert "idea_showcase_saved" in audit_actions(app, reference)
    assert coach.get(f"/ideas/showcase/{reference}").status_code == 200
    post_form(coach, reference, "showcase", "showcase", story=STORY, published="no")
    assert coach.get(f"/ideas/showcase/{reference}").status_code == 404


def test_no_story_no_showcase_and_only_for_implemented_ideas(app, coach):
    reference = make_idea(app, status=st.IMPLEMENTED)
    empty = post_form(coach, reference, "showcase", "showcase", story=" ", published="yes")
    assert empty.status_code == 400 and "Write the story before" in empty.get_data(
        as_text=True)
    assert not idea_of(app, reference).showcase_published
    coached = make_idea(app, status=st.COACHED)
    assert "Showcase: from idea" not in coach.get(f"{BASE}/i/{coached}").get_data(
        as_text=True)
    refused = post_form(coach, coached, "showcase", "showcase", story=STORY, published="yes")
    assert refused.status_code == 303 and not idea_of(app, coached).showcase_published


def _both(sv: str, en: str) -> dict[str, str]:
    return {"sv": sv, "en": en}


def _publish_live(app, module_id: str) -> None:
    """A designer fills the prototype in and publishes it straight to live."""
    with app.test_request_context():
        record = db.session.scalar(select(JourneyRecord).where(
            JourneyRecord.module_id == module_id))
        data = store.draft_of(record).model_dump(mode="json", by_alias=True,
                                                 exclude_defaults=True)
        data.update({
            "owner": "Återbruket <aterbruk@example.se>", "summary": _both("Byt", "Swap"),
            "pages": [{"key": "what", "question": {"type": "short_text",
                                                   "label": _both("Vad?", "What?")}}],
            "confirmation": {"next_steps": _both("Vi hör av oss.", "We will be in touch.")},
            "privacy": {"controller": _both("Kommunen", "The municipality"),
                        "purpose": _both("Bytesdagar", "Swap days")}})
        store.save_draft(record, JourneyDefinition.model_validate(data), by="dan")
        store.publish(record, "Första versionen", by="dan", stage="live")
        db.session.commit()


def test_a_prototype_published_live_implements_the_idea_and_the_showcase_links_it(
        app, client, create_staff):
    coach = signed_in(client, create_staff, "cilla", "idecoach", "tjanstedesigner")
    reference = make_idea(app, status=st.COACHED, title="Bytesdag")
    post_form(coach, reference, "prototype", "prototype")
    _publish_live(app, idea_of(app, reference).prototype_module_id)
    idea = idea_of(app, reference)
    assert idea.status == st.IMPLEMENTED and idea.implemented_at is not None
    assert [c.changed_by for c in changes_of(app, reference)] == ["dan"]
    post_form(coach, reference, "showcase", "showcase", story=STORY, published="yes")
    html = coach.get(f"/ideas/showcase/{reference}").get_data(as_text=True)
    assert 'href="/bytesdag/"' in html
    assert coach.get("/bytesdag/").status_code == 200  # the service residents use
