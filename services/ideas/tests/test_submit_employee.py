"""An employee's idea is filed only after the link sent to the work address is opened."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from eservices.testing import csrf_token_from

from .submit_helpers import BASE, EMPLOYEE, ideas, make_challenge, post, walk
from .test_submit import outbox


def _link(app) -> str:
    [mail] = [n for n in outbox(app) if n.category == "verification"][-1:]
    assert mail.recipient == "kim.lind@exempelkommun.se"
    url = re.search(r"https?://\S+/ideas/verify-email/\S+", mail.body).group(0)
    return urlsplit(url).path  # the test client's own host


def _request_link(client):
    walk(client, EMPLOYEE)
    response = post(client, f"{BASE}/check")
    assert response.status_code == 303 and response.location.endswith("/check-your-email")
    return response


def test_the_link_files_the_idea_on_another_device(app, client):
    check = client.get(walk(client, EMPLOYEE)).get_data(as_text=True)
    assert "Skicka en länk till min e-post" in check
    post(client, f"{BASE}/check")
    assert ideas(app) == []  # nothing filed before the link is opened
    waiting = client.get(f"{BASE}/check-your-email").get_data(as_text=True)
    assert "Vi har skickat en länk till kim.lind@exempelkommun.se" in waiting
    link = _link(app)
    phone = app.test_client()  # the work phone: no session of the journey
    page = phone.get(link)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Din e-postadress är bekräftad" in html and "Återbruk av kläder" in html
    assert ideas(app) == []  # a mail scanner's GET files nothing
    sent = phone.post(link, data={"csrf_token": csrf_token_from(html)})
    assert sent.status_code == 303
    [idea] = ideas(app)
    assert (idea.submitter_kind, idea.email, idea.email_verified) == (
        "employee", "kim.lind@exempelkommun.se", True)
    assert idea.submitter_name == "Kim Lind" and idea.phone == ""
    assert idea.reference in phone.get(sent.location).get_data(as_text=True)
    # The first browser, reloaded, shows the confirmation; the link again files nothing.
    assert client.get(f"{BASE}/check-your-email").location.endswith("/confirmation")
    assert phone.post(link, data={"csrf_token": csrf_token_from(html)}).status_code == 302
    assert len(ideas(app)) == 1
    receipts = [n for n in outbox(app) if n.category == "receipt"]
    assert len(receipts) == 1 and receipts[0].recipient == "kim.lind@exempelkommun.se"


def test_a_forged_or_expired_link_is_refused(app, client, monkeypatch):
    _request_link(client)
    link = _link(app)
    forged = client.get(link[:-3] + "abc")
    assert forged.status_code == 404
    assert "Länken fungerar inte" in forged.get_data(as_text=True)
    assert client.get(f"{BASE}/verify-email/nonsense").status_code == 404
    # A day and an hour later (the link's signature carries when it was made).
    import itsdangerous.timed

    made = itsdangerous.timed.TimestampSigner.get_timestamp(None)
    monkeypatch.setattr(itsdangerous.timed.TimestampSigner, "get_timestamp",
                        lambda self: made + 25 * 3600)
    expired = client.get(link)
    assert expired.status_code == 404 and "har gått ut" in expired.get_data(as_text=True)
    assert ideas(app) == []


def test_a_changed_address_voids_the_old_link(app, client):
    _request_link(client)
    old = _link(app)
    post(client, f"{BASE}/work-email?change=1", {"name": "Kim Lind",
                                                  "email": "kim.ny@exempelkommun.se"})
    page = client.get(old)
    assert page.status_code == 404 and "har ändrats" in page.get_data(as_text=True)
    assert ideas(app) == []


def test_links_are_rate_limited(app, client):
    _request_link(client)
    for _ in range(2):
        assert post(client, f"{BASE}/check").status_code == 303
    refused = post(client, f"{BASE}/check")
    html = refused.get_data(as_text=True)
    assert refused.status_code == 200 and "Vi har redan skickat flera länkar" in html
    assert "<title>Fel:" in html
    assert len([n for n in outbox(app) if n.category == "verification"]) == 3


def test_the_idea_keeps_the_language_it_was_written_in(app, client):
    client.get("/language/en")
    _request_link(client)
    [mail] = [n for n in outbox(app) if n.category == "verification"]
    assert mail.subject == "Confirm your e-mail address to send your idea"
    phone = app.test_client()  # shows Swedish, the default
    html = phone.get(_link(app)).get_data(as_text=True)
    assert "Din e-postadress är bekräftad" in html
    phone.post(_link(app), data={"csrf_token": csrf_token_from(html)})
    [idea] = ideas(app)
    assert idea.language == "en"
    [receipt] = [n for n in outbox(app) if n.category == "receipt"]
    assert receipt.subject.startswith("We have received your idea")


def test_after_the_link_was_opened_elsewhere_the_first_browser_can_send(app, client):
    _request_link(client)
    link = _link(app)
    app.test_client().get(link)  # opened on the phone (or by a mail scanner): not sent
    assert ideas(app) == []
    assert client.get(f"{BASE}/check-your-email").location.endswith("/check")
    check = client.get(f"{BASE}/check").get_data(as_text=True)
    assert "Din e-postadress kim.lind@exempelkommun.se är bekräftad" in check
    assert "Skicka idén" in check
    response = post(client, f"{BASE}/check")
    assert response.status_code == 303 and response.location.endswith("/confirmation")
    [idea] = ideas(app)
    assert idea.email_verified and idea.submitter_kind == "employee"
    assert len([n for n in outbox(app) if n.category == "verification"]) == 1


def test_a_new_address_is_not_proved_by_the_old_link(app, client):
    _request_link(client)
    app.test_client().get(_link(app))
    post(client, f"{BASE}/work-email?change=1", {"name": "Kim Lind",
                                                  "email": "kim.ny@exempelkommun.se"})
    assert "Skicka en länk till min e-post" in client.get(f"{BASE}/check").get_data(
        as_text=True)
    assert post(client, f"{BASE}/check").location.endswith("/check-your-email")
    assert ideas(app) == []


def test_a_challenge_closed_before_the_link_is_opened_is_told_there(app, client):
    from eservices.db import db
    from services.ideas.models import Challenge

    challenge_id = make_challenge(app, "textil")
    walk(client, EMPLOYEE, challenge="textil")
    post(client, f"{BASE}/check")
    with app.app_context():
        db.session.get(Challenge, challenge_id).phase = "results"
        db.session.commit()
    phone = app.test_client()
    html = phone.get(_link(app)).get_data(as_text=True)
    assert "<title>Fel:" in html and "Din idé skickas som en fristående idé" in html
    phone.post(_link(app), data={"csrf_token": csrf_token_from(html)})
    [idea] = ideas(app)
    assert idea.challenge_id is None and idea.email_verified
