"""Identifying with e-ID instead of the customer number and the property (test client).

Pages are read in English.  The clock stands at Friday 27 November 2026 (conftest).
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select

from eservices import toolkit as tk
from eservices.db import db
from eservices.testing import csrf_token_from, sign_in_resident
from services.waste_subscription import module
from services.waste_subscription.models import ChangeRequest

from .conftest import STANDARD
from .test_journey import BASE, finish, post

TOLVAN = "191212121212"
EID = f"{BASE}/e-legitimation"


@pytest.fixture
def households(app) -> None:
    """Tolvan holds Storgatan 1; the neighbour another; nobody holds a third number."""
    with app.app_context():
        register = tk.waste_register()
        register.add_household("100001", "Exempelby 3:14", "Storgatan 1", bins=STANDARD,
                               name="Tolvan Tolvansson", identity_number=TOLVAN)
        register.add_household("100002", "Exempelby 3:15", "Storgatan 3", bins=STANDARD,
                               name="Nils Granne", identity_number="198112189876")
        db.session.commit()


def english(client):
    client.get("/language/en")
    client.get(f"{BASE}/begin")


def test_the_module_needs_loa3_and_the_identify_page_offers_e_id(client, households):
    assert module.minimum_assurance == "loa3"
    english(client)
    page = client.get(f"{BASE}/identify").get_data(as_text=True)
    assert "Log in with e-ID" in page and f'href="{EID}"' in page
    assert "Customer number" in page  # the other way stays


def test_without_sign_in_the_link_goes_to_sign_in_at_loa3_and_back(client, households):
    english(client)
    response = client.get(EID)
    assert response.status_code == 302
    target = urlsplit(response.location)
    assert parse_qs(target.query) == {"next": [EID], "level": ["loa3"]}


def test_a_lower_level_is_not_enough(client, households):
    sign_in_resident(client, assurance="loa2")
    english(client)
    response = client.get(EID)
    assert response.status_code == 302 and "level=loa3" in response.location


def test_a_signed_in_holder_skips_identification_and_sends_a_request(app, client, households):
    sign_in_resident(client, personal_number=TOLVAN)
    english(client)
    identify_page = client.get(f"{BASE}/identify").get_data(as_text=True)
    assert "You are signed in as Tolvan Tolvansson" in identify_page
    assert "Find my subscription" in identify_page and "Log in with e-ID" not in identify_page
    response = client.get(EID)
    assert response.status_code == 303 and response.location.endswith("/subscription")
    page = client.get(f"{BASE}/subscription").get_data(as_text=True)
    assert "Storgatan 1" in page and "190 litres" in page
    assert post(client, f"{BASE}/subscription", {"changes": ["size"]}).location.endswith(
        "/change/size")
    assert post(client, f"{BASE}/change/size", {"size": "240"}).location.endswith("/when")
    check = finish(client)
    response = client.post(f"{BASE}/check", data={"csrf_token": csrf_token_from(check)})
    assert response.status_code == 303
    with app.app_context():
        [case] = db.session.scalars(select(ChangeRequest)).all()
    assert case.customer_number == "100001" and case.change_types == ["size"]


def test_a_resident_the_register_does_not_know_is_told_and_can_still_identify(client,
                                                                           households):
    sign_in_resident(client, personal_number="190101010101", name="Ingen Kund")
    english(client)
    response = client.get(EID)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "We find no waste subscription in your name" in page
    assert f'href="{BASE}/identify"' in page
    assert post(client, f"{BASE}/identify", {"customer_number": "100002",
                                             "place": "Storgatan 3"}).location.endswith(
        "/subscription")


def test_several_subscriptions_are_chosen_from_the_residents_own(app, client, households):
    with app.app_context():
        tk.waste_register().add_household("100009", "Sjöviken 1:8", "Sjövägen 8",
                                          bins=STANDARD, holiday_home=True,
                                          name="Tolvan Tolvansson", identity_number=TOLVAN)
        db.session.commit()
    sign_in_resident(client, personal_number=TOLVAN)
    english(client)
    page = client.get(EID).get_data(as_text=True)
    assert "Which subscription do you want to change?" in page
    assert "Sjövägen 8" in page and "Storgatan 1" in page and "Storgatan 3" not in page
    for refused in ({"customer_number": "100002"}, {}):  # not theirs; none
        response = post(client, EID, refused)
        assert response.status_code == 200
        assert "Select the subscription you want to change" in response.get_data(as_text=True)
    chosen = post(client, EID, {"customer_number": "100009"})
    assert chosen.status_code == 303 and chosen.location.endswith("/subscription")
    assert "Sjövägen 8" in client.get(f"{BASE}/subscription").get_data(as_text=True)
