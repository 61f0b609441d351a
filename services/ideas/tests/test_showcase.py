"""The showcase "Från idé till tjänst": only published stories of implemented ideas."""

from __future__ import annotations

import pytest

from services.ideas import statuses as st

from ._coaching import BASE, audit_actions, idea_of, make_idea, post_form, signed_in

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
