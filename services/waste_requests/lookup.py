"""The address search and the chosen property, asked of the register once per request.

A journey page needs the search results or the property's containers several
times (the form, its choices, the check page's rows); the register is asked
once and the answer kept on ``g`` for the rest of the request.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import g

from eservices import toolkit as tk

from .evidence import ContainerState, states

SEARCH_LIMIT = 20


def _once(key: tuple[str, str], compute: Callable[[], Any]) -> Any:
    cache = g.setdefault("waste_requests_cache", {})
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def search(street: str | None) -> list[Any]:
    if not street:
        return []
    return _once(("search", street), lambda: list(
        tk.waste_register().search_properties(street, limit=SEARCH_LIMIT)))


def signed_in_places() -> list[Any]:
    """The properties of the resident signed in with e-ID (as the register's customer),
    so they need not search; empty when nobody is signed in or the register knows them not."""

    def find() -> list[Any]:
        resident = tk.signed_in_resident()
        if resident is None:
            return []
        register, today, found = tk.waste_register(), tk.clock.today(), {}
        for customer in register.customers_by_identity(resident.personal_number):
            subscription = register.subscription(customer.customer_number, today)
            if subscription is not None:
                found.setdefault(subscription.property.designation, subscription.property)
        return list(found.values())

    return _once(("signed_in", ""), find)


def offered_places(street: str | None) -> list[Any]:
    """The addresses to choose from: the signed-in resident's own, else the search's."""
    return signed_in_places() or search(street)


def needs_search(_answers: Any) -> bool:
    """A step condition: the address search is asked only of a resident not signed in."""
    return not signed_in_places()


def place(designation: str | None) -> Any:
    if not designation:
        return None
    return _once(("place", designation), lambda: tk.waste_register().property(designation))


def container_states(designation: str | None) -> list[ContainerState]:
    if not designation:
        return []
    return _once(("states", designation), lambda: states(designation, tk.clock.today()))
