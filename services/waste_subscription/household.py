"""A household's subscription as this service reads it: from the waste register, on a day.

The register (``tk.waste_register()``) is the one source of customers, properties and
containers; this service keeps only its cases. ``Household`` gives the rest of the
module the register's subscription in the shape of its tariff rules (a ``Plan``),
and the changes already scheduled, so "your subscription today" is the plan in force
today and a new request starts from the plan in force once those changes have come.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from eservices import toolkit as tk

from .plan import Bin, Pause, Plan

reg = tk.register


@dataclass(frozen=True)
class Household:
    """One customer's subscription in force on ``on``, with what is scheduled after it."""

    subscription: reg.Subscription
    coming: tuple[reg.ScheduledChange, ...] = ()

    @property
    def id(self) -> str:
        """The key cases keep: the customer number (the register's key, EDP's too)."""
        return self.subscription.customer.customer_number

    @property
    def customer(self) -> reg.Customer:
        return self.subscription.customer

    @property
    def shared_with(self) -> str | None:
        return self.subscription.shared_with

    @property  # last: below it, "property" in this class is this attribute
    def property(self) -> reg.Property:
        return self.subscription.property

    def plan(self) -> Plan:
        return plan_of(self.subscription)


def plan_of(subscription: reg.Subscription) -> Plan:
    """The register's subscription as the tariff prices it."""
    pause = (Pause(subscription.paused_from, subscription.paused_to)
             if subscription.paused_from and subscription.paused_to else None)
    return Plan(bins=tuple(Bin(c.fraction, c.litres) for c in subscription.containers),
                frequency=subscription.frequency,
                home_composting=subscription.home_composting,
                shared_with=subscription.shared_with,
                holiday_home=subscription.property.holiday_home, pause=pause)


def change_of(plan: Plan) -> reg.SubscriptionChange:
    """A plan as the whole change the register schedules."""
    return reg.SubscriptionChange(
        tuple(reg.ContainerSpec(b.container, b.litres) for b in plan.bins), plan.frequency,
        plan.home_composting, plan.shared_with,
        plan.pause.start if plan.pause else None, plan.pause.end if plan.pause else None)


def household(customer_number: str, on: date | None = None) -> Household | None:
    """The customer's household in force on ``on`` (today), or None if unknown."""
    register = tk.waste_register()
    day = on or tk.clock.today()
    subscription = register.subscription(customer_number, day)
    if subscription is None:
        return None
    return Household(subscription, tuple(register.scheduled_changes(customer_number,
                                                                    after=day)))


def plan_on(customer_number: str, day: date) -> Plan | None:
    """The plan in force on ``day`` (scheduled changes by then applied)."""
    subscription = tk.waste_register().subscription(customer_number, day)
    return plan_of(subscription) if subscription else None
