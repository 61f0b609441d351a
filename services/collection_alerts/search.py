"""Finding an address the way residents type it.

"storg. 12", "STORGATAN 12 B", "Storgatan 12, 931 31 Exempelby" and "storgatan12"
all find Storgatan 12.  The query is normalised like the stored ``search_text``
(``addressing.normalise``) and split into street, house number and the rest
(postal code and town, both optional).  The street is matched by prefix in the
database; when that finds nothing, a fallback compares the street alone with the
known street names without diacritics and with small typos forgiven
("Sjovagen", "Storgtan").  No house number lists every number on the street,
sorted as people count (1, 2, 10, 12B).  Whatever is typed, the answer is a list,
never an error: the page explains an empty one.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field

from sqlalchemy import select

from eservices.toolkit import db

from .addressing import normalise
from .models import Address

MAX_QUERY = 200  # longer input is cut: no address is that long
_CAP = 500  # rows read for one street before sorting; a street has fewer numbers
_NUMBER = re.compile(r"\d{1,4}[a-zåäö]?")
_POSTAL = re.compile(r"\d{5}")
_LEADING_NUMBER = re.compile(r"(\d+)(.*)")


@dataclass
class SearchResult:
    """What was understood from the query and what it matched.

    ``kind``: "found" (the addresses asked for), "street" (no number typed: every
    number on the street), "no_number" (the street exists, the number does not:
    every number on it), "none" (nothing matched) or "empty" (nothing to search).
    """

    kind: str
    street: str = ""
    number: str = ""
    addresses: list[Address] = field(default_factory=list)


@dataclass
class _Query:
    street: str
    number: str
    rest: list[str]


def natural_key(address: Address) -> tuple:
    """1, 2, 10, 12, 12B - and farm names without a number first."""
    match = _LEADING_NUMBER.match(address.number or "")
    numeric = (int(match.group(1)), match.group(2).lower()) if match else (-1, "")
    return (address.street.lower(), numeric, address.postal_code, address.city)


def _clean(query: str) -> str:
    """Drop control characters (PostgreSQL refuses NUL) and cut very long input."""
    text = "".join(ch if unicodedata.category(ch)[0] != "C" else " "
                   for ch in (query or "")[:MAX_QUERY * 2])
    return text[:MAX_QUERY]


def _parse(query: str) -> _Query:
    text = normalise(_clean(query))
    text = re.sub(r"(?<=[a-zåäöéü])(?=\d)", " ", text)  # "storgatan12" -> "storgatan 12"
    text = re.sub(r"\b(\d{3}) (\d{2})\b", r"\1\2", text)  # "931 31" -> "93131"
    words = text.split()
    street: list[str] = []
    number = ""
    rest: list[str] = []
    for i, word in enumerate(words):
        if street and _NUMBER.fullmatch(word) and not _POSTAL.fullmatch(word):
            number, rest = word, words[i + 1:]
            break
        if _POSTAL.fullmatch(word):
            rest = words[i:]
            break
        street.append(word)
    return _Query(" ".join(street), number, rest)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _rest_matches(address: Address, rest: list[str]) -> bool:
    """Postal code and town are optional, but when typed they must fit."""
    known = [address.postal_code.replace(" ", ""), *normalise(address.city).split()]
    return all(any(k.startswith(word) for k in known) for word in rest)


def _on_street(street_prefix: str, exact: bool = False) -> list[Address]:
    pattern = _escape_like(street_prefix) + (" %" if exact else "%")
    rows = db.session.scalars(select(Address).where(
        Address.search_text.like(pattern, escape="\\")).limit(_CAP)).all()
    return list(rows)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _streets_by_fold() -> dict[str, list[str]]:
    """Known street names (normalised), by their spelling without diacritics."""
    names = {normalise(name) for name in db.session.scalars(select(Address.street).distinct())}
    by_fold: dict[str, list[str]] = {}
    for name in names:
        by_fold.setdefault(_fold(name), []).append(name)
    return by_fold


def _similar_streets(street: str, by_fold: dict[str, list[str]]) -> list[str]:
    """The known streets the typed one probably means ("Sjovagen", "Storgtan")."""
    wanted = _fold(street)
    prefixed = [name for folded, group in by_fold.items() if folded.startswith(wanted)
                for name in group]
    if prefixed:
        return sorted(prefixed)
    close = difflib.get_close_matches(wanted, list(by_fold), n=3, cutoff=0.8)
    return sorted(name for folded in close for name in by_fold[folded])


def _candidates(parsed: _Query) -> list[Address]:
    """Addresses on the street typed; "storgatan exempelby" is a street and a town."""
    words = parsed.street.split()
    by_fold: dict[str, list[str]] | None = None
    for cut in range(min(len(words), 6), 0, -1):  # the longest street name that exists
        street, rest = " ".join(words[:cut]), words[cut:] + parsed.rest
        found = _on_street(street)
        if not found:
            by_fold = _streets_by_fold() if by_fold is None else by_fold
            found = [a for name in _similar_streets(street, by_fold)
                     for a in _on_street(name, exact=True)]
        found = [a for a in found if _rest_matches(a, rest)]
        if found:
            exact = [a for a in found if normalise(a.street) == street]
            return exact or found
    return []


def lookup(query: str, limit: int = 20) -> SearchResult:
    """Understand ``query`` and find the matching addresses (at most ``limit``)."""
    parsed = _parse(query)
    if not parsed.street or not re.search(r"[a-zåäöéü]", parsed.street):
        return SearchResult("empty" if not _clean(query).strip() else "none")
    candidates = _candidates(parsed)
    if not candidates:
        return SearchResult("none", parsed.street, parsed.number)
    candidates.sort(key=natural_key)
    street = candidates[0].street
    if not parsed.number:
        return SearchResult("street", street, "", candidates[:limit])
    found = [a for a in candidates if normalise(a.number) == parsed.number]
    if found:
        return SearchResult("found", street, parsed.number, found[:limit])
    return SearchResult("no_number", street, parsed.number, candidates[:limit])


def search_addresses(query: str, limit: int = 20) -> list[Address]:
    """The addresses a resident's query means; an empty list when nothing fits."""
    return lookup(query, limit).addresses
