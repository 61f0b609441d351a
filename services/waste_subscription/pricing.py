"""What a subscription costs, and what a change costs for the rest of the year.

A resident decides on a change by its price, and the case keeps the quote the resident
was shown, so the numbers must be exact and reproducible: money is ``Decimal`` and is
rounded to whole öre (half up) only in the figures that are shown, never in between.
The tariff prices are per year; a part of a year costs its share of the days of that
calendar year (365 or 366), and days when collection is paused cost no container fees.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from .plan import Pause, Plan
from .tariff import Tariff

ORE = Decimal("0.01")


class PricingError(ValueError):
    """The plan has a bin the tariff has no price for; check it with ``rules`` first."""


def to_ore(amount: Decimal) -> Decimal:
    return amount.quantize(ORE, rounding=ROUND_HALF_UP)


def _days_in_year(year: int) -> int:
    return (date(year + 1, 1, 1) - date(year, 1, 1)).days


def _container_part(tariff: Tariff, plan: Plan) -> Decimal:
    """The yearly container fees of ``plan``, after the discount for a shared bin."""
    total = Decimal(0)
    for item in plan.bins:
        price = tariff.price(item.container, item.litres, plan.frequency)
        if price is None:
            raise PricingError(f"no price for {item.container} {item.litres} litres "
                               f"emptied {plan.frequency}")
        total += price
    return total * tariff.sharing.price_share if plan.shared_with else total


def annual_fee(tariff: Tariff, plan: Plan) -> Decimal:
    """The yearly fee of ``plan``, base fee included, in kronor to the öre; pauses aside."""
    return to_ore(tariff.base_fee + _container_part(tariff, plan))


def _overlap(start: date, end: date, pause: Pause | None) -> int:
    if pause is None:
        return 0
    first, last = max(start, pause.start), min(end, pause.end)
    return max((last - first).days + 1, 0)


def _period_cost(tariff: Tariff, plan: Plan, start: date, end: date) -> Decimal:
    if end < start:
        raise ValueError("the period ends before it starts")
    containers = _container_part(tariff, plan)
    total = Decimal(0)
    for year in range(start.year, end.year + 1):
        # the part of the period in this calendar year, priced with its own year length
        first, last = max(start, date(year, 1, 1)), min(end, date(year, 12, 31))
        days = (last - first).days + 1
        billed = days - _overlap(first, last, plan.pause)
        total += (tariff.base_fee * days + containers * billed) / _days_in_year(year)
    return total


def period_cost(tariff: Tariff, plan: Plan, start: date, end: date) -> Decimal:
    """What ``plan`` costs from ``start`` to ``end``, both inclusive, to the öre.

    The base fee is charged for every day; the container fees for every day that is not
    in ``plan.pause``. A period over New Year is priced with this tariff in both years.
    """
    return to_ore(_period_cost(tariff, plan, start, end))


@dataclass(frozen=True)
class PriceQuote:
    """The price of a change as the resident is shown it, and as the case keeps it."""

    current_annual: Decimal
    new_annual: Decimal
    annual_difference: Decimal  # positive when the change costs more
    effective_date: date
    period_end: date  # 31 December of the year the change takes effect
    days_remaining: int  # from the effective date to period_end, both included
    rest_of_year_difference: Decimal
    change_fee: Decimal
    total_due_this_year: Decimal  # rest_of_year_difference + change_fee; negative: refund

    def to_json(self) -> dict[str, Any]:
        return {key: (value.isoformat() if isinstance(value, date)
                      else str(value) if isinstance(value, Decimal) else value)
                for key, value in asdict(self).items()}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PriceQuote:
        return cls(
            current_annual=Decimal(data["current_annual"]),
            new_annual=Decimal(data["new_annual"]),
            annual_difference=Decimal(data["annual_difference"]),
            effective_date=date.fromisoformat(data["effective_date"]),
            period_end=date.fromisoformat(data["period_end"]),
            days_remaining=int(data["days_remaining"]),
            rest_of_year_difference=Decimal(data["rest_of_year_difference"]),
            change_fee=Decimal(data["change_fee"]),
            total_due_this_year=Decimal(data["total_due_this_year"]),
        )


def quote(tariff: Tariff, current: Plan, proposed: Plan, effective_date: date,
          charge_change_fee: bool = True) -> PriceQuote:
    """The price of going from ``current`` to ``proposed`` on ``effective_date``.

    The rest-of-year difference compares both plans, pauses included, from the effective
    date to the end of that year; the change fee is charged once per request.
    """
    period_end = date(effective_date.year, 12, 31)
    current_annual = tariff.base_fee + _container_part(tariff, current)
    new_annual = tariff.base_fee + _container_part(tariff, proposed)
    rest = (_period_cost(tariff, proposed, effective_date, period_end)
            - _period_cost(tariff, current, effective_date, period_end))
    fee = tariff.change_fee if charge_change_fee else Decimal(0)
    return PriceQuote(
        current_annual=to_ore(current_annual),
        new_annual=to_ore(new_annual),
        annual_difference=to_ore(new_annual - current_annual),
        effective_date=effective_date,
        period_end=period_end,
        days_remaining=(period_end - effective_date).days + 1,
        rest_of_year_difference=to_ore(rest),
        change_fee=to_ore(fee),
        total_due_this_year=to_ore(rest + fee),
    )

