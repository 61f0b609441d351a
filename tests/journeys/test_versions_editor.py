"""The versions pages: publish with a note, refusals with problems, stages, restore."""

from __future__ import annotations

from sqlalchemy import select

from eservices.db import db
from eservices.journeys import store
from eservices.staff.models import AuditEvent

from . import _editor_texts
from ._editor_texts import BASE, create_journey, draft, post

designer, journey = _editor_texts.designer, _editor_texts.journey
URL = f"{BASE}/versions"


def publish(client, note="Första testomgången", stage="prototype"):
    return post(client, f"{URL}/publish", {"note": note, "stage": stage}, page=URL)


def pointers(app):
    with app.app_context():
        return store.stage_versions(store.by_slug("bin-problem"))


def test_publishing_takes_a_note_and_lists_the_version(app, designer, journey):
    html = designer.get(URL).get_data(as_text=True)
    assert "Nothing is published yet." in html and "The first version of the journey" in html
    assert publish(designer).status_code == 303
    html = designer.get(URL).get_data(as_text=True)
    assert "Version 1 is published: Prototype" in html
    assert "Första testomgången" in html and "dana" in html
    assert "Nothing: the draft is the same as version 1." in html
    assert pointers(app) == {"prototype": 1}


def test_a_note_and_a_stage_are_required(app, designer, journey):
    response = publish(designer, note="", stage="")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Write a note saying what changed" in html and "Select where the version is used" in html
    assert pointers(app) == {}


def test_publishing_is_refused_with_every_problem(app, designer):
    create_journey(app, owner="", summary={"sv": "Bara svenska"})
    html = designer.get(URL).get_data(as_text=True)
    assert "it cannot be published until they are fixed" in html
    response = publish(designer)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "The journey cannot be published until its problems are fixed" in html
    assert "Name the team responsible for the service" in html
    assert "The summary is missing in English" in html
    assert pointers(app) == {}


def test_a_publish_after_a_colleague_changed_the_draft_is_refused(app, designer, journey):
    html = designer.get(URL).get_data(as_text=True)
    post(designer, f"{BASE}/translations", {"name.en": "Changed meanwhile"})
    from eservices.testing import csrf_token_from
    response = designer.post(f"{URL}/publish", data={
        "csrf_token": csrf_token_from(html), "revision": "1", "note": "Mine",
        "stage": "prototype"})
    html = response.get_data(as_text=True)
    assert response.status_code == 409 and "Nothing was published" in html and "Mine" in html
    assert pointers(app) == {}


def test_changes_between_versions_point_a_stage_and_restore(app, designer, journey):
    publish(designer)
    post(designer, f"{BASE}/translations", {"name.en": "Bin problems"})
    assert "name changed from “Report a problem with your bin” to “Bin problems”" in \
        designer.get(URL).get_data(as_text=True)
    publish(designer, note="Kortare namn", stage="pilot")
    assert pointers(app) == {"prototype": 1, "pilot": 2}

    detail = designer.get(f"{URL}/2").get_data(as_text=True)
    assert "What changed since version 1" in detail and "to “Bin problems”" in detail
    assert "Pilot" in detail

    assert post(designer, f"{URL}/2/point", {"stage": "prototype"},
                page=f"{URL}/2").status_code == 303
    assert pointers(app) == {"prototype": 2, "pilot": 2}
    refused = post(designer, f"{URL}/2/point", {"stage": "retired"}, page=f"{URL}/2")
    assert refused.status_code == 200 and "Select where the version is used" in \
        refused.get_data(as_text=True)

    confirm = designer.get(f"{URL}/1/restore").get_data(as_text=True)
    assert "Restore version 1 into the draft?" in confirm
    assert "to “Report a problem with your bin”" in confirm
    assert draft(app).name["en"] == "Bin problems"
    assert post(designer, f"{URL}/1/restore", {}).status_code == 303
    assert draft(app).name["en"] == "Report a problem with your bin"
    with app.app_context():
        actions = set(db.session.scalars(select(AuditEvent.action)))
        assert {"journey_published", "journey_stage_pointed", "journey_restored"} <= actions
    assert designer.get(f"{URL}/9").status_code == 404
    assert designer.get(f"{URL}/9/restore").status_code == 404
