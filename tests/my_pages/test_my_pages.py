"""Mina sidor and the export: every module's part, the messages, a module that fails."""

from __future__ import annotations

import json
import logging

import pytest

from eservices.modules import DataSubject
from eservices.my_pages.collect import collect, data_modules
from eservices.testing import sign_in_resident

from ._data import EMAIL, PERSONAL_NUMBER, PHONE, resident_with_data


def test_mina_sidor_needs_an_e_id_sign_in(client):
    response = client.get("/mina-sidor")
    assert response.status_code == 302
    assert "/e-legitimation" in response.headers["Location"]
    assert "next=/mina-sidor" in response.headers["Location"].replace("%2F", "/")
    for path in ("/mina-sidor/export.json", "/mina-sidor/mina-uppgifter", "/mina-sidor/radera"):
        assert client.get(path).status_code == 302


def english(client) -> None:
    """The platform's own texts are asserted in English (the catalogue is the lead's)."""
    client.get("/language/en")


def test_the_resident_sees_three_modules_and_the_messages_but_nobody_elses(app, client):
    resident_with_data(app, client)
    english(client)
    page = client.get("/mina-sidor").get_data(as_text=True)
    assert "<h1 class=\"heading-xl\">My pages</h1>" in page
    assert "TR-OPEN-1" in page and "TR-DONE-1" in page  # accessibility_report
    assert "Lånecyklar vid stationen" in page  # ideas
    assert "Storgatan 1" in page  # collection_alerts
    assert "TR-THEIRS" not in page and "IDE-2026-90002" not in page
    # The messages: newest first, the code hidden here, the other person's absent.
    assert page.index("Tack för din rapport") < page.index("Din kod är")
    assert "123456" not in page and "Hej granne" not in page
    assert "070-123 45 67" not in page.split("Messages we have sent")[1].split("</ol>")[0]
    # The readable copy has everything, the code too.
    readable = client.get("/mina-sidor/mina-uppgifter").get_data(as_text=True)
    assert "Din kod är 123456" in readable and "TR-OPEN-1" in readable


def test_messages_are_paginated_and_a_bad_page_number_is_no_error(app, client):
    from eservices.db import db

    from ._data import message

    resident_with_data(app, client)
    english(client)
    with app.app_context():
        for n in range(25):
            message(PHONE, f"Påminnelse nummer {n}")
        db.session.commit()
    first = client.get("/mina-sidor").get_data(as_text=True)
    assert "Page 1 of 2" in first and "Older messages" in first
    assert "Din kod är" not in first
    second = client.get("/mina-sidor?sida=2").get_data(as_text=True)
    assert "Page 2 of 2" in second and "Din kod är" in second
    for bad in ("x", "-3", "99999999999999999999"):
        assert client.get(f"/mina-sidor?sida={bad}").status_code == 200


def test_the_export_holds_every_section_the_account_and_the_messages(app, client):
    made = resident_with_data(app, client)
    response = client.get("/mina-sidor/export.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="mina-')
    assert response.headers["Cache-Control"] == "no-store"
    data = json.loads(response.get_data(as_text=True))
    assert data["format"] == "tjansteslussen.personal-data/1"
    assert data["subject"] == {"personal_number": PERSONAL_NUMBER, "phone_numbers": [PHONE],
                               "email_addresses": [EMAIL]}
    services = {part["module"]: part for part in data["services"]}
    assert {"accessibility_report", "collection_alerts", "ideas"} <= set(services)
    records = [item["record"] for part in data["services"] for section in part["sections"]
               for item in section["items"]]
    assert {r.get("reference") for r in records} >= {"TR-OPEN-1", "TR-DONE-1", made.idea}
    assert any(r.get("phone") == PHONE and r.get("evening_reminder") for r in records)
    assert "TR-THEIRS" not in response.get_data(as_text=True)
    (account,) = data["accounts"]
    assert account["name"] == "Tolvan Tolvansson"
    assert {c["address"] for c in account["proven_contacts"]} == {PHONE, EMAIL}
    assert [m["body"] for m in data["messages"]] == ["Tack för din rapport TR-OPEN-1.",
                                                      "Din kod är 123456"]
    assert data["messages"][1]["to"] == PHONE


def test_a_module_whose_find_raises_is_unavailable_and_the_rest_is_shown(
        app, client, monkeypatch, caplog):
    resident_with_data(app, client)

    def broken(subject):
        raise RuntimeError("the ideas database is down")

    monkeypatch.setattr("services.ideas.personal_data.find", broken)
    english(client)
    with caplog.at_level(logging.ERROR, logger="eservices.my_pages.collect"):
        response = client.get("/mina-sidor")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "We cannot show what The idea lock holds about you right now" in page
    assert "TR-OPEN-1" in page and "Storgatan 1" in page
    assert "find of module ideas failed" in caplog.text
    assert PHONE not in caplog.text and PERSONAL_NUMBER not in caplog.text
    data = json.loads(client.get("/mina-sidor/export.json").get_data(as_text=True))
    ideas = next(part for part in data["services"] if part["module"] == "ideas")
    assert ideas["available"] is False and ideas["sections"] == []


def test_a_failing_statement_in_one_module_does_not_abort_the_others(app, client, monkeypatch):
    """On PostgreSQL a failed statement poisons the transaction: a savepoint contains it."""
    from sqlalchemy import text

    from eservices.db import db

    resident_with_data(app, client)

    def bad_sql(subject):
        db.session.execute(text("SELECT * FROM no_such_table"))

    monkeypatch.setattr("services.accessibility_report.personal_data.find", bad_sql)
    page = client.get("/mina-sidor").get_data(as_text=True)
    assert "Lånecyklar vid stationen" in page and "Storgatan 1" in page


@pytest.mark.parametrize(("language", "heading"), [("sv", "Rapporter om tillgänglighet"),
                                                   ("en", "Accessibility reports")])
def test_modules_answer_from_their_own_catalogue_in_the_readers_language(app, language,
                                                                         heading):
    with app.test_request_context("/mina-sidor", headers={"Accept-Language": language}):
        app.preprocess_request()
        parts = collect(DataSubject(phone_numbers=(PHONE,)))
    reports = next(part for part in parts if part.module_id == "accessibility_report")
    assert reports.sections[0].title == heading


def test_nothing_is_hard_coded_per_module(app):
    with app.test_request_context("/"):
        ids = [entry.module.id for entry in data_modules()]
    registry = app.extensions["eservices.modules"]
    declared = sorted(m.id for m in registry.enabled.values()
                      if m.personal_data and m.personal_data.resident_data)
    assert [i for i in ids if i in declared] == declared


def test_a_resident_with_nothing_anywhere_is_told_so(app, client):
    sign_in_resident(client, personal_number="198112189876", name="Ny Invånare")
    english(client)
    page = client.get("/mina-sidor").get_data(as_text=True)
    assert "We have sent no messages" in page
