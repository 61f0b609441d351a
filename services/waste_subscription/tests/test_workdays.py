"""Swedish working days around Midsommar, Christmas, New Year and Easter."""

from __future__ import annotations

from datetime import date

import pytest

from services.waste_subscription.tariff import load_tariff
from services.waste_subscription.workdays import (
    add_working_days,
    earliest_effective_date,
    holiday_name,
    holidays_in,
    is_working_day,
    working_days_between,
)


def test_midsommar_2026() -> None:
    assert is_working_day(date(2026, 6, 18))  # Thursday: work ends at 14.00, still a working day
    assert not is_working_day(date(2026, 6, 19))  # Friday: Midsommarafton
    assert not is_working_day(date(2026, 6, 20))  # Saturday: Midsommardagen
    assert is_working_day(date(2026, 6, 22))
    # from Wednesday 17 June: 18 June is the 1st, then Monday 22 June the 2nd
    assert add_working_days(date(2026, 6, 17), 2) == date(2026, 6, 22)
    assert holiday_name(date(2026, 6, 19)) == "Midsommarafton"
    assert holiday_name(date(2026, 6, 19), "en") == "Midsummer Eve"
    assert holiday_name(date(2026, 6, 18)) is None


def test_christmas_and_new_year_2026() -> None:
    assert is_working_day(date(2026, 12, 23))  # Dag före julafton, from 14.00 only
    for day in (date(2026, 12, 24), date(2026, 12, 25), date(2026, 12, 31),
                date(2027, 1, 1), date(2027, 1, 6)):  # Thu, Fri, Thu, Fri, Wed
        assert day.weekday() < 5
        assert not is_working_day(day), day
    assert not is_working_day(date(2026, 12, 26))  # Saturday and Annandag jul
    assert all(is_working_day(date(2026, 12, d)) for d in (28, 29, 30))
    # from 22 Dec: 23 (1), 28 (2), 29 (3), 30 (4), 4 Jan 2027 (5)
    assert add_working_days(date(2026, 12, 22), 5) == date(2027, 1, 4)
    # from 30 Dec: 4 Jan (1), 5 Jan (2), Trettondedag jul skipped, 7 Jan (3)
    assert add_working_days(date(2026, 12, 30), 3) == date(2027, 1, 7)


def test_easter_2027() -> None:
    assert is_working_day(date(2027, 3, 25))  # Skärtorsdagen, a half day
    assert not is_working_day(date(2027, 3, 26))  # Långfredagen
    assert not is_working_day(date(2027, 3, 29))  # Annandag påsk
    # from Wednesday 24 March: 25 March (1), then Tuesday 30 March (2)
    assert add_working_days(date(2027, 3, 24), 2) == date(2027, 3, 30)


def test_other_holidays_and_squeeze_days() -> None:
    assert not is_working_day(date(2026, 5, 1))  # Första maj, a Friday
    assert not is_working_day(date(2026, 5, 14))  # Kristi himmelsfärdsdag
    assert is_working_day(date(2026, 5, 15))  # the squeeze day after it is a working day
    assert is_working_day(date(2026, 4, 30))  # Valborgsmässoafton
    assert is_working_day(date(2027, 6, 7))  # no day off in lieu of a Sunday Nationaldag


def test_the_holiday_set_has_the_eves_and_no_half_days() -> None:
    found = holidays_in(2026)
    assert {date(2026, 6, 19), date(2026, 12, 24), date(2026, 12, 31)} <= found
    assert not {date(2026, 4, 2), date(2026, 4, 30), date(2026, 6, 18),
                date(2026, 12, 23), date(2026, 12, 30), date(2026, 5, 15)} & found
    assert len(found) == 16  # 13 public holidays, 3 eves (some on weekends)
    assert holidays_in(2026) is found  # cached


def test_add_working_days_from_a_friday() -> None:
    friday = date(2026, 3, 6)
    assert add_working_days(friday, 1) == date(2026, 3, 9)  # Monday
    assert add_working_days(friday, 5) == date(2026, 3, 13)
    assert add_working_days(friday, 10) == date(2026, 3, 20)  # two whole weeks on


def test_add_working_days_from_a_holiday_or_a_weekend() -> None:
    assert add_working_days(date(2026, 12, 25), 1) == date(2026, 12, 28)  # Juldagen, Friday
    assert add_working_days(date(2026, 6, 20), 1) == date(2026, 6, 22)  # Midsommardagen
    assert add_working_days(date(2026, 6, 19), 0) == date(2026, 6, 19)  # 0: the day itself


def test_add_working_days_refuses_negative_counts() -> None:
    with pytest.raises(ValueError, match="negative"):
        add_working_days(date(2026, 6, 1), -1)


def test_working_days_between_is_the_inverse() -> None:
    assert working_days_between(date(2026, 12, 18), date(2027, 1, 8)) == 10
    for start in (date(2026, 6, 12), date(2026, 12, 20), date(2027, 3, 20)):
        for n in (0, 1, 7, 10):
            assert working_days_between(start, add_working_days(start, n)) == n


def test_earliest_effective_date_with_the_demo_tariff() -> None:
    tariff = load_tariff()  # 10 working days
    # from Friday 18 Dec 2026: 21, 22, 23 (3), 28, 29, 30 (6), 4, 5 Jan (8), 7 (9), 8 Jan (10)
    assert earliest_effective_date(tariff, date(2026, 12, 18)) == date(2027, 1, 8)
    # from Friday 12 June 2026: 15-18 (4), Midsommarafton skipped, 22-26 (9), 29 June (10)
    assert earliest_effective_date(tariff, date(2026, 6, 12)) == date(2026, 6, 29)
    # an ordinary fortnight: from Monday 2 March to Monday 16 March
    assert earliest_effective_date(tariff, date(2026, 3, 2)) == date(2026, 3, 16)
