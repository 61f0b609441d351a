"""The module's personal data: what a resident finds, what erasure takes, what retention drops."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from eservices import toolkit as tk
from eservices.db import db
from services.accessibility_report import module
from services.accessibility_report.models import Report
from services.accessibility_report.personal_data import (
    delete_old_reports,
    drop_contact_details,
    erase,
    find,
)

T0 = datetime(2026, 1, 10, 9, 0, tzinfo=UTC)
EVA = tk.DataSubject(personal_number="191212121212", phone_numbers=("+46701234567",),
                     email_addresses=("eva@exempel.se",))


def _report(reference: str, *, email: str = "", phone: str = "", status: str = "new",
            handled_at: datetime | None = None) -> Report:
    report = Report(reference=reference, journey_id=reference, problem_kind="operate",
                    location="https://www.exempelkommun.se/bygglov", description="Knappen",
                    name="Eva Ek" if email or phone else "", email=email, phone=phone,
                    language="sv", status=status, created_at=T0, handled_at=handled_at)
    db.session.add(report)
    return report


def _reports(app) -> dict[str, Report]:
    with app.app_context():
        return {r.reference: r for r in db.session.scalars(select(Report))}


def test_the_manifest_declares_it():
    assert module.personal_data is not None
    assert {r.key for r in module.personal_data.retention} == {"contact", "reports"}


@contextmanager
def reading(app):
    """A request to the module's pages in English, as Mina sidor's reader might make."""
    with app.test_request_context("/accessibility-report/", headers={"Accept-Language": "en"}):
        app.preprocess_request()
        yield


def test_find_returns_the_residents_reports_and_nothing_of_others(app):
    with reading(app):
        _report("TR-1", phone="+46701234567")
        _report("TR-2", email="Eva@Exempel.se", status="handled", handled_at=T0)
        _report("TR-3", email="someone@else.se", phone="+46709999999")
        _report("TR-4")  # anonymous
        db.session.commit()
        [section] = find(EVA)
        assert [item.record["reference"] for item in section.items] == ["TR-2", "TR-1"]
        first = next(i for i in section.items if i.record["reference"] == "TR-1")
        assert first.title == "Accessibility report TR-1"
        assert first.status == "Being handled" and first.when == T0
        assert first.record["phone"] == "+46701234567"
        assert first.record["description"] == "Knappen"
        assert ("Mobile number", "070-123 45 67") in first.details
        assert find(tk.DataSubject(personal_number="191212121212"))[0].items == []


def test_erase_anonymises_handled_reports_and_keeps_open_ones(app):
    with reading(app):
        _report("TR-1", phone="+46701234567")
        _report("TR-2", email="eva@exempel.se", status="handled", handled_at=T0)
        _report("TR-3", email="someone@else.se")
        db.session.commit()
        outcome = erase(EVA)
        db.session.commit()
        assert outcome.anonymised == 1 and outcome.removed == 0
        [kept] = outcome.kept
        assert kept.what == "Accessibility reports we are still handling" and kept.reason
    reports = _reports(app)
    assert (reports["TR-2"].name, reports["TR-2"].email, reports["TR-2"].phone) == ("", "", "")
    assert reports["TR-2"].description == "Knappen"  # the report itself stays
    assert reports["TR-1"].phone == "+46701234567"  # still being handled
    assert reports["TR-3"].email == "someone@else.se"


def test_retention_applies_at_the_cutoff_and_not_before_and_twice_is_safe(app):
    with app.app_context():
        _report("TR-1", phone="+46701234567", status="handled", handled_at=T0)
        _report("TR-2", phone="+46701234567", status="handled",
                handled_at=T0 + timedelta(days=10))
        _report("TR-3", phone="+46701234567")  # open: never touched
        db.session.commit()
        assert drop_contact_details(T0) == 0  # handled exactly at the cutoff: not older
        assert drop_contact_details(T0 + timedelta(seconds=1)) == 1
        db.session.commit()
        assert drop_contact_details(T0 + timedelta(seconds=1)) == 0
        assert delete_old_reports(T0) == 0
        assert delete_old_reports(T0 + timedelta(days=11)) == 2
        db.session.commit()
        assert delete_old_reports(T0 + timedelta(days=11)) == 0
    reports = _reports(app)
    assert set(reports) == {"TR-3"} and reports["TR-3"].phone == "+46701234567"
