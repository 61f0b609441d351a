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


def place(designation: str | None) -> Any:
    if not designation:
        return None
    return _once(("place", designation), lambda: tk.waste_register().property(designation))


def container_states(designation: str | None) -> list[ContainerState]:
    if not designation:
        return []
    return _once(("states", designation), lambda: states(designation, tk.clock.today()))
