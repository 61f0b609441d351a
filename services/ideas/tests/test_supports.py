"""Supports: once per person, by a staff session or a phone code, only when the phase allows."""

from __future__ import annotations

import re
import threading

import pytest
from sqlalchemy import func, select

from eservices.db import db
from eservices.testing import csrf_token_from, sign_in
from services.ideas.models import Support
from services.ideas.tests.public_data import (
    NOW,
    PHONE,
    challenge,
    clocked,
    code_sent,
    idea,
    outbox,
    sent_ids,
    stored,
)


@pytest.fixture
def app(make_app):
    return clocked(make_app)


def supports(app) -> list[Support]:
    return stored(app, Support)


def press_support(client, reference):
    page = client.get(f"/ideas/i/{reference}")
    return client.post(f"/ideas/i/{reference}/support",
                       data={"csrf_token": csrf_token_from(page.get_data(as_text=True))})


def prove_phone(client, reference, phone="070-123 45 67", then="support", app=None):
    url = f"/ideas/verify?reference={reference}&then={then}"
    page = client.get(url)
    before = sent_ids(app)
    sent = client.post(url, data={"csrf_token": csrf_token_from(page.get_data(as_text=True)),
                                  "phone": phone})
    assert sent.status_code == 303, sent.get_data(as_text=True)
    code_url = sent.headers["Location"]
    page = client.get(code_url)
    assert "070-" in page.get_data(as_text=True) or "+46" in page.get_data(as_text=True)
    return client.post(code_url, data={"csrf_token": csrf_token_from(page.get_data(as_text=True)),
                                       "code": code_sent(app, before)})


def test_staff_member_supports_once_and_sees_the_count(app, client, create_staff):
    reference = idea(app)
    create_staff("anna", "handlaggare")
    sign_in(client, "anna")
    answer = press_support(client, reference)
    assert answer.status_code == 303
    page = client.get(answer.headers["Location"]).get_data(as_text=True)
    assert "Tack. Ditt stöd är räknat." in page
    assert re.search(r'id="support-count">1<', page)
    again = client.post(f"/ideas/i/{reference}/support",
                        data={"csrf_token": csrf_token_from(page)})
    assert "Du har redan stött" in client.get(again.headers["Location"]).get_data(as_text=True)
    [row] = supports(app)
    assert row.kind == "staff" and "anna" not in row.supporter_key


def test_resident_supports_with_a_code_and_the_number_is_not_stored(app, client):
    reference = idea(app)
    answer = press_support(client, reference)
    assert answer.status_code == 303 and "/ideas/verify?" in answer.headers["Location"]
    proved = prove_phone(client, reference, app=app)
    assert proved.status_code == 303
    assert "Tack. Ditt stöd är räknat." in client.get(proved.headers["Location"]).get_data(
        as_text=True)
    [row] = supports(app)
    assert row.kind == "phone" and PHONE not in row.supporter_key
    assert "1234567" not in row.supporter_key
    [sms] = outbox(app, PHONE, "verification")
    assert sms.module_id == "ideas"
    # The same number again, from another browser: still one support.
    other = app.test_client()
    assert press_support(other, reference).status_code == 303
    proved = prove_phone(other, reference, phone="+46701234567", app=app)
    assert "redan stött" in other.get(proved.headers["Location"]).get_data(as_text=True)
    assert len(supports(app)) == 1


def test_a_wrong_code_is_refused_and_tries_run_out(app, client):
    reference = idea(app)
    url = f"/ideas/verify?reference={reference}&then=support"
    page = client.get(url)
    sent = client.post(url, data={"csrf_token": csrf_token_from(page.get_data(as_text=True)),
                                  "phone": "0701234567"})
    code_url = sent.headers["Location"]
    token = csrf_token_from(client.get(code_url).get_data(as_text=True))
    real = code_sent(app, set())
    wrong = "000000" if real != "000000" else "111111"
    for _ in range(5):
        answer = client.post(code_url, data={"csrf_token": token, "code": wrong})
        assert answer.status_code == 400
    assert "Koden är fel" in answer.get_data(as_text=True)
    answer = client.post(code_url, data={"csrf_token": token, "code": real})
    assert "för många gånger" in answer.get_data(as_text=True)
    for typed in ("", "12", "abcdef", "1" * 5000):
        assert client.post(code_url, data={"csrf_token": token, "code": typed}
                           ).status_code == 400
    assert supports(app) == []


def test_codes_per_number_are_limited(app, client):
    reference = idea(app)
    url = f"/ideas/verify?reference={reference}&then=support"
    token = csrf_token_from(client.get(url).get_data(as_text=True))
    for _ in range(3):
        assert client.post(url, data={"csrf_token": token, "phone": "0701234567"}
                           ).status_code == 303
    refused = client.post(url, data={"csrf_token": token, "phone": "0701234567"})
    assert refused.status_code == 429
    assert "redan skickat flera koder" in refused.get_data(as_text=True)
    assert len(outbox(app, PHONE, "verification")) == 3


def test_bad_numbers_and_unknown_ideas(app, client):
    reference = idea(app)
    url = f"/ideas/verify?reference={reference}&then=support"
    token = csrf_token_from(client.get(url).get_data(as_text=True))
    for phone in ("", "08-123 456", "12" * 3000):
        answer = client.post(url, data={"csrf_token": token, "phone": phone})
        assert answer.status_code == 400
    assert client.get("/ideas/verify?reference=IDE-0000-99999&then=support").status_code == 404
    assert client.get("/ideas/verify?reference=" + "x" * 5000).status_code == 404
    assert client.post("/ideas/i/IDE-0000-99999/support", data={"csrf_token": token}
                       ).status_code == 404
    assert outbox(app, PHONE) == []


@pytest.mark.parametrize(("columns", "message"), [
    ({"phase": "results"}, "tar inte emot stöd nu"),  # closed: its phase takes none
    ({"published": False}, "Utmaningen är inte öppen."),
])
def test_a_closed_or_unpublished_challenge_takes_no_supports(app, client, create_staff,
                                                             columns, message):
    closed = challenge(app, "utkast", **columns)
    reference = idea(app, challenge_id=closed)
    create_staff("anna", "handlaggare")
    sign_in(client, "anna")
    page = client.get(f"/ideas/i/{reference}").get_data(as_text=True)
    assert message in page and "Stöd idén</button>" not in page
    assert "utkastavfallet" not in page or columns.get("published", True)
    token = csrf_token_from(client.get(f"/ideas/i/{reference}/report").get_data(as_text=True))
    answer = client.post(f"/ideas/i/{reference}/support", data={"csrf_token": token})
    assert message in client.get(answer.headers["Location"]).get_data(as_text=True)
    assert supports(app) == []


def test_a_hidden_idea_takes_no_supports(app, client, create_staff):
    hidden = idea(app, "Dold", hidden_at=NOW, hidden_reason="offensive")
    create_staff("anna", "handlaggare")
    sign_in(client, "anna")
    token = csrf_token_from(client.get("/ideas/verify?reference=" + hidden).get_data(
        as_text=True))
    answer = client.post(f"/ideas/i/{hidden}/support", data={"csrf_token": token})
    assert answer.status_code == 409 and "dold i väntan på granskning" in answer.get_data(
        as_text=True)
    assert supports(app) == []


def test_a_forged_or_missing_csrf_token_counts_nothing(app, client):
    reference = idea(app)
    assert client.post(f"/ideas/i/{reference}/support", data={"csrf_token": "forged"}
                       ).status_code == 400
    assert supports(app) == []


def test_two_requests_at_once_count_one_support(app, create_staff):
    reference = idea(app)
    create_staff("anna", "handlaggare")
    clients = [app.test_client() for _ in range(2)]
    tokens = []
    for one in clients:
        sign_in(one, "anna")
        tokens.append(csrf_token_from(one.get(f"/ideas/i/{reference}").get_data(as_text=True)))
    barrier, answers = threading.Barrier(2), []

    def press(one, token):
        barrier.wait()
        answers.append(one.post(f"/ideas/i/{reference}/support",
                                data={"csrf_token": token}).status_code)

    threads = [threading.Thread(target=press, args=pair)
               for pair in zip(clients, tokens, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers == [303, 303]
    with app.app_context():
        assert db.session.scalar(select(func.count(Support.id))) == 1


def test_codes_per_client_are_limited_and_a_code_expires(app, client):
    reference = idea(app)
    url = f"/ideas/verify?reference={reference}&then=support"
    token = csrf_token_from(client.get(url).get_data(as_text=True))
    numbers = [f"07012345{n:02d}" for n in range(6)]
    answers = [client.post(url, data={"csrf_token": token, "phone": number}).status_code
               for number in numbers]
    assert answers == [303] * 5 + [429]
    code_url = f"/ideas/verify/code?reference={reference}&then=support"
    code = code_sent(app, set(), "+46701234504")
    app.extensions["eservices.clock"].advance(minutes=11)
    answer = client.post(code_url, data={"csrf_token": token, "code": code})
    assert answer.status_code == 400 and "Koden har gått ut" in answer.get_data(as_text=True)
    fresh = app.test_client()
    answer = fresh.post(code_url, data={"csrf_token": csrf_token_from(fresh.get(code_url).get_data(
        as_text=True)), "code": code})
    assert "Be om en kod först" in answer.get_data(as_text=True)
    assert supports(app) == []
