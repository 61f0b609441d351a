"""Address search as residents type: forgiving spelling, a street without a number, junk.

The network fixture has Storgatan 1-20 (931 31 Exempelby) and Sjövägen 1-10 (932 91
Sjöviken); a few extra addresses are added where a test needs them.
"""

from __future__ import annotations

import pytest

from eservices.db import db
from services.collection_alerts.addressing import search_text
from services.collection_alerts.models import Address
from services.collection_alerts.search import lookup, search_addresses


def labels(addresses):
    return [f"{a.street} {a.number}" for a in addresses]


def add(street, number, postal_code="93131", city="Exempelby"):
    db.session.add(Address(external_id=f"X-{street}-{number}", street=street, number=number,
                           postal_code=postal_code, city=city, latitude=64.7, longitude=20.9,
                           search_text=search_text(street, number, postal_code, city)))
    db.session.commit()


@pytest.fixture
def ctx(app, network):
    with app.test_request_context():
        yield


@pytest.mark.parametrize("query", [
    "Storgatan 12", "storgatan 12", "STORGATAN 12", "  Storgatan   12  ", "Storg. 12",
    "storgatan12", "Storgatan 12, 931 31 Exempelby", "Storgatan 12 93131", "storgatan 12 exempelby",
    "Storgatan 12, Exempelby", "Storgtan 12", "storgatan\t12\n",
])
def test_forgiving_queries_find_the_address(ctx, query):
    assert labels(search_addresses(query)) == ["Storgatan 12"]


def test_diacritics_and_abbreviation_forgiven(ctx):
    assert labels(search_addresses("Sjovagen 3")) == ["Sjövägen 3"]
    assert labels(search_addresses("SJÖVÄGEN 3")) == ["Sjövägen 3"]
    assert labels(search_addresses("Sjöv. 3")) == ["Sjövägen 3"]


def test_a_wrong_town_or_postal_code_finds_nothing(ctx):
    assert search_addresses("Storgatan 12, Sjöviken") == []
    assert search_addresses("Storgatan 12 93291") == []


def test_street_without_number_lists_every_number_in_natural_order(ctx):
    add("Storgatan", "12B")
    add("Storgatan", "12A")
    result = lookup("storgatan", limit=100)
    assert result.kind == "street"
    assert labels(result.addresses) == [f"Storgatan {n}" for n in
                                        [*range(1, 13), "12A", "12B", *range(13, 21)]]
    assert labels(search_addresses("Storgatan"))[:3] == ["Storgatan 1", "Storgatan 2",
                                                         "Storgatan 3"]
    assert len(search_addresses("Storgatan")) == 20  # the default limit


def test_letters_after_the_number(ctx):
    add("Storgatan", "12B")
    assert labels(search_addresses("storgatan 12 b")) == ["Storgatan 12B"]
    assert labels(search_addresses("Storgatan 12B")) == ["Storgatan 12B"]
    assert labels(search_addresses("Storgatan 12")) == ["Storgatan 12"]


def test_a_number_the_street_does_not_have_lists_the_street(ctx):
    result = lookup("Storgatan 99")
    assert result.kind == "no_number"
    assert result.street == "Storgatan"
    assert labels(result.addresses)[0] == "Storgatan 1"


def test_partial_street_name(ctx):
    assert labels(search_addresses("storg 5")) == ["Storgatan 5"]
    assert lookup("sjö").kind == "street"


def test_a_street_that_is_a_prefix_of_another_prefers_the_exact_one(ctx):
    add("Storgatans backe", "5")
    assert labels(search_addresses("Storgatan 5")) == ["Storgatan 5"]
    assert labels(search_addresses("Storgatans backe 5")) == ["Storgatans backe 5"]


def test_nothing_matches(ctx):
    result = lookup("Kungsgatan 1")
    assert result.kind == "none" and result.addresses == []


@pytest.mark.parametrize("query", [
    "", "   ", "12", "93131", "x" * 5000, "Storgatan " + "1" * 300, "' OR 1=1 --",
    "Storgatan 1'; DROP TABLE collection_alerts_address; --", "%", "_", "%%% ___", "\\",
    "🗑️🚛", "Storgatan 🚛", "\x00Storgatan\x00 1", "Storgatan 1\x00", "<script>alert(1)</script>",
    "a " * 300, "1 2 3 4 5 6 7 8 9", "ÅÄÖ", "--", "Storgatan -1", "Storgatan 1/2",
])
def test_junk_never_raises(ctx, query):
    found = search_addresses(query)
    assert isinstance(found, list)


def test_like_wildcards_are_literal(ctx):
    from services.collection_alerts.search import _on_street

    assert search_addresses("%gatan 1") == []
    assert _on_street("st_rgatan") == [] and _on_street("%") == []
    assert len(_on_street("storgatan")) == 20


@pytest.mark.parametrize("query", [
    "x" * 5000, "' OR 1=1 --", "%", "🗑️🚛", "\x00", "12", "Kungsgatan 1\x00", "a " * 300,
])
def test_search_page_never_fails(client, network, query):
    client.get("/language/en")
    response = client.get("/collection-alerts/search", query_string={"address": query})
    assert response.status_code == 200
    assert "There is a problem" in response.get_data(as_text=True)


def test_search_page_no_match_explains(client, network):
    client.get("/language/en")
    page = client.get("/collection-alerts/search?address=Kungsgatan+1").get_data(as_text=True)
    assert "We could not find that address" in page
    assert "like Storgatan 12" in page
    assert "<title>Error:" in page


def test_search_page_empty_query(client, network):
    client.get("/language/en")
    page = client.get("/collection-alerts/search?address=").get_data(as_text=True)
    assert "Enter your street address" in page


def test_search_page_one_match_goes_to_the_address(client, network):
    response = client.get("/collection-alerts/search?address=storg.+7")
    assert response.status_code == 302
    assert response.location.endswith(f"/collection-alerts/address/{network.r1_addresses[6]}")


def test_search_page_lists_numbers_on_the_street(client, network):
    client.get("/language/en")
    page = client.get("/collection-alerts/search?address=Storgatan").get_data(as_text=True)
    assert "Which house number on Storgatan?" in page
    assert page.count('href="/collection-alerts/address/') == 20
    assert page.index("Storgatan 2<") < page.index("Storgatan 10<")
    missing = client.get("/collection-alerts/search?address=Storgatan+99").get_data(as_text=True)
    assert "We could not find number 99 on Storgatan" in missing
