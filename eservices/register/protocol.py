"""The port: what every waste-register adapter answers, whatever system is behind it.

The platform picks one adapter (the ``WASTE_REGISTER`` setting) and modules reach it
only through ``tk.waste_register()``. Reads take the day they ask about, because the
register holds dated changes: "the plan in force on day D" is the base plan with every
scheduled change effective by D, and nothing is applied before its date. Writes join
the caller's transaction (the demo register's tables are in the same database); an
adapter to a remote system queues them and says so in its documentation.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Protocol, runtime_checkable

from .types import (
    Collection,
    CollectionOutcome,
    ContainerChange,
    Customer,
    HolidayShift,
    PickUpPrices,
    Property,
    ScheduledChange,
    Subscription,
    SubscriptionChange,
)


class RegisterError(ValueError):
    """A write the register refuses (an unknown customer, a change already in force)."""


@runtime_checkable
class WasteRegister(Protocol):
    # -- addresses, properties, customers --------------------------------------------
    def search_properties(self, text: str, limit: int = 20) -> Sequence[Property]:
        """Properties whose street address or designation starts with ``text``."""

    def property(self, designation: str) -> Property | None: ...

    def property_at(self, street_address: str, postal_code: str = "") -> Property | None:
        """The property at a street address ("Storgatan 1"), in a postal code if given."""

    def customer(self, customer_number: str) -> Customer | None: ...

    def customers_by_identity(self, identity_number: str) -> Sequence[Customer]:
        """Customers with this personnummer or organisation number (12 digits)."""

    def customer_numbers(self) -> Sequence[str]:
        """Every customer number, in order (reports, consistency checks)."""

    def lock_customer(self, customer_number: str) -> None:
        """Hold the customer's entry until the caller's transaction ends: a second writer
        waits, so "unchanged since the quote" checked under it stays true until commit."""

    # -- subscriptions and containers, as in force on a day ---------------------------
    def subscription(self, customer_number: str, on: date) -> Subscription | None:
        """The customer's subscription in force on ``on`` (scheduled changes applied)."""

    def subscriptions_at(self, designation: str, on: date) -> Sequence[Subscription]:
        """Every subscription at a property (a shared bin: the households' own)."""

    def collections(self, designation: str, start: date, end: date) -> Sequence[Collection]:
        """Every container's collections at a property in [start, end]: the plan in force
        on each date, its route day and frequency, confirmed holiday shifts applied."""

    # -- dated changes ---------------------------------------------------------------
    def schedule_change(self, customer_number: str,
                        change: SubscriptionChange | ContainerChange,
                        effective_date: date, reference: str = "") -> ScheduledChange:
        """Record a change to take effect on ``effective_date``; ``RegisterError`` if the
        customer is unknown. Scheduling the same reference again returns the first."""

    def cancel_change(self, change_id: str) -> ScheduledChange:
        """Cancel a change not yet in force (``RegisterError`` once it is)."""

    def scheduled_changes(self, customer_number: str,
                          after: date | None = None) -> Sequence[ScheduledChange]:
        """The customer's scheduled (not cancelled) changes, effective after ``after``."""

    # -- holiday shifts --------------------------------------------------------------
    def holiday_shifts(self, start: date, end: date,
                       include_proposed: bool = False) -> Sequence[HolidayShift]:
        """Shifts of planned dates in [start, end]; only confirmed ones move collections."""

    def save_holiday_shift(self, shift: HolidayShift) -> HolidayShift:
        """Confirm (or propose, or edit) the shift of ``shift.original_date``."""

    def remove_holiday_shift(self, original_date: date) -> None: ...

    # -- what the crews recorded -----------------------------------------------------
    def record_outcome(self, outcome: CollectionOutcome) -> CollectionOutcome:
        """Record a container's outcome on a day; the latest record for it wins."""

    def outcomes(self, designation: str, start: date, end: date) -> Sequence[CollectionOutcome]:
        """The recorded outcomes of a property's containers in [start, end]."""

    # -- the tariff's prices of what residents book ----------------------------------
    def pick_up_prices(self) -> PickUpPrices:
        """Extra emptying per container size, bulky waste per visit and item."""
