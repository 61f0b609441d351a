"""What a crew reported at a stop, recorded per container in the waste register.

The route API speaks of stops (an address on a route); the register keeps an
outcome per container and date, which the missed-collection service reads: a
completed stop marks the containers due there that day as emptied, a skipped
stop with a ``reason_code`` marks them skipped with that reason.  A skip
without a code says nothing the register can use (its reasons are a fixed list)
and is kept only as the event's free text.  Written in the caller's transaction,
with the events: both stand or fall together.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import select

from eservices import toolkit as tk

from .models import Address, RouteStop


def record(route_code: str, service_date: date, stops: Iterable[tuple[int, str, str]]) -> int:
    """Record ``(stop id, "emptied"|"skipped", reason code)`` outcomes; how many containers."""
    stops = list(stops)
    if not stops:
        return 0
    register = tk.waste_register()
    named = sorted({stop_id for stop_id, _, _ in stops})
    addresses = {stop_id: address for stop_id, address in tk.db.session.execute(
        select(RouteStop.id, Address).join(Address, RouteStop.address_id == Address.id)
        .where(RouteStop.id.in_(named)))}
    recorded = 0
    for stop_id, outcome, reason in stops:
        address = addresses[stop_id]
        found = register.property_at(f"{address.street} {address.number}".strip(),
                                     address.postal_code)
        if found is None:
            continue  # an address the register does not know: nothing to record against
        due = {c.container_id for c in register.collections(found.designation, service_date,
                                                            service_date)}
        for container_id in sorted(due):
            register.record_outcome(tk.register.CollectionOutcome(
                container_id, service_date, outcome, reason if outcome == "skipped" else "",
                route_code))
            recorded += 1
    return recorded
