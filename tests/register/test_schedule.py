"""The dates rule every adapter shares, and the holiday-shift proposals (no database)."""

from datetime import date, timedelta

import pytest

from eservices import toolkit as tk

reg = tk.register
MONDAY_ODD = reg.CollectionDay("EX-MAN", 0, week_offset=1)


def _container(frequency="every_2_weeks", compartments=(), day=MONDAY_ODD, **kw):
    return reg.Container("100001-restavfall", "Exempelby 3:14", "100001", "restavfall", 190,
                         frequency, day, compartments, **kw)


def test_every_other_week_is_every_other_week_in_odd_iso_weeks():
    dates = [c.date for c in reg.container_collections(
        _container(), date(2027, 2, 1), date(2027, 3, 31), {})]
    assert dates == [date(2027, 2, 1) + timedelta(weeks=2 * n) for n in range(5)]
    assert all(d.isocalendar().week % 2 == 1 for d in dates)


def test_a_fyrfack_bins_compartments_follow_their_own_frequencies():
    bin_ = _container(compartments=(reg.Compartment("matavfall", "every_2_weeks"),
                                    reg.Compartment("tidningar", "every_4_weeks")))
    found = reg.container_collections(bin_, date(2027, 1, 4), date(2027, 2, 28), {})
    by_day = {c.date: c.fractions for c in found}
    assert by_day == {date(2027, 1, 4): ("matavfall", "tidningar"),  # weeks 1 and 5
                      date(2027, 1, 18): ("matavfall",),
                      date(2027, 2, 1): ("matavfall", "tidningar"),
                      date(2027, 2, 15): ("matavfall",)}


def test_a_pause_and_a_season_leave_collections_out():
    summer = reg.CollectionDay("SJO-SOM", 3, 0, ("05-01", "09-30"))
    dates = [c.date for c in reg.container_collections(
        _container("weekly", day=summer, paused_from=date(2027, 6, 1),
                   paused_to=date(2027, 8, 31)), date(2027, 1, 1), date(2027, 12, 31), {})]
    assert dates[0] == date(2027, 5, 6) and dates[-1] == date(2027, 9, 30)
    assert not [d for d in dates if date(2027, 6, 1) <= d <= date(2027, 8, 31)]


def test_a_shift_moves_the_collection_and_says_from_where():
    shifted = reg.container_collections(_container(), date(2027, 3, 22), date(2027, 4, 4),
                                        {date(2027, 3, 29): date(2027, 3, 30)})
    assert [(c.date, c.planned_date) for c in shifted] == [(date(2027, 3, 30),
                                                            date(2027, 3, 29))]


def test_an_unknown_frequency_is_refused_plainly():
    with pytest.raises(ValueError, match="unknown collection frequency 'daily'"):
        reg.container_collections(_container("daily"), date(2027, 1, 1), date(2027, 1, 31), {})


def test_easter_monday_2027_is_proposed_to_move_to_the_tuesday():
    proposals = {p.original_date: p for p in reg.proposed_shifts(2027)}
    easter_monday = proposals[date(2027, 3, 29)]
    assert (easter_monday.new_date, easter_monday.note, easter_monday.status) == (
        date(2027, 3, 30), "Annandag påsk", "proposed")
    assert proposals[date(2027, 5, 6)].new_date == date(2027, 5, 7)  # Ascension Day
    assert proposals[date(2027, 6, 25)].new_date == date(2027, 6, 24)  # Midsummer Eve: before
    assert proposals[date(2027, 12, 24)].new_date == date(2027, 12, 23)
    assert proposals[date(2027, 12, 31)].new_date == date(2027, 12, 30)
    assert all(p.original_date.weekday() < 5 and p.new_date.weekday() < 5
               for p in proposals.values())
    national_day_2028 = {p.original_date: p for p in reg.proposed_shifts(2028)}[date(2028, 6, 6)]
    assert national_day_2028.new_date == date(2028, 6, 7)
