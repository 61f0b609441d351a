"""The one retention job: every module's rules with the operator's days, and the platform's."""

from __future__ import annotations

import logging
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from eservices.clock import ControlledClock
from eservices.db import db
from eservices.my_pages import retention
from eservices.residents.models import ResidentAccount
from eservices.scheduler import jobs
from eservices.staff.models import AuditEvent
from eservices.testing import sign_in_resident
from notifications.models import Notification

from ._data import PHONE, message

NOW = datetime(2026, 12, 1, 12, tzinfo=UTC)
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def clocked(make_app):
    def build(environ=None, **overrides):
        app = make_app(environ=environ, **overrides)
        app.extensions["eservices.clock"] = ControlledClock(NOW)
        return app
    return build


def _spy(monkeypatch, target: str) -> list[datetime]:
    """Replace one module's apply function with one that records its cutoffs."""
    seen: list[datetime] = []

    def applied(cutoff):
        seen.append(cutoff)
        return 0

    monkeypatch.setattr(target.replace(":", "."), applied)
    return seen


def _rule(app, owner: str, key: str) -> retention.Rule:
    with app.app_context():
        return next(r for r in retention.rules() if (r.owner, r.retention.key) == (owner, key))


def test_the_job_is_a_platform_job_and_runs_every_modules_rules(clocked, monkeypatch):
    app = clocked()
    assert "platform-retention" in jobs(app)
    with app.app_context():
        found = {(rule.owner, rule.retention.key) for rule in retention.rules()}
    registry = app.extensions["eservices.modules"]
    declared = {(m.id, r.key) for m in registry.enabled.values()
                if m.personal_data for r in m.personal_data.retention}
    assert declared and declared <= found
    assert {("platform", "notifications"), ("platform", "accounts"),
            ("platform", "sessions")} <= found
    rule = _rule(app, "accessibility_report", "contact")
    seen = _spy(monkeypatch, rule.retention.apply)
    result = app.test_cli_runner().invoke(args=["eservices", "run-job", "platform-retention"])
    assert result.exit_code == 0, result.output
    assert seen == [NOW - timedelta(days=rule.retention.days)]


def test_an_operator_override_changes_the_days(clocked, monkeypatch):
    app = clocked(environ={"ACCESSIBILITY_REPORT_RETENTION_CONTACT_DAYS": "7"})
    rule = _rule(app, "accessibility_report", "contact")
    assert rule.days == 7 and rule.setting == "ACCESSIBILITY_REPORT_RETENTION_CONTACT_DAYS"
    seen = _spy(monkeypatch, rule.retention.apply)
    with app.app_context():
        retention.run()
    assert seen == [NOW - timedelta(days=7)]


@pytest.mark.parametrize("bad", ["seven", "0", "-5", "1.5", " "])
def test_a_bad_override_keeps_the_default_and_is_logged(clocked, monkeypatch, caplog, bad):
    app = clocked(environ={"ACCESSIBILITY_REPORT_RETENTION_CONTACT_DAYS": bad})
    with caplog.at_level(logging.WARNING, logger="eservices.my_pages.retention"):
        rule = _rule(app, "accessibility_report", "contact")
    assert rule.days == rule.retention.days
    if bad.strip():
        assert "ACCESSIBILITY_REPORT_RETENTION_CONTACT_DAYS" in caplog.text


def test_a_failing_rule_is_logged_and_the_others_still_run(clocked, monkeypatch, caplog):
    app = clocked()
    first = _rule(app, "accessibility_report", "contact")
    later = _rule(app, "textile_reuse", "bookings")

    def broken(cutoff):
        raise RuntimeError("disk full")

    monkeypatch.setattr(first.retention.apply.replace(":", "."), broken)
    seen = _spy(monkeypatch, later.retention.apply)
    with caplog.at_level(logging.ERROR), app.app_context():
        retention.run()
    assert "retention accessibility_report.contact failed" in caplog.text
    assert len(seen) == 1


def test_the_platform_blanks_old_messages_and_deletes_idle_accounts(clocked):
    app = clocked(NOTIFICATION_RETENTION_DAYS=30, RESIDENT_ACCOUNT_RETENTION_DAYS=365)
    client = app.test_client()
    idle = sign_in_resident(client, personal_number="198112189876", name="Gammal Invånare")
    active = sign_in_resident(client, personal_number="191212121212")
    with app.app_context():
        db.session.get(ResidentAccount, idle).last_sign_in_at = NOW - timedelta(days=366)
        db.session.get(ResidentAccount, active).last_sign_in_at = NOW - timedelta(days=364)
        old = message(PHONE, "Gammalt", created_at=NOW - timedelta(days=31))
        new = message(PHONE, "Nytt", created_at=NOW - timedelta(days=29))
        db.session.commit()
        retention.run()
        retention.run()  # twice is safe
        assert db.session.get(ResidentAccount, idle) is None
        assert db.session.get(ResidentAccount, active) is not None
        assert db.session.get(Notification, old).body == ""
        assert db.session.get(Notification, old).status == "delivered"
        assert db.session.get(Notification, new).body == "Nytt"
        events = db.session.scalars(select(AuditEvent).where(
            AuditEvent.action == "retention_applied")).all()
        counted = {(e.module_id, e.subject): e.details["rows"] for e in events}
        assert counted[("platform", "notifications")] == 1
        assert counted[("platform", "accounts")] == 1


def test_the_readme_lists_every_retention_default():
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import retention_table
    finally:
        sys.path.remove(str(ROOT / "tools"))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert retention_table.table() in readme, "run python tools/retention_table.py"
