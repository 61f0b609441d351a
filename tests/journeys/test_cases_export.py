"""Exporting a built journey's cases, and deleting them when the privacy notice says."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, update

from eservices import scheduler
from eservices.db import db, utcnow
from eservices.journeys import retention, store
from eservices.journeys.models import JourneyDecision, JourneySubmission
from eservices.staff.models import AuditEvent
from eservices.testing import csrf_token_from, sign_in

from ._cases import SLUG, definition, publish, submit

BASE = f"/staff/journey-cases/{SLUG}/"


@pytest.fixture
def handlaggare(app, create_staff):
    publish(app)
    create_staff("hanna", "handlaggare")
    client = app.test_client()
    sign_in(client, "hanna")
    return client


def local_today():
    """Export periods are days in the municipality's time zone, not UTC days."""
    return utcnow().astimezone(ZoneInfo("Europe/Stockholm")).date()


def today() -> str:
    return local_today().isoformat()


def test_csv_has_a_row_per_case_a_column_per_question_and_no_formulas(app, handlaggare):
    submit(app, "BEN-2026-0001", problem="=HYPERLINK(\"http://evil\")")
    submit(app, "BEN-2026-0002", problem="@SUM(A1)", language="en")
    response = handlaggare.get(BASE + f"export.csv?from={today()}&to={today()}")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response.headers["Content-Disposition"]
    body = response.get_data()
    assert body.startswith("\ufeff".encode())  # a BOM, for Excel
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Ärendenummer", "Inskickat", "Status", "Version", "Språk", "Fel",
                       "Mobilnummer"]
    by_reference = {row[0]: row for row in rows[1:]}
    assert by_reference["BEN-2026-0001"][5] == "'=HYPERLINK(\"http://evil\")"
    assert by_reference["BEN-2026-0002"][5] == "'@SUM(A1)"
    assert by_reference["BEN-2026-0001"][6] == "'+46701234567"  # a leading + too
    assert by_reference["BEN-2026-0001"][2:5] == ["Ny", "1", "sv"]
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(
            AuditEvent.action == "journey_cases_exported"))
        assert event.details == {"format": "csv", "cases": 2}


def test_a_column_stays_for_a_question_a_later_version_dropped(app, handlaggare):
    submit(app, "BEN-2026-0001")
    with app.test_request_context():
        record = store.by_slug(SLUG)
        later = definition(pages=[definition().pages[1].model_dump(mode="json")],
                           receipts=[])
        store.save_draft(record, later, by="dana")
        store.publish(record, "Utan frågan om felet", by="dana")
        db.session.commit()
    submit(app, "BEN-2026-0002", version=2)
    rows = list(csv.reader(io.StringIO(handlaggare.get(
        BASE + f"export.csv?from={today()}&to={today()}").get_data().decode("utf-8-sig")),
        delimiter=";"))
    assert rows[0][5:] == ["Fel", "Mobilnummer"]
    assert len(rows) == 3


def test_json_lists_cases_with_rows_values_status_and_version(app, handlaggare):
    submit(app, "BEN-2026-0001")
    response = handlaggare.get(BASE + f"export.json?from={today()}&to={today()}")
    assert response.headers["Content-Type"] == "application/json"
    data = json.loads(response.get_data(as_text=True))
    [case] = data["cases"]
    assert (case["reference"], case["status"], case["version"]) == ("BEN-2026-0001", "new", 1)
    assert case["values"] == {"problem": "Trasig sits", "mobile": "+46701234567"}
    assert case["rows"][0] == {"key": "problem", "label": "Fel", "value": "Trasig sits"}


def test_the_export_is_bounded_by_a_period(app, handlaggare):
    submit(app, "BEN-2026-0001")
    assert handlaggare.get(BASE + "export.csv").status_code == 400
    too_long = handlaggare.get(BASE + "export.csv?from=2025-01-01&to=2026-06-01")
    assert too_long.status_code == 400
    assert "Perioden får vara högst ett år" in too_long.get_data(as_text=True)
    empty = handlaggare.get(BASE + "export.json?from=2020-01-01&to=2020-01-31")
    assert json.loads(empty.get_data(as_text=True))["cases"] == []


def test_the_export_form_sends_the_staff_member_to_the_file(app, handlaggare):
    page = handlaggare.get(BASE + "export")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Exportera ärenden" in html
    day = local_today()
    response = handlaggare.post(BASE + "export", data={
        "csrf_token": csrf_token_from(html), "date_from-day": day.day,
        "date_from-month": day.month, "date_from-year": day.year, "date_to-day": day.day,
        "date_to-month": day.month, "date_to-year": day.year, "file_format": "json"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"export.json?from={today()}&to={today()}")
    missing = handlaggare.post(BASE + "export", data={"csrf_token": csrf_token_from(html)})
    assert missing.status_code == 400 and "Ange periodens första dag" in missing.get_data(
        as_text=True)


def test_a_designer_cannot_export(app, handlaggare, create_staff):
    create_staff("dana", "tjanstedesigner")
    designer = app.test_client()
    sign_in(designer, "dana")
    assert designer.get(BASE + f"export.csv?from={today()}&to={today()}").status_code == 403


def test_retention_deletes_only_expired_cases_with_their_decisions(app, handlaggare):
    submit(app, "BEN-2026-0001")
    submit(app, "BEN-2026-0002")
    submit(app, "BEN-2026-0003")
    page = handlaggare.get(BASE + "BEN-2026-0001").get_data(as_text=True)
    handlaggare.post(BASE + "BEN-2026-0001", data={
        "status": "done", "reason": "Lagad", "seen_status": "new",
        "csrf_token": csrf_token_from(page)})
    with app.app_context():
        db.session.execute(update(JourneySubmission).where(
            JourneySubmission.reference.in_(["BEN-2026-0001", "BEN-2026-0002"]))
            .values(delete_after=utcnow() - timedelta(minutes=1)))
        db.session.commit()
        assert retention.purge_expired(batch=1) == 2  # in batches of one
        assert db.session.scalars(select(JourneySubmission.reference)).all() == [
            "BEN-2026-0003"]
        assert db.session.scalars(select(JourneyDecision)).all() == []
        events = db.session.scalars(select(AuditEvent).where(
            AuditEvent.action == "journey_cases_deleted")).all()
        assert [(e.subject, e.details) for e in events] == [
            ("bench_repair", {"cases": 1}), ("bench_repair", {"cases": 1})]
        assert retention.purge_expired() == 0


def test_retention_runs_as_a_platform_job(app):
    assert "platform-purge-journey-cases" in scheduler.jobs(app)
    submit(app, "BEN-2026-0001")
    assert scheduler.run_job(app, "platform-purge-journey-cases") == 0
