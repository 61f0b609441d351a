"""From rows to the register's values, and the plan in force on a day.

The base (the subscription as last confirmed) with every scheduled change effective by
the day applied in date order: the only way a change reaches a reader, so nothing is
ever in force before its date and cancelling a change undoes nothing.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from eservices import toolkit as tk

from .models import Container, ScheduledChange, Subscription

reg = tk.register

# The compartments of the demo tariff's four-compartment bins (Swedish practice: bin 1
# food, residual, plastic and paper packaging; bin 2 newspapers, glass and metal).
FYRFACK = {
    "fyrfack_1": ("matavfall", "restavfall", "plastforpackningar", "pappersforpackningar"),
    "fyrfack_2": ("tidningar", "fargat_glas", "ofargat_glas", "metallforpackningar"),
}


def container_id(customer_number: str, fraction: str) -> str:
    """A container's key: one bin of a type per subscription, stable across changes."""
    return f"{customer_number}-{fraction}"


def compartments_for(fraction: str, frequency: str) -> tuple[reg.Compartment, ...]:
    return tuple(reg.Compartment(f, frequency) for f in FYRFACK.get(fraction, ()))


def _day(row: Subscription) -> reg.CollectionDay:
    season = ((row.season_start, row.season_end)
              if row.season_start and row.season_end else None)
    return reg.CollectionDay(row.route_code, row.weekday, row.week_offset, season)


def base(row: Subscription, on: date) -> reg.Subscription:
    """The subscription as the row stores it (no scheduled change applied)."""
    c, p = row.customer, row.property
    customer = reg.Customer(c.customer_number, c.name, c.identity_number, c.phone, c.email,
                            c.language)
    prop = reg.Property(p.designation, p.street_address, p.postal_code, p.city, p.latitude,
                        p.longitude, p.holiday_home, p.external_id)
    day = _day(row)
    containers = tuple(_container(row, b, day) for b in row.containers)
    return reg.Subscription(customer, prop, containers, row.frequency, on,
                            row.home_composting, row.shared_with, row.pause_start,
                            row.pause_end)


def _container(row: Subscription, b: Container, day: reg.CollectionDay) -> reg.Container:
    compartments = tuple(reg.Compartment(c["fraction"], c.get("frequency") or b.frequency)
                         for c in b.compartments or ())
    return reg.Container(b.container_id, row.property.designation,
                         row.customer.customer_number, b.fraction, b.litres, b.frequency, day,
                         compartments, row.shared_with, row.pause_start, row.pause_end)


def apply(plan: reg.Subscription, change: reg.SubscriptionChange | reg.ContainerChange
          ) -> reg.Subscription:
    """The plan with one change in force."""
    if isinstance(change, reg.ContainerChange):
        containers = tuple(
            replace(c, litres=change.litres or c.litres,
                    frequency=change.frequency or c.frequency,
                    compartments=(tuple(replace(p, frequency=change.frequency)
                                        for p in c.compartments)
                                  if change.frequency else c.compartments))
            if c.container_id == change.container_id else c for c in plan.containers)
        return replace(plan, containers=containers)
    number = plan.customer.customer_number
    day = (plan.containers[0].day if plan.containers else None)
    containers = tuple(
        reg.Container(container_id(number, spec.fraction), plan.property.designation,
                      number, spec.fraction, spec.litres, change.frequency, day,
                      compartments_for(spec.fraction, change.frequency), change.shared_with,
                      change.paused_from, change.paused_to)
        for spec in change.containers) if day else ()
    return replace(plan, containers=containers, frequency=change.frequency,
                   home_composting=change.home_composting, shared_with=change.shared_with,
                   paused_from=change.paused_from, paused_to=change.paused_to)


def in_force(row: Subscription, changes: list[ScheduledChange], on: date) -> reg.Subscription:
    """The plan in force on ``on``: the base and every scheduled change effective by then."""
    plan = base(row, on)
    for change in sorted(changes, key=lambda c: (c.effective_date, c.id)):
        if change.status == "scheduled" and change.effective_date <= on:
            plan = apply(plan, from_payload(change.kind, change.payload))
    return plan


# -- a change as JSON (the table stores what was asked, whole) ---------------------------
def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _day_of(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def to_payload(change: reg.SubscriptionChange | reg.ContainerChange) -> tuple[str, dict[str, Any]]:
    if isinstance(change, reg.ContainerChange):
        return "container", {"container_id": change.container_id, "litres": change.litres,
                             "frequency": change.frequency}
    return "subscription", {
        "containers": [{"fraction": c.fraction, "litres": c.litres} for c in change.containers],
        "frequency": change.frequency, "home_composting": change.home_composting,
        "shared_with": change.shared_with, "paused_from": _iso(change.paused_from),
        "paused_to": _iso(change.paused_to)}


def from_payload(kind: str, data: dict[str, Any]) -> reg.SubscriptionChange | reg.ContainerChange:
    if kind == "container":
        return reg.ContainerChange(data["container_id"], data.get("litres"),
                                   data.get("frequency"))
    return reg.SubscriptionChange(
        tuple(reg.ContainerSpec(c["fraction"], int(c["litres"])) for c in data["containers"]),
        data["frequency"], bool(data.get("home_composting")), data.get("shared_with"),
        _day_of(data.get("paused_from")), _day_of(data.get("paused_to")))


def scheduled(row: ScheduledChange) -> reg.ScheduledChange:
    return reg.ScheduledChange(row.change_id, row.customer_number, row.effective_date,
                               from_payload(row.kind, row.payload), row.reference or "",
                               row.status)
