"""The demo register through the port: one data set, dated changes, shifts, outcomes."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from eservices import toolkit as tk
from eservices.clock import ControlledClock

reg = tk.register
NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)


@pytest.fixture
def app(make_app):
    app = make_app()
    app.extensions["eservices.clock"] = ControlledClock(NOW)
    with app.app_context():
        from services.waste_register.demo import load_demo

        load_demo()
    return app


def test_the_demo_register_is_the_households_of_both_services(app):
    with app.app_context():
        register = tk.waste_register()
        assert isinstance(register, tk.WasteRegister)
        assert len(register.customer_numbers()) == 300
        anna = register.subscription("100001", date(2026, 12, 1))
        assert anna.customer.name == "Anna Andersson"
        assert anna.property.street_address == "Storgatan 1"
        assert [(c.fraction, c.litres, c.frequency) for c in anna.containers] == [
            ("restavfall", 190, "every_2_weeks"), ("matavfall", 140, "every_2_weeks")]
        assert [c.customer_number for c in register.customers_by_identity(
            "19121212-1212")] == ["100001"]
        assert register.customers_by_identity("1912121212") == []  # ten digits: not a key
        assert register.property_at("storgatan 1", "931 31").designation == "Exempelby 3:14"
        sam = register.subscription("100006", date(2026, 12, 1))
        assert {c.fraction: len(c.compartments) for c in sam.containers} == {
            "fyrfack_1": 4, "fyrfack_2": 4}


def test_storgatan_1_is_collected_every_other_monday(app):
    with app.app_context():
        found = tk.waste_register().collections("Exempelby 3:14", date(2027, 2, 1),
                                                date(2027, 2, 28))
        assert [(c.date, c.fraction) for c in found] == [
            (date(2027, 2, 1), "restavfall"), (date(2027, 2, 1), "matavfall"),
            (date(2027, 2, 15), "restavfall"), (date(2027, 2, 15), "matavfall")]


def test_a_scheduled_change_is_in_force_from_its_date_and_not_before(app):
    bigger = reg.SubscriptionChange((reg.ContainerSpec("restavfall", 240),
                                     reg.ContainerSpec("matavfall", 140)), "weekly")
    with app.app_context():
        register = tk.waste_register()
        change = register.schedule_change("100001", bigger, date(2026, 12, 15), "WS-TEST-1")
        tk.db.session.commit()
        assert register.schedule_change("100001", bigger, date(2026, 12, 15),
                                        "WS-TEST-1") == change  # the same reference: once
        before = register.subscription("100001", date(2026, 12, 14))
        after = register.subscription("100001", date(2026, 12, 15))
        assert (before.frequency, before.containers[0].litres) == ("every_2_weeks", 190)
        assert (after.frequency, after.containers[0].litres) == ("weekly", 240)
        mondays = [c.date for c in register.collections("Exempelby 3:14", date(2026, 12, 1),
                                                        date(2027, 1, 10))
                   if c.fraction == "restavfall"]
        # odd weeks until the 14th (week 51), then every Monday
        assert mondays == [date(2026, 12, 14), date(2026, 12, 21), date(2026, 12, 28),
                           date(2027, 1, 4)]
        assert [c.change_id for c in register.scheduled_changes("100001", after=NOW.date())
                ] == [change.change_id]


def test_cancelling_before_the_date_restores_nothing_because_nothing_was_applied(app):
    change = reg.ContainerChange("100001-restavfall", litres=370)
    with app.app_context():
        register = tk.waste_register()
        scheduled = register.schedule_change("100001", change, date(2026, 12, 15))
        tk.db.session.commit()
        cancelled = register.cancel_change(scheduled.change_id)
        tk.db.session.commit()
        assert cancelled.status == "cancelled"
        assert register.subscription("100001", date(2027, 1, 1)).containers[0].litres == 190
        in_force = register.schedule_change("100001", change, date(2026, 12, 1))
        with pytest.raises(tk.RegisterError, match="already in force"):
            register.cancel_change(in_force.change_id)
        with pytest.raises(tk.RegisterError, match="no customer"):
            register.schedule_change("999999", change, date(2026, 12, 15))


def test_easter_monday_is_proposed_and_moves_collections_only_once_confirmed(app):
    with app.app_context():
        register = tk.waste_register()
        easter = [c for c in register.collections("Exempelby 3:14", date(2027, 3, 29),
                                                  date(2027, 3, 30))]
        assert {c.date for c in easter} == {date(2027, 3, 29)}  # planned, no shift yet
        proposal = {p.original_date: p for p in reg.proposed_shifts(2027)}[date(2027, 3, 29)]
        register.save_holiday_shift(proposal)  # proposed: recorded, moves nothing
        assert {c.date for c in register.collections("Exempelby 3:14", date(2027, 3, 29),
                                                     date(2027, 3, 30))} == {date(2027, 3, 29)}
        register.save_holiday_shift(reg.HolidayShift(proposal.original_date,
                                                     proposal.new_date, proposal.note))
        moved = register.collections("Exempelby 3:14", date(2027, 3, 29), date(2027, 3, 30))
        assert {(c.date, c.planned_date) for c in moved} == {(date(2027, 3, 30),
                                                              date(2027, 3, 29))}
        with pytest.raises(tk.RegisterError):
            register.save_holiday_shift(reg.HolidayShift(date(2027, 3, 29), date(2027, 5, 29)))


def test_a_crews_outcome_is_recorded_once_per_container_and_day(app):
    with app.app_context():
        register = tk.waste_register()
        day = date(2026, 12, 7)
        register.record_outcome(reg.CollectionOutcome("100001-restavfall", day, "emptied"))
        register.record_outcome(reg.CollectionOutcome("100001-restavfall", day, "skipped",
                                                      "blocked_access", "EX-MAN"))
        tk.db.session.commit()
        [outcome] = register.outcomes("Exempelby 3:14", day, day)
        assert (outcome.outcome, outcome.reason) == ("skipped", "blocked_access")
        with pytest.raises(tk.RegisterError, match="skip reason"):
            register.record_outcome(reg.CollectionOutcome("100001-restavfall", day,
                                                          "skipped", "late"))
