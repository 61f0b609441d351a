"""The back-office kit: compare-and-set transitions with their audit record, status queues."""

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select, update
from werkzeug.exceptions import NotFound

from eservices import toolkit as tk
from eservices.db import db, utcnow
from eservices.staff.cases import MAX_PAGE
from eservices.staff.models import AuditEvent
from services.accessibility_report.models import Report


def _report(reference: str, status: str = "new", minutes_ago: int = 0) -> Report:
    report = Report(reference=reference, journey_id=reference, problem_kind="other",
                    location="www", description="x", language="sv", status=status,
                    created_at=utcnow() - timedelta(minutes=minutes_ago))
    db.session.add(report)
    return report


def _events(reference: str) -> list[str]:
    return db.session.scalars(select(AuditEvent.action).where(
        AuditEvent.subject == reference)).all()


def test_a_transition_changes_the_status_and_writes_its_audit_record_uncommitted(app):
    with app.test_request_context():
        report = _report("TR-1")
        db.session.commit()
        event = tk.transition(report, ("new",), "handled", "anna", "fixed the contrast",
                              module_id="accessibility_report")
        assert report.status == "handled" and event.action == "case_handled"
        assert event.actor_name == "anna" and event.details == {"reason": "fixed the contrast"}
        db.session.rollback()  # the status and the audit record stand or fall together
        assert db.session.get(Report, report.id).status == "new"
        assert _events("TR-1") == []


def test_a_case_changed_meanwhile_is_refused_with_a_translated_message(app):
    with app.test_request_context():
        report = _report("TR-2")
        db.session.commit()
        db.session.execute(update(Report).where(Report.id == report.id).values(
            status="handled").execution_options(synchronize_session=False))  # a colleague
        with pytest.raises(tk.StatusConflict) as refused:
            tk.transition(report, ("new",), "handled", "anna", module_id="accessibility_report")
        assert refused.value.status is None
        assert refused.value.message == ("Någon annan har just beslutat i ärendet; "
                                         "inget ändrades.")
        with pytest.raises(tk.StatusConflict, match="already handled") as already:
            tk.transition(db.session.get(Report, report.id, populate_existing=True),
                          ("new",), "done", words={"handled": "handled"},
                          module_id="accessibility_report", subject="TR-2")
        assert already.value.status == "handled"


def test_two_staff_deciding_at_once_one_wins(app):
    with app.app_context():
        report = _report("TR-3")
        db.session.commit()
        report_id = report.id
    barrier, outcomes = threading.Barrier(2), []

    def decide(name: str) -> None:
        with app.test_request_context():
            report = db.session.get(Report, report_id)
            assert report.status == "new"
            barrier.wait()
            try:
                tk.transition(report, ("new",), "handled", name,
                              module_id="accessibility_report")
                db.session.commit()
                outcomes.append("won")
            except tk.StatusConflict:
                db.session.rollback()
                outcomes.append("refused")

    threads = [threading.Thread(target=decide, args=(n,)) for n in ("anna", "bert")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(outcomes) == ["refused", "won"]
    with app.app_context():
        assert _events("TR-3") == ["case_handled"]


def test_a_status_queue_counts_pages_and_bounds(app):
    with app.app_context():
        for number in range(5):
            _report(f"TR-Q{number}", minutes_ago=number)
        _report("TR-H", status="handled")
        db.session.commit()
    with app.test_request_context("/?page=2"):
        found = tk.status_queue(Report, ("new", "handled"), page_size=2)
        assert found.counts == {"new": 5, "handled": 1}
        assert [r.reference for r in found.items] == ["TR-Q2", "TR-Q3"]  # newest first
        assert found.has_next and found.has_previous
    with app.test_request_context("/?status=handled"):
        found = tk.status_queue(Report, ("new", "handled"))
        assert [r.reference for r in found.items] == ["TR-H"] and not found.has_next
    for query in ("?status=gone", "?page=0", f"?page={MAX_PAGE + 1}"):
        with app.test_request_context("/" + query), pytest.raises(NotFound):
            tk.status_queue(Report, ("new", "handled"))
