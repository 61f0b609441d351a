"""Collection dates: week patterns across a 53-week year, seasons, holiday shifts, merging."""

from __future__ import annotations

from datetime import date, time

from eservices.db import db
from services.collection_alerts.models import Route, RouteStop
from services.collection_alerts.schedule import (
    Collection,
    collection_dates,
    fraction_label,
    fractions_label,
    holiday_shifts,
    route_days_on,
    upcoming_for_address,
)

from .conftest import add_shift

NO_SHIFTS: dict[date, date] = {}
WINTER = (date(2026, 12, 1), date(2027, 1, 31))


def route(weekday: int = 0, cycle: int = 1, offset: int = 0,
          season: tuple[str, str] | None = None) -> Route:
    return Route(code="X", name="X", weekday=weekday, week_cycle=cycle, week_offset=offset,
                 season_start=season[0] if season else None,
                 season_end=season[1] if season else None, start_time=time(7))


def weeks(dates: list[date]) -> list[int]:
    return [d.isocalendar().week for d in dates]


def test_2026_has_53_iso_weeks():
    assert date(2026, 12, 28).isocalendar()[:2] == (2026, 53)
    assert date(2027, 1, 4).isocalendar()[:2] == (2027, 1)


def test_weekly_collects_every_monday_across_week_53():
    dates = collection_dates(route(), *WINTER, NO_SHIFTS)
    assert dates == [date(2026, 12, 7), date(2026, 12, 14), date(2026, 12, 21),
                     date(2026, 12, 28), date(2027, 1, 4), date(2027, 1, 11),
                     date(2027, 1, 18), date(2027, 1, 25)]
    assert weeks(dates) == [50, 51, 52, 53, 1, 2, 3, 4]


def test_odd_weeks_meet_twice_in_a_row_at_the_year_end():
    dates = collection_dates(route(cycle=2, offset=1), *WINTER, NO_SHIFTS)
    # Week 53 and week 1 of the next year are both odd: two Mondays in a row.
    assert dates == [date(2026, 12, 14), date(2026, 12, 28), date(2027, 1, 4),
                     date(2027, 1, 18)]
    assert weeks(dates) == [51, 53, 1, 3]


def test_even_weeks_leave_a_three_week_gap_at_the_year_end():
    dates = collection_dates(route(cycle=2, offset=0), *WINTER, NO_SHIFTS)
    assert dates == [date(2026, 12, 7), date(2026, 12, 21), date(2027, 1, 11),
                     date(2027, 1, 25)]
    assert weeks(dates) == [50, 52, 2, 4]


def test_every_fourth_week_by_iso_week_number():
    dates = collection_dates(route(weekday=4, cycle=4, offset=0), date(2026, 10, 1),
                             date(2027, 3, 1), NO_SHIFTS)
    assert weeks(dates) == [40, 44, 48, 52, 4, 8]
    assert all(d.weekday() == 4 for d in dates)
    assert date(2026, 12, 25) in dates  # Christmas Day is a planned Friday


def test_range_ends_are_included():
    assert collection_dates(route(), date(2026, 12, 7), date(2026, 12, 7), NO_SHIFTS) == [
        date(2026, 12, 7)]
    assert collection_dates(route(), date(2026, 12, 8), date(2026, 12, 13), NO_SHIFTS) == []


def test_season_includes_both_ends():
    summer = route(weekday=3, season=("05-01", "09-30"))  # Thursdays
    dates = collection_dates(summer, date(2027, 4, 1), date(2027, 10, 31), NO_SHIFTS)
    assert dates[0] == date(2027, 5, 6) and dates[-1] == date(2027, 9, 30)
    # 2026: 1 May is a Friday; a Friday route starts on the first day of the season.
    friday = route(weekday=4, season=("05-01", "09-30"))
    dates = collection_dates(friday, date(2026, 4, 1), date(2026, 10, 31), NO_SHIFTS)
    assert dates[0] == date(2026, 5, 1) and dates[-1] == date(2026, 9, 25)


def test_season_may_wrap_the_new_year():
    winter = route(season=("10-01", "04-30"))
    dates = collection_dates(winter, date(2026, 1, 1), date(2026, 12, 31), NO_SHIFTS)
    assert date(2026, 4, 27) in dates and date(2026, 10, 5) in dates
    assert not [d for d in dates if date(2026, 5, 1) <= d <= date(2026, 9, 30)]
    assert dates[0] == date(2026, 1, 5) and dates[-1] == date(2026, 12, 28)


def test_holiday_shift_moves_christmas_friday_to_monday_once():
    friday = route(weekday=4)
    shifts = {date(2026, 12, 25): date(2026, 12, 28)}
    dates = collection_dates(friday, date(2026, 12, 14), date(2027, 1, 10), shifts)
    assert dates == [date(2026, 12, 18), date(2026, 12, 28), date(2027, 1, 1),
                     date(2027, 1, 8)]
    assert date(2026, 12, 25) not in dates


def test_a_shift_into_or_out_of_the_range_counts_where_it_lands():
    friday = route(weekday=4)
    shifts = {date(2026, 12, 25): date(2026, 12, 28)}
    # Planned before the range, collected inside it:
    assert collection_dates(friday, date(2026, 12, 26), date(2026, 12, 31), shifts) == [
        date(2026, 12, 28)]
    # Planned inside the range, collected after it:
    assert collection_dates(friday, date(2026, 12, 21), date(2026, 12, 27), shifts) == []


def test_a_shift_onto_a_planned_day_of_the_same_route_counts_once():
    monday = route()
    shifts = {date(2026, 12, 21): date(2026, 12, 28)}  # moved onto the next collection day
    dates = collection_dates(monday, date(2026, 12, 14), date(2027, 1, 4), shifts)
    assert dates == [date(2026, 12, 14), date(2026, 12, 28), date(2027, 1, 4)]


def test_the_season_is_judged_on_the_planned_date():
    summer = route(weekday=3, season=("05-01", "09-30"))
    shifts = {date(2027, 9, 30): date(2027, 10, 1)}
    dates = collection_dates(summer, date(2027, 9, 1), date(2027, 10, 31), shifts)
    assert dates[-1] == date(2027, 10, 1)


def test_fraction_labels(app):
    """Names come from the module's catalogue, outside a request too (jobs send them)."""
    with app.app_context():
        assert fraction_label("matavfall", "sv") == "Matavfall"
        assert fraction_label("matavfall", "en") == "Food waste"
        assert fraction_label("tradgardsavfall", "en-GB") == "Garden waste"
        assert fraction_label("restavfall", "de") == "Restavfall"
        assert fraction_label("glas", "en") == "glas"
        assert fractions_label(["restavfall", "matavfall"], "en") == "Residual waste, Food waste"


def test_upcoming_for_address_uses_the_shifts_on_record(app, network):
    with app.app_context():
        assert holiday_shifts() == {date(2026, 12, 25): date(2026, 12, 28)}
        upcoming = upcoming_for_address(network.r1_addresses[0], date(2026, 11, 30), days=14)
        assert upcoming == [
            Collection(date(2026, 11, 30), ("restavfall", "matavfall"), "R1"),
            Collection(date(2026, 12, 7), ("restavfall", "matavfall"), "R1")]
        assert len(upcoming_for_address(network.r1_addresses[0], date(2026, 11, 30))) == 14
        # R2 is a summer route: nothing in the default 92 days from 30 November.
        assert upcoming_for_address(network.r2_addresses[0], date(2026, 11, 30)) == []


def test_upcoming_for_address_merges_routes_and_marks_shifts(app, network):
    with app.app_context():
        garden = Route(code="G1", name="Trädgård fredag", weekday=4, week_cycle=1,
                       week_offset=0, start_time=time(7))
        db.session.add(garden)
        db.session.flush()
        db.session.add_all([
            RouteStop(route_id=garden.id, position=1, address_id=network.r1_addresses[0],
                      fractions=["tradgardsavfall"], planned_offset_minutes=0),
            # A second stop of one route at the same address adds its fractions.
            RouteStop(route_id=garden.id, position=2, address_id=network.r1_addresses[0],
                      fractions=["tradgardsavfall", "restavfall"],
                      planned_offset_minutes=2)])
        db.session.commit()
        upcoming = upcoming_for_address(network.r1_addresses[0], date(2026, 12, 21), days=8)
        assert upcoming == [
            Collection(date(2026, 12, 21), ("restavfall", "matavfall"), "R1"),
            Collection(date(2026, 12, 28), ("tradgardsavfall", "restavfall"), "G1",
                       shifted_from=date(2026, 12, 25)),
            Collection(date(2026, 12, 28), ("restavfall", "matavfall"), "R1")]


def test_route_days_on(app, network):
    with app.app_context():
        assert [r.code for r in route_days_on(date(2026, 11, 30))] == ["R1"]
        assert route_days_on(date(2026, 12, 3)) == []  # R2 is out of season
        assert [r.code for r in route_days_on(date(2027, 7, 8))] == ["R2"]  # week 27: odd
        assert route_days_on(date(2027, 7, 15)) == []  # week 28
        add_shift(date(2026, 12, 7), date(2026, 12, 8), "Test")
        db.session.commit()
        assert route_days_on(date(2026, 12, 7)) == []
        assert [r.code for r in route_days_on(date(2026, 12, 8))] == ["R1"]
