"""The toolkit's door into the journey builder for other modules: start a draft under a
free address, read its stage and test rounds, hear when its stage moves; and the staff
a module may assign work to."""

from __future__ import annotations

from sqlalchemy import select

from eservices import toolkit as tk
from eservices.db import db
from eservices.designer import lifecycle
from eservices.designer.models import Participant
from eservices.designer.models import TestRound as Round
from eservices.journeys import store
from eservices.journeys.models import JourneyRecord
from eservices.staff.models import AuditEvent


def test_a_draft_is_named_in_every_language_under_a_free_address(app):
    with app.test_request_context():
        first = tk.start_built_journey(name="Låna cykel på biblioteket!", slug_hint=
                                       "Låna cykel på biblioteket!", by="coach")
        second = tk.start_built_journey(name={"sv": "Låna cykel", "en": "Borrow a bike"},
                                        slug_hint="Låna cykel på biblioteket!", by="coach")
        db.session.commit()
        records = {r.module_id: r for r in db.session.scalars(select(JourneyRecord))}
        assert first == "lana_cykel_pa_biblioteket"
        assert second == "lana_cykel_pa_biblioteket_2"
        assert records[second].slug == "lana-cykel-pa-biblioteket-2"
        assert store.draft_of(records[first]).name == {"sv": "Låna cykel på biblioteket!",
                                                       "en": "Låna cykel på biblioteket!"}
        assert store.draft_of(records[second]).name["en"] == "Borrow a bike"
        assert records[first].created_by == "coach"
        assert db.session.scalar(select(AuditEvent.action).where(
            AuditEvent.subject == "lana-cykel-pa-biblioteket")) == "journey_created"


def test_an_address_the_platform_uses_or_too_short_is_never_taken(app):
    with app.test_request_context():
        staff = tk.start_built_journey(name="Staff", slug_hint="staff", by="coach")
        tiny = tk.start_built_journey(name="Ö", slug_hint="Ö", by="coach")
        long = tk.start_built_journey(name="x", slug_hint="a" * 80, by="coach")
        assert staff != "staff" and staff.startswith("staff")
        assert len(tiny) >= 3 and len(long) <= 40


def test_summary_stage_and_test_rounds_of_a_draft(app):
    with app.test_request_context():
        module_id = tk.start_built_journey(name="Cykel", slug_hint="cykel-lan", by="coach")
        found = tk.built_journey(module_id)
        assert found.slug == "cykel-lan" and found.stage == "idea"
        assert found.resident_url is None and found.editor_url is None  # no staff session
        assert tk.built_journey("nothing_here") is None
        assert tk.module_stage(module_id) == "idea"
        assert tk.module_stage("accessibility_report") == "live"
        older = Round(module_id=module_id, name="Runda 1", code="AAA111", created_by="d")
        newer = Round(module_id=module_id, name="Runda 2", code="BBB222", created_by="d",
                          version_number=1)
        db.session.add_all([older, newer])
        db.session.flush()
        newer.created_at = older.created_at.replace(year=older.created_at.year + 1)
        db.session.add_all([Participant(round_id=newer.id, number=n) for n in (1, 2, 3)])
        db.session.commit()
        rounds = tk.test_rounds_of(module_id)
        assert [(r.name, r.participants, r.version_number) for r in rounds] == [
            ("Runda 2", 3, 1), ("Runda 1", 0, None)]
        assert tk.test_rounds_of("nothing_here") == []


def test_stage_moved_is_sent_inside_the_moving_transaction(app):
    heard = []

    def receiver(sender, **change):
        heard.append((sender, change))
        db.session.add(AuditEvent(actor_name="x", action="heard", subject=change["module_id"]))

    tk.stage_moved.connect(receiver)
    try:
        with app.test_request_context():
            lifecycle.move_id("cykel_lan", "idea", "prototype", "test", "designer")
            db.session.rollback()  # the receiver's write goes with the stage change
            assert tk.module_stage("cykel_lan") == "idea"
            assert db.session.scalar(select(AuditEvent).where(
                AuditEvent.action == "heard")) is None
            lifecycle.move_id("cykel_lan", "idea", "pilot", "test", "designer")
            db.session.commit()
            assert tk.module_stage("cykel_lan") == "pilot"
            assert db.session.scalar(select(AuditEvent.subject).where(
                AuditEvent.action == "heard")) == "cykel_lan"
    finally:
        tk.stage_moved.disconnect(receiver)
    assert heard[-1][0] is app
    assert heard[-1][1] == {"module_id": "cykel_lan", "from_stage": "idea",
                            "to_stage": "pilot", "changed_by": "designer"}


def test_staff_members_by_role_without_inactive_accounts(app, create_staff):
    create_staff("cilla", "idecoach")
    create_staff("bo", "handlaggare", "idecoach")
    create_staff("dan", "tjanstedesigner")
    create_staff("eva", "idecoach")
    with app.test_request_context():
        from eservices.staff.models import StaffUser

        db.session.scalar(select(StaffUser).where(StaffUser.username == "eva")).active = False
        db.session.commit()
        coaches = tk.staff_members(["idecoach"])
        assert [m.username for m in coaches] == ["bo", "cilla"]
        assert coaches[0].display_name == "Bo" and "handlaggare" in coaches[0].roles
        assert [m.username for m in tk.staff_members(["tjanstedesigner", "nobody"])] == ["dan"]
