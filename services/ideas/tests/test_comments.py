"""Comments: by a proved person, several each within a limit, only when the phase allows."""

from __future__ import annotations

import pytest

from eservices.cli import create_staff_user
from eservices.testing import csrf_token_from, sign_in
from services.ideas.models import Comment
from services.ideas.tests.public_data import (
    challenge,
    clocked,
    code_sent,
    idea,
    sent_ids,
    stored,
)


@pytest.fixture
def app(make_app):
    return clocked(make_app)


def comments(app) -> list[Comment]:
    return stored(app, Comment)


def write(client, reference, body, name="", token=None):
    if token is None:
        token = csrf_token_from(client.get(f"/ideas/i/{reference}/report").get_data(
            as_text=True))
    return client.post(f"/ideas/i/{reference}/comment",
                       data={"csrf_token": token, "body": body, "author_name": name})


def test_a_resident_proves_a_number_then_comments_several_times(app, client):
    reference = idea(app)
    page = client.get(f"/ideas/i/{reference}").get_data(as_text=True)
    assert "Få en kod med sms för att skriva en kommentar" in page
    assert 'name="body"' not in page
    url = f"/ideas/verify?reference={reference}&then=comment"
    token = csrf_token_from(client.get(url).get_data(as_text=True))
    before = sent_ids(app)
    code_url = client.post(url, data={"csrf_token": token, "phone": "0701234567"}
                           ).headers["Location"]
    proved = client.post(code_url, data={"csrf_token": token, "code": code_sent(app, before)})
    assert proved.headers["Location"].endswith(f"/ideas/i/{reference}#comments")
    page = client.get(proved.headers["Location"]).get_data(as_text=True)
    assert "Ditt mobilnummer är bekräftat" in page and 'name="body"' in page
    assert write(client, reference, "  Bra idé!  ", name="Kalle").status_code == 303
    assert write(client, reference, "En till tanke.").status_code == 303
    first, second = comments(app)
    assert (first.body, first.author_name, second.author_name) == ("Bra idé!", "Kalle", "")
    assert first.author_key == second.author_key and "070" not in first.author_key
    page = client.get(f"/ideas/i/{reference}").get_data(as_text=True)
    assert "Bra idé!" in page and "Kalle" in page and "Anonym" in page


def test_empty_huge_and_unproved_comments_are_refused_and_kept(app, client, create_staff):
    reference = idea(app)
    anonymous = write(client, reference, "Min text som inte får försvinna")
    assert anonymous.status_code == 403
    page = anonymous.get_data(as_text=True)
    assert "bekräftar du först ditt mobilnummer" in page
    assert "Min text som inte får försvinna</textarea>" in page
    create_staff("anna", "handlaggare")
    sign_in(client, "anna")
    for body, message in (("", "Skriv din kommentar"), ("   ", "Skriv din kommentar"),
                          ("x" * 2001, "högst 2000 tecken")):
        answer = write(client, reference, body)
        assert answer.status_code == 400 and message in answer.get_data(as_text=True)
    answer = write(client, reference, "ok", name="n" * 101)
    assert answer.status_code == 400 and "Namnet får vara högst 100 tecken" in answer.get_data(
        as_text=True)
    assert comments(app) == []
    token = csrf_token_from(client.get(f"/ideas/i/{reference}").get_data(as_text=True))
    assert write(client, "IDE-0000-99999", "hej", token=token).status_code == 404


def test_comments_per_person_are_limited(make_app):
    app = clocked(make_app, {"IDEAS_COMMENTS_PER_HOUR": "2"})
    reference = idea(app)
    client = app.test_client()
    with app.app_context():
        create_staff_user("anna", "Anna", ["handlaggare"], "correct horse battery")
    sign_in(client, "anna")
    assert [write(client, reference, f"nr {n}").status_code for n in range(3)] == [303, 303, 429]
    assert len(comments(app)) == 2


def test_a_phase_without_comments_refuses_them(app, client, create_staff):
    cid = challenge(app, "textil", phase="selection")
    reference = idea(app, challenge_id=cid)
    create_staff("anna", "handlaggare")
    sign_in(client, "anna")
    page = client.get(f"/ideas/i/{reference}").get_data(as_text=True)
    assert "tar inte emot kommentarer nu" in page and 'name="body"' not in page
    answer = write(client, reference, "Sent påtänkt")
    assert answer.status_code == 409 and "<p>Sent påtänkt</p>" in answer.get_data(as_text=True)
    assert comments(app) == []
