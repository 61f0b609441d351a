"""Signing up while signed in with e-ID: a number proven before needs no code.

Pages are read in English.  The clock stands at Monday 30 November 2026, 06:00.
"""

from __future__ import annotations

from sqlalchemy import select

from eservices.db import db
from eservices.residents.models import ResidentContact
from eservices.testing import csrf_token_from, sign_in_resident

from .test_resident import ANNA_E164, BASE, answer, codes_sent, sign_up, subscriptions, texts


def welcomes(app):
    return [t for t in texts(app) if "/stop/" in t]


def proven(app, account_id):
    with app.app_context():
        return db.session.scalars(select(ResidentContact.address).where(
            ResidentContact.account_id == account_id,
            ResidentContact.channel == "sms")).all()


def test_a_code_answered_while_signed_in_proves_the_number(app, client, network):
    account = sign_in_resident(client)
    assert proven(app, account) == []
    answer(client, network.r1_addresses[0])
    assert "Send the code" in client.get(f"{BASE}/sign-up/check").get_data(as_text=True)
    sign_up(app, client, network.r1_addresses[0])
    assert proven(app, account) == [ANNA_E164]


def test_without_sign_in_nothing_is_proven_and_the_code_is_asked(app, client, network):
    sign_up(app, client, network.r1_addresses[0])
    answer(client, network.r1_addresses[1])
    page = client.get(f"{BASE}/sign-up/check").get_data(as_text=True)
    assert "Send the code" in page and "already confirmed" not in page
    with app.app_context():
        assert db.session.scalars(select(ResidentContact)).all() == []


def test_a_proven_number_starts_the_texts_without_a_code_once(app, client, network):
    sign_in_resident(client)
    sign_up(app, client, network.r1_addresses[0])  # proves the number
    assert len(codes_sent(app)) == 1 and len(welcomes(app)) == 1
    answer(client, network.r1_addresses[1], alerts=("evening",), time="19:00")
    page = client.get(f"{BASE}/sign-up/check").get_data(as_text=True)
    assert "Your mobile number is already confirmed" in page and "Start the texts" in page
    token = csrf_token_from(page)
    first = client.post(f"{BASE}/sign-up/check", data={"csrf_token": token})
    second = client.post(f"{BASE}/sign-up/check", data={"csrf_token": token})  # double click
    assert first.status_code == 303 and first.location.endswith("/sign-up/done")
    assert second.status_code in (302, 303)
    done = client.get(f"{BASE}/sign-up/done").get_data(as_text=True)
    assert "You will get texts about collection" in done and "at 19:00" in done
    app.extensions["notifications.dispatcher"].wait_idle()
    assert len(codes_sent(app)) == 1  # no second code
    assert len(welcomes(app)) == 2  # one welcome for the new address
    assert subscriptions(app) == [
        (ANNA_E164, network.r1_addresses[0], True, "18:00", 15, True),
        (ANNA_E164, network.r1_addresses[1], True, "19:00", None, True)]
    # The journey starts afresh: another address can be signed up for in the same visit.
    answer(client, network.r1_addresses[2], alerts=("evening",))
    assert "Start the texts" in client.get(f"{BASE}/sign-up/check").get_data(as_text=True)


def test_another_residents_proven_number_still_needs_a_code(app, client, network):
    other = app.test_client()
    sign_in_resident(other, personal_number="198112189876", name="Annan Person")
    sign_up(app, other, network.r1_addresses[0])  # proven for the other resident only
    sign_in_resident(client)
    answer(client, network.r1_addresses[1])
    page = client.get(f"{BASE}/sign-up/check").get_data(as_text=True)
    assert "Send the code" in page and "already confirmed" not in page
