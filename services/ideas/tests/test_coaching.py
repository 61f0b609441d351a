"""The coach's back office through the test client: queue, idea page, status and answer."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from eservices.db import db
from services.ideas import statuses as st
from services.ideas.models import Idea, Support

from ._coaching import (
    BASE,
    audit_actions,
    change_status,
    changes_of,
    idea_of,
    make_idea,
    messages,
    signed_in,
)


@pytest.fixture
def coach(client, create_staff):
    return signed_in(client, create_staff)


def test_queue_counts_statuses_filters_coaches_and_masks_contact(app, coach, create_staff):
    create_staff("bo", "idecoach")
    mine = make_idea(app, title="Cykelpool", coach="cilla", phone="+46701234567", email="")
    theirs = make_idea(app, title="Skolmat", coach="bo")
    nobody = make_idea(app, title="Lånelådor")
    make_idea(app, title="Gammal idé", status=st.CLOSED)
    with app.app_context():
        supported = db.session.scalar(select(Idea.id).where(Idea.reference == mine))
        db.session.add_all([Support(idea_id=supported, supporter_key=f"k{n}", kind="staff")
                            for n in range(3)])
        db.session.commit()
    html = coach.get(f"{BASE}/").get_data(as_text=True)
    assert "Submitted (3)" in html and "Closed (1)" in html and "Being coached (0)" in html
    assert all(ref in html for ref in (mine, theirs, nobody)) and "Gammal idé" not in html
    assert "+46701234567" not in html and "+46 70-••• •• 67" in html
    assert "eva.ek@exempel.se" not in html and "e•••@exempel.se" in html
    assert "<th scope=\"col\">Supports</th>" in html and "<td>3</td>" in html
    only_mine = coach.get(f"{BASE}/?coach=me").get_data(as_text=True)
    assert mine in only_mine and theirs not in only_mine and "Submitted (1)" in only_mine
    assert "Closed (0)" in only_mine and "coach=me" in only_mine  # tabs keep the filter
    unassigned = coach.get(f"{BASE}/?coach=-").get_data(as_text=True)
    assert nobody in unassigned and mine not in unassigned and theirs not in unassigned
    by_name = coach.get(f"{BASE}/?coach=bo").get_data(as_text=True)
    assert theirs in by_name and mine not in by_name
    closed = coach.get(f"{BASE}/?status=avslutad").get_data(as_text=True)
    assert "Gammal idé" in closed and mine not in closed
    for bad in ("?status=hacked", "?coach=nobody", "?page=0", "?page=99999999999"):
        assert coach.get(f"{BASE}/{bad}").status_code == 404


def test_the_queue_is_bounded_in_pages(app, coach):
    for number in range(51):
        make_idea(app, title=f"Idé {number}")
    first = coach.get(f"{BASE}/").get_data(as_text=True)
    assert "Idé 0<" in first and "Idé 50<" not in first and "page=2" in first
    assert "Idé 50<" in coach.get(f"{BASE}/?page=2").get_data(as_text=True)


def test_the_idea_page_shows_everything_submitted_and_is_audited(app, coach):
    reference = make_idea(app, phone="+46701234567", wants_to_take_part=True)
    html = coach.get(f"{BASE}/i/{reference}").get_data(as_text=True)
    assert "Byt kläder på återbruket" in html and "En bytesdag varje månad" in html
    assert "Kläder slängs fast de är hela." in html and "Environment and waste" in html
    # the number as every other page writes it (one format per kind of value)
    assert "eva.ek@exempel.se" in html and "070-123 45 67" in html and "Eva Ek" in html
    assert "Supports" in html and "Wants to take part" in html
    assert audit_actions(app, reference) == ["idea_viewed"]
    assert coach.get(f"{BASE}/i/{reference.lower()}").status_code == 200


def test_an_unknown_idea_is_a_404_page(app, coach):
    response = coach.get(f"{BASE}/i/IDE-0000-0000")
    assert response.status_code == 404 and "<h1" in response.get_data(as_text=True)


def test_a_status_change_answers_the_idea_giver_and_tells_them(app, coach):
    reference = make_idea(app)
    response = change_status(coach, reference, status=st.SCREENED,
                             public_answer="Tack! Vi tittar på din idé nu.")
    assert response.status_code == 303
    idea = idea_of(app, reference)
    assert idea.status == st.SCREENED and idea.first_answered_at is not None
    [change] = changes_of(app, reference)
    assert (change.from_status, change.to_status, change.changed_by, change.notified) == (
        st.SUBMITTED, st.SCREENED, "cilla", True)
    [message] = messages(app, reference)
    assert message.recipient == "eva.ek@exempel.se" and message.language == "sv"
    assert "Bedöms" in message.subject or "bedöms" in message.body.lower()
    assert "Tack! Vi tittar på din idé nu." in message.body and "/ideas/follow/" in message.body
    assert "idea_status_changed" in audit_actions(app, reference)
    first = idea.first_answered_at
    change_status(coach, reference, status=st.COACHED, public_answer="Nu coachar vi.",
                  notify="no")
    assert idea_of(app, reference).first_answered_at == first  # the first answer stays
    assert len(messages(app, reference)) == 1 and not changes_of(app, reference)[1].notified


def test_implemented_sets_its_time_and_an_sms_carries_no_long_answer(app, coach):
    reference = make_idea(app, email="", phone="+46701234567", status=st.TESTED)
    change_status(coach, reference, status=st.IMPLEMENTED, public_answer="Klart! " * 300)
    assert idea_of(app, reference).implemented_at is not None
    [sms] = messages(app, reference)
    assert sms.channel == "sms" and "Klart!" not in sms.body and "Genomförd" in sms.body


@pytest.mark.parametrize(("data", "error"), [
    ({"status": st.SCREENED, "public_answer": "  "}, "Write the answer to the idea giver"),
    ({"status": st.SCREENED, "public_answer": "x" * 5001}, "5000 characters or fewer"),
    ({"status": "hacked", "public_answer": "Svar"}, "s new status"),
    ({"status": st.CLOSED, "public_answer": "Svar"}, "Select why the idea is closed"),
    ({"status": st.CLOSED, "closed_reason": st.DUPLICATE, "public_answer": "Svar"},
     "Enter the reference of the idea it duplicates"),
    ({"status": st.CLOSED, "closed_reason": st.DUPLICATE, "duplicate_of": "IDE-9999-9999",
      "public_answer": "Svar"}, "There is no idea with the reference IDE-9999-9999"),
    ({"status": st.SCREENED, "public_answer": "Svar", "notify": "maybe"},
     "Select whether to send the answer"),
])
def test_bad_status_changes_are_refused_and_nothing_is_saved(app, coach, data, error):
    reference = make_idea(app)
    response = change_status(coach, reference, **data)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "There is a problem" in html and error in html
    assert idea_of(app, reference).status == st.SUBMITTED
    assert changes_of(app, reference) == [] and messages(app, reference) == []


def test_an_idea_cannot_duplicate_itself_but_another(app, coach):
    original = make_idea(app, title="Första")
    reference = make_idea(app)
    itself = change_status(coach, reference, status=st.CLOSED, closed_reason=st.DUPLICATE,
                           duplicate_of=reference, public_answer="Samma")
    assert itself.status_code == 400 and "cannot duplicate itself" in itself.get_data(
        as_text=True)
    change_status(coach, reference, status=st.CLOSED, closed_reason=st.DUPLICATE,
                  duplicate_of=original.lower(), public_answer="Samma som en annan idé.")
    closed = idea_of(app, reference)
    assert closed.status == st.CLOSED and closed.closed_reason == st.DUPLICATE
    assert closed.duplicate_of_id == idea_of(app, original).id
    assert original in coach.get(f"{BASE}/i/{reference}").get_data(as_text=True)


def test_a_status_not_in_force_cannot_be_chosen(make_app, create_staff):
    app = make_app(environ={"IDEAS_STATUSES": "inkommen,bedoms,genomford,avslutad"})
    client = app.test_client()
    signed_in(client, create_staff)
    reference = make_idea(app)
    page = client.get(f"{BASE}/i/{reference}").get_data(as_text=True)
    assert 'value="coachas"' not in page and 'value="bedoms"' in page
    response = change_status(client, reference, status=st.COACHED, public_answer="Svar")
    assert response.status_code == 400 and idea_of(app, reference).status == st.SUBMITTED


def test_two_coaches_changing_at_once_the_second_is_told(app, coach):
    reference = make_idea(app)
    change_status(coach, reference, status=st.SCREENED, public_answer="Först")
    late = change_status(coach, reference, status=st.PARKED, public_answer="Sen",
                         from_status=st.SUBMITTED)  # the page they had open
    assert late.status_code == 303
    html = coach.get(late.headers["Location"]).get_data(as_text=True)
    assert "Someone else changed the status" in html
    assert idea_of(app, reference).status == st.SCREENED
    assert [c.public_answer for c in changes_of(app, reference)] == ["Först"]
    assert len(messages(app, reference)) == 1


def test_an_idea_giver_without_contact_is_answered_on_their_page_only(app, coach):
    reference = make_idea(app, email="", phone="")
    response = change_status(coach, reference, status=st.SCREENED, public_answer="Svar")
    html = coach.get(response.headers["Location"]).get_data(as_text=True)
    assert "left no e-mail address or mobile number" in html
    assert idea_of(app, reference).status == st.SCREENED and messages(app, reference) == []
    assert not changes_of(app, reference)[0].notified
    assert f"/ideas/i/{reference}" in html  # the public page, as everyone sees it


def test_a_message_that_cannot_be_sent_saves_nothing(app, coach):
    reference = make_idea(app, email="", phone="+4670")  # not a number a provider takes
    response = change_status(coach, reference, status=st.SCREENED, public_answer="Svar")
    assert response.status_code == 400
    assert "could not be sent" in response.get_data(as_text=True)
    assert idea_of(app, reference).status == st.SUBMITTED and not changes_of(app, reference)
    change_status(coach, reference, status=st.SCREENED, public_answer="Svar", notify="no")
    assert idea_of(app, reference).status == st.SCREENED


def test_staff_without_a_back_office_role_for_ideas_are_refused(app, client, create_staff):
    reference = make_idea(app)
    signed_in(client, create_staff, "nils", "handlaggare")
    assert client.get(f"{BASE}/i/{reference}").status_code == 200  # handläggare coach too
    client.post("/staff/sign-out", data={})
    other = app.test_client()
    create_staff("ingen")
    signed_in(other, lambda *a: None, "ingen")
    assert other.get(f"{BASE}/").status_code == 403
    assert other.get(f"{BASE}/i/{reference}").status_code == 403
