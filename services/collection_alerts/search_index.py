"""Every address in memory, ready for the search: no database row read per query.

A search used to load the ORM objects of every address on the streets it
matched, normalise each one's street, number and town and sort them, on every
request.  Addresses change only when a file is imported, so each process keeps
an ``AddressIndex`` instead (a ``tk.ProcessCache``): one small record per
address with what the results page shows and what matching needs already
worked out, ordered by ``search_text`` so the addresses on a street prefix are
one ``bisect`` away, plus the known street names for the typo fallback.

Freshness: an address written in this process (an import, the demo data, a
test) is found at once (the flush drops the index); another process's writes
are seen within ``TTL_SECONDS``.

Scale, measured once for the municipality of ``bench/route_day`` (35,000
addresses; on SQLite, on a busy 2-core machine): the index holds about 11.5 MB
per process (per app; tracemalloc), and loading it - the one query, then
building - takes 0.15-0.35 s of CPU, paid by one search per process at most
once per ``TTL_SECONDS`` (and after each local write).  The same with 1,400
streets of 25 numbers as with bench's 10 streets of 3,500.  After that a search
costs 0.02-0.15 ms of CPU (a bisect, then at most ``search._CAP`` records
compared); the typo fallback compares the street with every street name
(``difflib``), about 1 ms with 1,400 names, as before the index.
"""

from __future__ import annotations

import operator
import re
import unicodedata
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import select

from eservices import toolkit as tk

from .addressing import normalise
from .models import Address

#: How long another process's import may go unseen by this one's search.
TTL_SECONDS = 60.0
_LEADING_NUMBER = re.compile(r"(\d+)(.*)")


class IndexedAddress(NamedTuple):
    """One address as the search finds it and the results page shows it."""

    id: int
    street: str
    number: str
    postal_code: str
    city: str
    search_text: str  # as stored: ``addressing.search_text``
    street_key: str  # the street, normalised
    number_key: str  # the number, normalised ("12 b" -> "12b")
    rest: tuple[str, ...]  # what a typed postal code or town must begin one of
    rank: int  # the position in natural order (``natural_key``) among all addresses

    @property
    def label(self) -> str:
        return f"{self.street} {self.number}".strip() + f", {self.city}"


def natural_key(address: Address | IndexedAddress) -> tuple:
    """1, 2, 10, 12, 12B - and farm names without a number first."""
    return _natural(address.street, address.number, address.postal_code, address.city)


def _natural(street: str, number: str, postal_code: str, city: str) -> tuple:
    match = _LEADING_NUMBER.match(number or "")
    numeric = (int(match.group(1)), match.group(2).lower()) if match else (-1, "")
    return (street.lower(), numeric, postal_code, city)


def fold(text: str) -> str:
    """Lower case without diacritics: "Sjövägen" -> "sjovagen"."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@dataclass(frozen=True)
class AddressIndex:
    """The addresses by ``search_text``, and the street names by their folded spelling."""

    addresses: tuple[IndexedAddress, ...]
    keys: tuple[str, ...]  # addresses[i].search_text
    streets_by_fold: dict[str, tuple[str, ...]]  # fold(name) -> normalised names

    def on_street(self, prefix: str, exact: bool = False, cap: int = 500
                  ) -> list[IndexedAddress]:
        """Addresses whose ``search_text`` starts with ``prefix`` (at most ``cap``).

        ``exact``: the street is ``prefix`` itself (what follows is a space).  Every
        character is literal, as in an escaped ``LIKE 'prefix%'``.
        """
        start = prefix + " " if exact else prefix
        keys = self.keys
        first = bisect_left(keys, start)
        last = min(first + cap, len(keys))
        found = first
        while found < last and keys[found].startswith(start):
            found += 1
        return list(self.addresses[first:found])


def build(rows: Iterable[tuple[int, str, str, str, str, str]]) -> AddressIndex:
    """The index of ``(id, street, number, postal_code, city, search_text)`` rows."""
    shared: dict[str, str] = {}  # one string per distinct street, number, postal code, town
    share = shared.setdefault
    rests: dict[tuple[str, str], tuple[str, ...]] = {}
    numeric: dict[str, tuple[int, str]] = {}  # natural_key's part for a house number
    raw = []
    for id_, street, number, postal_code, city, text in rows:
        street, number = share(street, street), share(number, number)
        postal_code, city = share(postal_code, postal_code), share(city, city)
        if (postal_code, city) not in rests:
            rests[postal_code, city] = (postal_code.replace(" ", ""), *normalise(city).split())
        if number not in numeric:
            numeric[number] = _natural("", number, "", "")[1]
        raw.append(((street.lower(), numeric[number], postal_code, city),
                    id_, street, number, postal_code, city, text))
    raw.sort(key=_FIRST)  # natural order: an address's rank is its place here
    make = IndexedAddress._make  # a tuple's constructor, without a Python call per address
    addresses = [make((id_, street, number, postal_code, city, text, normalise(street),
                       normalise(number), rests[postal_code, city], rank))
                 for rank, (_key, id_, street, number, postal_code, city, text)
                 in enumerate(raw)]
    addresses.sort(key=_SEARCH_TEXT)
    by_fold: dict[str, list[str]] = {}
    for name in {a.street_key for a in addresses}:
        by_fold.setdefault(fold(name), []).append(name)
    return AddressIndex(tuple(addresses), tuple(a.search_text for a in addresses),
                        {folded: tuple(sorted(names)) for folded, names in by_fold.items()})


_FIRST = operator.itemgetter(0)
_SEARCH_TEXT = operator.attrgetter("search_text")


def _load() -> AddressIndex:
    # The table's columns, not the model's: plain rows, without the ORM's loading.
    table = Address.__table__.c
    return build(tk.db.session.execute(select(
        table.id, table.street, table.number, table.postal_code, table.city,
        table.search_text)))


_INDEX = tk.ProcessCache("collection_alerts.search_index", _load, ttl_seconds=TTL_SECONDS,
                         watches=(Address,))


def current() -> AddressIndex:
    """This request's index (loaded, or kept from an earlier request; see the docstring)."""
    return _INDEX.get()


def forget() -> None:
    """Drop the index after a write the session does not see (raw SQL)."""
    _INDEX.forget()
