"""Upgrading a database that has the old copies: nothing of the residents' is lost.

Before the register, the subscription service kept customers, properties and bins,
and the calendar kept holiday shifts. The upgrade copies them into the register,
re-keys the cases on customer numbers and drops the old tables - tested on SQLite
and, when ``TEST_DATABASE_URL`` is set, on a PostgreSQL database of its own.
"""

from __future__ import annotations

import os
from datetime import date

import pytest
from sqlalchemy import create_engine, make_url, text

from eservices import create_app
from eservices import toolkit as tk
from eservices.migrations import upgrade
from eservices.testing import reset_postgres

OLD = [
    "INSERT INTO waste_subscription_customer (id, customer_number, name, phone, email, language)"
    " VALUES (1, '100001', 'Anna Andersson', '+46701740001', '', 'sv'),"
    " (2, '100002', 'Bertil Berg', '+46701740002', '', 'sv')",
    "INSERT INTO waste_subscription_property (id, designation, street_address, postal_code,"
    " city, holiday_home) VALUES (1, 'Exempelby 3:14', 'Storgatan 1', '93131', 'Exempelby',"
    " false), (2, 'Exempelby 3:15', 'Storgatan 3', '93131', 'Exempelby', false)",
    "INSERT INTO waste_subscription_subscription (id, customer_id, property_id, frequency,"
    " home_composting, shared_with_id, updated_at) VALUES"
    " (1, 1, 1, 'every_2_weeks', false, NULL, CURRENT_TIMESTAMP),"
    " (2, 2, 2, 'every_2_weeks', false, 1, CURRENT_TIMESTAMP)",
    "UPDATE waste_subscription_subscription SET shared_with_id = 2 WHERE id = 1",
    "INSERT INTO waste_subscription_bin (subscription_id, container, litres) VALUES"
    " (1, 'restavfall', 190), (1, 'matavfall', 140), (2, 'restavfall', 190)",
    "INSERT INTO waste_subscription_request (reference, journey_id, subscription_id,"
    " change_types, details, current_plan, proposed_plan, quote, effective_date, status,"
    " neighbour_subscription_id, neighbour_status, email, phone, language, created_at,"
    " decided_by, decision_reason) VALUES ('AV-1', 'j1', 1, '[]', '{}', '{}', '{}', '{}',"
    " '2026-12-15', 'new', 2, 'pending', '', '', 'sv', CURRENT_TIMESTAMP, '', '')",
    "INSERT INTO collection_alerts_holiday_shift (original_date, new_date, note) VALUES"
    " ('2026-12-25', '2026-12-28', 'Juldagen')",
]


@pytest.fixture
def url(tmp_path):
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        return f"sqlite:///{tmp_path / 'old.sqlite3'}"
    parsed = make_url(base)
    name = f"{parsed.database}_migrating"
    engine = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        if not connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"),
                                 {"n": name}):
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    url = parsed.set(database=name).render_as_string(hide_password=False)
    reset_postgres(url)
    return url


def test_the_old_copies_move_into_the_register(url, tmp_path):
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "x" * 32, "PERIODIC_JOBS": "off",
                      "SWEEP_INTERVAL_SECONDS": 0}, environ={},
                     instance_path=tmp_path / "instance")
    upgrade(app, "ws0002_one_per_neighbour")
    upgrade(app, "ca0001_tables")
    with app.app_context(), tk.db.engine.begin() as connection:
        for statement in OLD:
            connection.execute(text(statement))
    upgrade(app)
    with app.app_context():
        register = tk.waste_register()
        anna = register.subscription("100001", date(2026, 12, 1))
        assert (anna.customer.name, anna.property.street_address, anna.shared_with) == (
            "Anna Andersson", "Storgatan 1", "100002")
        assert sorted((c.fraction, c.litres) for c in anna.containers) == [
            ("matavfall", 140), ("restavfall", 190)]
        assert register.subscription("100002", date(2026, 12, 1)).shared_with == "100001"
        row = tk.db.session.execute(text(
            "SELECT customer_number, neighbour_customer_number, property_designation"
            " FROM waste_subscription_request")).one()
        assert tuple(row) == ("100001", "100002", "Exempelby 3:14")
        [shift] = register.holiday_shifts(date(2026, 1, 1), date(2027, 12, 31))
        assert (shift.original_date, shift.new_date, shift.note) == (
            date(2026, 12, 25), date(2026, 12, 28), "Juldagen")
        tables = set(tk.db.inspect(tk.db.engine).get_table_names())
        assert not tables & {"waste_subscription_customer", "waste_subscription_property",
                             "waste_subscription_subscription", "waste_subscription_bin",
                             "collection_alerts_holiday_shift"}
        tk.db.session.remove()
        tk.db.engine.dispose()
    app.extensions["notifications.dispatcher"].shutdown()
