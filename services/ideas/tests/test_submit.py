"""Submitting an idea through the test client: the pages, filing once, the receipt."""

from __future__ import annotations

from sqlalchemy import select

from eservices.db import db
from eservices.testing import csrf_token_from
from services.ideas.models import Challenge

from .submit_helpers import BASE, RESIDENT, ideas, make_challenge, post, send, walk


def outbox(app):
    from notifications.models import Notification

    app.extensions["notifications.dispatcher"].wait_idle()
    with app.app_context():
        return db.session.scalars(select(Notification).order_by(Notification.id)).all()


def test_a_resident_submits_an_idea_and_gets_a_receipt_with_the_follow_link(app, client):
    assert "Starta nu" in client.get(f"{BASE}/").get_data(as_text=True)
    check_url = walk(client)
    check = client.get(check_url).get_data(as_text=True)
    assert "Återbruk av kläder och textilavfall" in check
    assert "Miljö och avfall" in check  # the department's label, not its key
    assert f"{BASE}/title?change=1" in check
    assert "visas aldrig offentligt" in check  # told before sending what becomes public
    confirmation = send(client)
    [idea] = ideas(app)
    assert idea.reference.startswith("IDE-") and idea.reference in confirmation
    assert (idea.status, idea.submitter_kind, idea.department) == ("inkommen", "resident",
                                                                  "miljo")
    assert idea.wants_to_take_part and idea.email == "eva@exempel.se"
    assert idea.submitter_name == "Eva Ek" and idea.challenge_id is None
    assert idea.language == "sv" and not idea.email_verified
    assert "/ideas/follow/" in confirmation and "Vad händer nu" in confirmation
    [receipt] = outbox(app)
    assert receipt.channel == "email" and receipt.recipient == "eva@exempel.se"
    assert idea.reference in receipt.subject
    assert "http://" in receipt.body and "/ideas/follow/" in receipt.body
    assert "inom 14 dagar" in receipt.body and "inom 14 dagar" in confirmation
    follow_path = receipt.body.split("/ideas/follow/")[1].split()[0]
    assert client.get(f"/ideas/follow/{follow_path}").status_code == 200


def test_a_receipt_by_sms_in_english(app, client):
    client.get("/language/en")
    walk(client, {**RESIDENT, "contact": {"phone": "070-123 45 67"}})
    confirmation = send(client)
    assert "We have also sent" in confirmation and "+46 70-••• •• 67" in confirmation
    [sms] = outbox(app)
    assert sms.channel == "sms" and sms.recipient == "+46701234567"
    assert sms.body.startswith("Thank you for your idea!") and "/ideas/follow/" in sms.body
    assert ideas(app)[0].language == "en"


def test_no_contact_details_means_no_message_but_the_link_on_the_page(app, client):
    walk(client, {**RESIDENT, "contact": {}})
    confirmation = send(client)
    assert "kan inte berätta" in confirmation and "/ideas/follow/" in confirmation
    assert outbox(app) == []


def test_double_submit_and_retry_file_exactly_once(app, client):
    walk(client)
    token = csrf_token_from(client.get(f"{BASE}/check").get_data(as_text=True))
    first = client.post(f"{BASE}/check", data={"csrf_token": token})
    second = client.post(f"{BASE}/check", data={"csrf_token": token})
    assert first.status_code == 303 and second.location == first.location
    assert len(ideas(app)) == 1 and len(outbox(app)) == 1
    # Back to a question page: the confirmation, not a second idea.
    assert client.get(f"{BASE}/title").location.endswith("/confirmation")
    # Starting again gives an empty, new journey.
    again = client.get(f"{BASE}/begin")
    assert again.location.endswith("/who")
    assert "Återbruk" not in client.get(f"{BASE}/title").get_data(as_text=True)


def test_skipping_ahead_goes_to_the_first_unanswered_page(client):
    client.get(f"{BASE}/begin")
    assert client.get(f"{BASE}/check").location.endswith("/who")
    assert client.get(f"{BASE}/department").location.endswith("/who")
    assert client.get(f"{BASE}/similar").location.endswith("/who")
    assert client.get(f"{BASE}/attachments").location.endswith("/who")


def test_another_browser_sees_no_confirmation(app, client):
    walk(client)
    send(client)
    assert app.test_client().get(f"{BASE}/confirmation").location.endswith("/ideas/")


def test_the_challenge_page_is_asked_only_when_a_challenge_is_open(app, client):
    walk(client, until="check")
    assert "idéutmaning" not in client.get(f"{BASE}/check").get_data(as_text=True).lower()
    make_challenge(app, "textil")
    make_challenge(app, "stangd", phase="voting", question="En stängd utmaning?")
    client.get(f"{BASE}/begin")
    assert client.get(f"{BASE}/check").location.endswith("/challenge")
    page = client.get(f"{BASE}/challenge").get_data(as_text=True)
    assert "Hur kan vi minska textilavfallet i Piteå?" in page
    assert "En stängd utmaning?" not in page
    wrong = post(client, f"{BASE}/challenge", {"challenge": "stangd"})
    assert "Välj en utmaning" in wrong.get_data(as_text=True)
    assert post(client, f"{BASE}/challenge", {"challenge": "textil"}).status_code == 302
    send(client)
    [idea] = ideas(app)
    assert idea.challenge_id is not None


def test_begin_from_a_challenge_files_into_it_without_asking(app, client):
    challenge_id = make_challenge(app, "textil")
    url = walk(client, challenge="textil")
    check = client.get(url).get_data(as_text=True)
    assert "Hur kan vi minska textilavfallet i Piteå?" in check
    assert client.get(f"{BASE}/challenge").location.endswith("/check")  # not on the path
    send(client)
    assert ideas(app)[0].challenge_id == challenge_id


def test_a_wrong_or_closed_challenge_is_refused_clearly(app, client):
    missing = client.get(f"{BASE}/begin?challenge=finns-inte")
    assert missing.status_code == 404
    assert "Vi hittade inte idéutmaningen" in missing.get_data(as_text=True)
    make_challenge(app, "over", days_left=-1)
    make_challenge(app, "dold", published=False)
    closed = client.get(f"{BASE}/begin?challenge=over")
    assert closed.status_code == 200
    assert "tar inte emot idéer nu" in closed.get_data(as_text=True)
    assert "Den tog emot idéer till och med" in closed.get_data(as_text=True)
    assert client.get(f"{BASE}/begin?challenge=dold").status_code == 404


def test_a_challenge_that_closes_while_writing_is_not_filed_into(app, client):
    challenge_id = make_challenge(app, "textil")
    walk(client, challenge="textil")
    token = csrf_token_from(client.get(f"{BASE}/check").get_data(as_text=True))
    with app.app_context():
        db.session.get(Challenge, challenge_id).phase = "selection"
        db.session.commit()
    page = client.post(f"{BASE}/check", data={"csrf_token": token}).get_data(as_text=True)
    assert "<title>Fel:" in page and "tar inte längre emot nya idéer" in page
    assert ideas(app) == []  # nothing filed on the refused send
    assert "tar inte längre" not in client.get(f"{BASE}/check").get_data(as_text=True)
    send(client)
    assert ideas(app)[0].challenge_id is None


def test_a_chosen_challenge_that_closes_asks_again(app, client):
    make_challenge(app, "textil")
    make_challenge(app, "annan", question="Hur gör vi parkerna tryggare?")
    walk(client, {**RESIDENT, "challenge": {"challenge": "textil"}})
    with app.app_context():
        db.session.scalar(select(Challenge).where(Challenge.slug == "textil")).phase = "results"
        db.session.commit()
    response = client.get(f"{BASE}/check")
    assert response.location.endswith("/challenge?closed=1")
    page = client.get(response.location).get_data(as_text=True)
    assert "tar inte längre emot nya idéer" in page and "parkerna" in page


def test_a_chosen_challenge_that_closes_when_none_is_open_is_told(app, client):
    make_challenge(app, "textil")
    walk(client, {**RESIDENT, "challenge": {"challenge": "textil"}})
    with app.app_context():
        db.session.scalar(select(Challenge).where(Challenge.slug == "textil")).phase = "results"
        db.session.commit()
    page = client.get(f"{BASE}/check").get_data(as_text=True)
    assert "Utmaningen du valde tar inte längre emot nya idéer. Din idé skickas" in page
    assert "tar inte längre" not in client.get(f"{BASE}/check").get_data(as_text=True)
    send(client)
    assert ideas(app)[0].challenge_id is None
