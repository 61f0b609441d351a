"""Prices of the demo tariff, worked out by hand in the comments.

Demo tariff: base fee 1240 kr; restavfall 190 l every 2 weeks 1440, 240 l 1800, 240 l weekly
3600, 190 l every 4 weeks 820; matavfall 140 l every 2 weeks 420, weekly 780; fyrfack
every 2 weeks 2340 + 960; change fee 150; a shared bin costs half.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from services.waste_subscription.plan import Bin, Pause, Plan
from services.waste_subscription.pricing import (
    PriceQuote,
    PricingError,
    annual_fee,
    period_cost,
    quote,
    to_ore,
)
from services.waste_subscription.tariff import load_tariff

TARIFF = load_tariff()
STANDARD = Plan((Bin("restavfall", 190), Bin("matavfall", 140)), "every_2_weeks")
COMPOSTING = Plan((Bin("restavfall", 190),), "every_4_weeks", home_composting=True)
HOLIDAY_HOME = STANDARD.with_changes(holiday_home=True)


def kr(text: str) -> Decimal:
    return Decimal(text)


def test_annual_fees_of_the_demo_plans() -> None:
    assert annual_fee(TARIFF, STANDARD) == kr("3100.00")  # 1240 + 1440 + 420
    assert annual_fee(TARIFF, COMPOSTING) == kr("2060.00")  # 1240 + 820
    fyrfack = Plan((Bin("fyrfack_1", 370), Bin("fyrfack_2", 370)), "every_2_weeks")
    assert annual_fee(TARIFF, fyrfack) == kr("4540.00")  # 1240 + 2340 + 960
    shared = Plan((Bin("restavfall", 240), Bin("matavfall", 140)), "weekly", shared_with="1002")
    assert annual_fee(TARIFF, shared) == kr("3430.00")  # 1240 + (3600 + 780) * 0.5
    # a pause does not change the yearly fee, only what a period costs
    paused = HOLIDAY_HOME.with_changes(pause=Pause(date(2026, 6, 1), date(2026, 8, 30)))
    assert annual_fee(TARIFF, paused) == kr("3100.00")


def test_a_bin_without_a_price_cannot_be_priced() -> None:
    with pytest.raises(PricingError, match="matavfall 140 litres emptied every_4_weeks"):
        annual_fee(TARIFF, STANDARD.with_changes(frequency="every_4_weeks"))


def test_a_whole_year_costs_the_annual_fee_in_normal_and_leap_years() -> None:
    assert period_cost(TARIFF, STANDARD, date(2026, 1, 1), date(2026, 12, 31)) == kr("3100.00")
    assert period_cost(TARIFF, STANDARD, date(2028, 1, 1), date(2028, 12, 31)) == kr("3100.00")


def test_half_a_year_in_a_normal_and_a_leap_year() -> None:
    # 1 July - 31 December is 184 days in both years
    # 2026: 3100 * 184 / 365 = 570400 / 365 = 1562.7397... -> 1562.74
    assert period_cost(TARIFF, STANDARD, date(2026, 7, 1), date(2026, 12, 31)) == kr("1562.74")
    # 2028: 3100 * 184 / 366 = 570400 / 366 = 1558.4699... -> 1558.47
    assert period_cost(TARIFF, STANDARD, date(2028, 7, 1), date(2028, 12, 31)) == kr("1558.47")
    # 29 February 2028 is one day of a 366-day year: 3100 / 366 = 8.4699... -> 8.47
    assert period_cost(TARIFF, STANDARD, date(2028, 2, 29), date(2028, 2, 29)) == kr("8.47")


def test_a_period_over_new_year_is_split_per_year() -> None:
    # 1-31 Dec 2027: 3100 * 31 / 365 = 263.2876712...
    # 1-31 Jan 2028: 3100 * 31 / 366 = 262.5683060...
    # sum 525.8559772... -> 525.86
    assert period_cost(TARIFF, STANDARD, date(2027, 12, 1), date(2028, 1, 31)) == kr("525.86")


def test_a_pause_takes_away_the_container_fees_but_not_the_base_fee() -> None:
    plan = HOLIDAY_HOME.with_changes(pause=Pause(date(2026, 6, 1), date(2026, 8, 30)))  # 91 days
    # whole 2026: 1240 + 1860 * (365 - 91) / 365 = 1240 + 509640 / 365
    #           = 1240 + 1396.2739... = 2636.27
    assert period_cost(TARIFF, plan, date(2026, 1, 1), date(2026, 12, 31)) == kr("2636.27")
    # 1 July - 31 Dec (184 days), of which 1 July - 30 Aug (61 days) paused:
    # (1240 * 184 + 1860 * 123) / 365 = (228160 + 228780) / 365 = 456940 / 365 = 1251.8904...
    assert period_cost(TARIFF, plan, date(2026, 7, 1), date(2026, 12, 31)) == kr("1251.89")
    # a period entirely within the pause costs only the base fee: 1240 * 30 / 365 = 101.9178...
    assert period_cost(TARIFF, plan, date(2026, 6, 1), date(2026, 6, 30)) == kr("101.92")


def test_a_period_must_not_end_before_it_starts() -> None:
    with pytest.raises(ValueError, match="ends before it starts"):
        period_cost(TARIFF, STANDARD, date(2026, 7, 1), date(2026, 6, 30))


def test_quote_for_starting_home_composting_mid_year() -> None:
    q = quote(TARIFF, STANDARD, COMPOSTING, date(2026, 7, 1))
    assert q == PriceQuote(
        current_annual=kr("3100.00"),
        new_annual=kr("2060.00"),
        annual_difference=kr("-1040.00"),
        effective_date=date(2026, 7, 1),
        period_end=date(2026, 12, 31),
        days_remaining=184,
        # -1040 * 184 / 365 = -191360 / 365 = -524.2739... -> -524.27
        rest_of_year_difference=kr("-524.27"),
        change_fee=kr("150.00"),
        total_due_this_year=kr("-374.27"),  # -524.27 + 150: a refund
    )


def test_quote_for_a_bigger_bin_in_a_leap_year() -> None:
    bigger = STANDARD.with_changes(bins=(Bin("restavfall", 240), Bin("matavfall", 140)))
    q = quote(TARIFF, STANDARD, bigger, date(2028, 3, 1))
    assert q.annual_difference == kr("360.00")  # 1800 - 1440
    assert q.days_remaining == 306  # 366 - 31 (January) - 29 (February)
    # 360 * 306 / 366 = 110160 / 366 = 300.9836... -> 300.98
    assert q.rest_of_year_difference == kr("300.98")
    assert q.total_due_this_year == kr("450.98")
    free = quote(TARIFF, STANDARD, bigger, date(2028, 3, 1), charge_change_fee=False)
    assert (free.change_fee, free.total_due_this_year) == (kr("0.00"), kr("300.98"))


def test_quote_for_cancelling_a_pause() -> None:
    paused = HOLIDAY_HOME.with_changes(pause=Pause(date(2026, 10, 1), date(2026, 12, 31)))
    q = quote(TARIFF, paused, HOLIDAY_HOME, date(2026, 9, 1), charge_change_fee=False)
    assert q.annual_difference == kr("0.00")
    # the 92 paused days now cost container fees: 1860 * 92 / 365 = 171120 / 365 = 468.8219...
    assert q.rest_of_year_difference == kr("468.82")


def test_quote_for_sharing_a_bin_from_new_years_eve() -> None:
    shared = STANDARD.with_changes(shared_with="100002")
    q = quote(TARIFF, STANDARD, shared, date(2026, 12, 31))
    assert q.annual_difference == kr("-930.00")  # half of 1440 + 420
    assert q.days_remaining == 1
    # -930 / 365 = -2.5479... -> -2.55; with the change fee 147.45
    assert (q.rest_of_year_difference, q.total_due_this_year) == (kr("-2.55"), kr("147.45"))


def test_money_is_rounded_half_up_to_the_ore() -> None:
    assert to_ore(Decimal("2.675")) == kr("2.68")
    assert to_ore(Decimal("2.665")) == kr("2.67")
    assert to_ore(Decimal("-0.005")) == kr("-0.01")
    assert to_ore(Decimal("0.0049")) == kr("0.00")


def test_a_quote_survives_storage_as_json() -> None:
    q = quote(TARIFF, STANDARD, COMPOSTING, date(2026, 7, 1))
    data = q.to_json()
    assert data["effective_date"] == "2026-07-01"
    assert data["total_due_this_year"] == "-374.27"
    assert data["days_remaining"] == 184
    assert PriceQuote.from_json(data) == q
