"""The idea page's other actions: coach, notes and the files sent with the idea."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select, update
from werkzeug.datastructures import FileStorage

from eservices.db import db
from services.ideas import attachments
from services.ideas.models import Idea, IdeaNote

from ._coaching import BASE, audit_actions, idea_of, make_idea, post_form, signed_in

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02" + \
    b"\x00\x00\x00\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05" + \
    b"\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"


@pytest.fixture
def coach(client, create_staff):
    create_staff("bo", "handlaggare")
    return signed_in(client, create_staff)


def test_a_coach_is_assigned_and_a_stale_page_does_not_overwrite(app, coach):
    reference = make_idea(app)
    response = post_form(coach, reference, "coach", "coach", coach="bo", expected="")
    assert response.status_code == 303 and idea_of(app, reference).coach == "bo"
    assert "idea_coach_assigned" in audit_actions(app, reference)
    stale = post_form(coach, reference, "coach", "coach", coach="cilla", expected="")
    assert idea_of(app, reference).coach == "bo"
    assert "Someone else changed the coach" in coach.get(stale.headers["Location"]).get_data(
        as_text=True)
    post_form(coach, reference, "coach", "coach", coach="", expected="bo")
    assert idea_of(app, reference).coach == ""


def test_only_staff_who_can_coach_are_offered(app, coach):
    reference = make_idea(app)
    response = post_form(coach, reference, "coach", "coach", coach="mallory", expected="")
    assert response.status_code == 400 and idea_of(app, reference).coach == ""
    html = coach.get(f"{BASE}/i/{reference}").get_data(as_text=True)
    assert '<option value="bo"' in html and '<option value="cilla"' in html


def test_an_internal_note_is_kept_for_staff_and_an_empty_one_refused(app, coach):
    reference = make_idea(app)
    empty = post_form(coach, reference, "notes", "note", body="   ")
    assert empty.status_code == 400 and "Write the note" in empty.get_data(as_text=True)
    post_form(coach, reference, "notes", "note", body="Ring förvaltningen om lokalen.")
    with app.app_context():
        [note] = db.session.scalars(select(IdeaNote)).all()
        assert note.written_by == "cilla" and note.body == "Ring förvaltningen om lokalen."
    assert "Ring förvaltningen" in coach.get(f"{BASE}/i/{reference}").get_data(as_text=True)
    assert "idea_note_added" in audit_actions(app, reference)


def test_after_a_refused_note_the_other_forms_still_start_from_the_idea(app, coach):
    reference = make_idea(app, coach="bo")
    html = post_form(coach, reference, "notes", "note", body="").get_data(as_text=True)
    assert 'name="status-from_status" type="hidden" value="inkommen"' in html
    assert 'name="coach-expected" type="hidden" value="bo"' in html


def _attach(app, reference: str, data: bytes = PNG) -> int:
    with app.test_request_context():
        idea = db.session.scalar(select(Idea).where(Idea.reference == reference))
        stored = attachments.store(idea.journey_id, FileStorage(io.BytesIO(data),
                                                                filename="skiss.png"))
        db.session.flush()
        db.session.execute(update(type(stored)).where(type(stored).id == stored.id)
                           .values(idea_id=idea.id))
        db.session.commit()
        return stored.id


def test_an_attachment_downloads_with_its_own_type_and_no_sniffing(app, coach):
    reference = make_idea(app)
    other = make_idea(app)
    file_id = _attach(app, reference)
    page = coach.get(f"{BASE}/i/{reference}").get_data(as_text=True)
    assert f"/files/{file_id}" in page and "skiss.png" in page
    response = coach.get(f"{BASE}/i/{reference}/files/{file_id}")
    assert response.status_code == 200 and response.data == PNG
    assert response.headers["Content-Type"] == "image/png"
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "idea_attachment_opened" in audit_actions(app, reference)
    assert coach.get(f"{BASE}/i/{other}/files/{file_id}").status_code == 404
    assert coach.get(f"{BASE}/i/{reference}/files/999999").status_code == 404
