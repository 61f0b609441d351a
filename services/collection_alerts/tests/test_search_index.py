"""The search's address index: built once per process, found at once after this process's
writes, another process's within its time to live, and no database row read per search."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from sqlalchemy import event, text, update

from eservices import process_cache
from eservices.db import db
from services.collection_alerts import search_index
from services.collection_alerts.addressing import search_text
from services.collection_alerts.models import Address
from services.collection_alerts.search import lookup, search_addresses
from services.collection_alerts.search_index import TTL_SECONDS, build


def labels(addresses):
    return [f"{a.street} {a.number}" for a in addresses]


def new_address(street, number, postal_code="93131", city="Exempelby"):
    return Address(external_id=f"X-{street}-{number}", street=street, number=number,
                   postal_code=postal_code, city=city, latitude=64.7, longitude=20.9,
                   search_text=search_text(street, number, postal_code, city))


@pytest.fixture
def clock(monkeypatch):
    """The process cache's clock, stopped: ``clock.now += seconds`` moves it."""
    stopped = SimpleNamespace(now=1000.0)
    monkeypatch.setattr(process_cache, "monotonic", lambda: stopped.now)
    return stopped


@pytest.fixture
def statements(app):
    """The SQL statements sent while the test runs."""
    sent: list[str] = []
    with app.app_context():
        engine = db.engine

    def record(_conn, _cursor, statement, *_args):
        sent.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    yield sent
    event.remove(engine, "before_cursor_execute", record)


def test_a_search_reads_no_row_once_the_index_is_loaded(app, network, clock, statements):
    with app.test_request_context():
        assert labels(search_addresses("Storgatan 12")) == ["Storgatan 12"]
    assert any("collection_alerts_address" in s for s in statements)
    statements.clear()
    with app.test_request_context():
        assert labels(search_addresses("Storgatan 12")) == ["Storgatan 12"]
        assert lookup("Sjovagen").kind == "street"  # the typo fallback too
        assert lookup("Kungsgatan 1").kind == "none"
    assert statements == []


def test_an_address_written_in_this_process_is_found_at_once(app, network, clock):
    with app.test_request_context():
        assert search_addresses("Tallvägen 3") == []
        db.session.add(new_address("Tallvägen", "3"))
        db.session.flush()  # the request that writes finds its write before it commits
        assert labels(search_addresses("Tallvägen 3")) == ["Tallvägen 3"]
        db.session.commit()
    with app.test_request_context():
        assert labels(search_addresses("tallv 3")) == ["Tallvägen 3"]
        moved = db.session.get(Address, network.r1_addresses[11])  # Storgatan 12
        moved.street, moved.number = "Tallvägen", "5"
        moved.search_text = search_text(moved.street, moved.number, moved.postal_code,
                                        moved.city)
        db.session.commit()
        assert labels(search_addresses("Tallvägen")) == ["Tallvägen 3", "Tallvägen 5"]
        assert lookup("Storgatan 12").kind == "no_number"


def test_an_orm_update_statement_is_seen_at_once(app, network, clock):
    with app.test_request_context():
        assert lookup("Storgatan 12").kind == "found"
        db.session.execute(update(Address).where(Address.street == "Storgatan")
                           .values(number="9" + Address.number))
        db.session.commit()
        assert lookup("Storgatan 12").kind == "no_number"
        assert labels(search_addresses("Storgatan 912")) == ["Storgatan 912"]


def test_another_process_s_write_is_seen_within_the_time_to_live(app, network, clock):
    with app.test_request_context():
        assert search_addresses("Tallvägen 3") == []
    row = new_address("Tallvägen", "3")
    with app.app_context(), db.engine.begin() as other:  # another process
        other.execute(text(
            "INSERT INTO collection_alerts_address (external_id, street, number, postal_code,"
            " city, latitude, longitude, search_text) VALUES (:external_id, :street, :number,"
            " :postal_code, :city, 64.7, 20.9, :search_text)"),
            {"external_id": row.external_id, "street": row.street, "number": row.number,
             "postal_code": row.postal_code, "city": row.city,
             "search_text": row.search_text})
    clock.now += TTL_SECONDS
    with app.test_request_context():
        assert search_addresses("Tallvägen 3") == []  # still the index of a minute ago
    clock.now += 1
    with app.test_request_context():
        assert labels(search_addresses("Tallvägen 3")) == ["Tallvägen 3"]


def test_results_carry_what_the_pages_use(app, network):
    with app.test_request_context():
        (found,) = search_addresses("Storgatan 12")
        stored = db.session.get(Address, found.id)
        assert (found.street, found.number, found.postal_code, found.city, found.label) == (
            stored.street, stored.number, stored.postal_code, stored.city, stored.label)


def row(id_, street, number, postal_code="93131", city="Exempelby"):
    return (id_, street, number, postal_code, city,
            search_text(street, number, postal_code, city))


def test_the_index_matches_by_prefix_with_every_character_literal():
    index = build([row(1, "Storgatan", "2"), row(2, "Storgatan", "10"),
                   row(3, "Storgatans backe", "1"), row(4, "S%gatan", "1"),
                   row(5, "Stor_gatan", "1"), row(6, "Skolgatan", "1")])
    assert labels(index.on_street("storgatan")) == ["Storgatan 10", "Storgatan 2",
                                                    "Storgatans backe 1"]
    assert labels(index.on_street("storgatan", exact=True)) == ["Storgatan 10", "Storgatan 2"]
    assert labels(index.on_street("s%")) == ["S%gatan 1"]
    assert labels(index.on_street("stor_")) == ["Stor_gatan 1"]
    assert index.on_street("s_organ") == [] and index.on_street("%") == []
    assert len(index.on_street("s", cap=2)) == 2
    assert index.on_street("") == list(index.addresses)


def test_the_index_knows_natural_order_and_the_street_names():
    index = build([row(1, "Storgatan", "12B"), row(2, "Storgatan", "2"),
                   row(3, "Sjövägen", "1"), row(4, "Storgatan", "12"), row(5, "Storgatan", ""),
                   row(6, "Sjövägen", "1", "93291", "Sjöviken")])
    ranked = sorted(index.addresses, key=lambda a: a.rank)
    assert labels(ranked) == ["Sjövägen 1", "Sjövägen 1", "Storgatan ", "Storgatan 2",
                              "Storgatan 12", "Storgatan 12B"]
    assert [a.rest for a in ranked[:2]] == [("93131", "exempelby"), ("93291", "sjöviken")]
    assert index.streets_by_fold == {"sjovagen": ("sjövägen",), "storgatan": ("storgatan",)}
    assert build([]).on_street("s") == []


def test_forget_drops_the_index(app, network, clock):
    with app.test_request_context():
        first = search_index.current()
        assert search_index.current() is first
        search_index.forget()
        assert search_index.current() is not first
