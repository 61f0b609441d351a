"""Finding an address the way residents type it.

"storg. 12", "STORGATAN 12 B", "Storgatan 12, 931 31 Exempelby" and "storgatan12"
all find Storgatan 12.  The query is normalised like the stored ``search_text``
(``addressing.normalise``) and split into street, house number and the rest
(postal code and town, both optional).  The street is matched by prefix among
the stored addresses (``search_index`` keeps them in memory, per process); when
that finds nothing, a fallback compares the street alone with the known street
names without diacritics and with small typos forgiven ("Sjovagen", "Storgtan").
No house number lists every number on the street, sorted as people count (1, 2,
10, 12B).  Whatever is typed, the answer is a list, never an error: the page
explains an empty one.
"""

from __future__ import annotations

import difflib
import operator
import re
import unicodedata
from dataclasses import dataclass, field

from . import search_index
from .addressing import normalise
from .search_index import IndexedAddress, fold

MAX_QUERY = 200  # longer input is cut: no address is that long
_CAP = 500  # rows read for one street before sorting; a street has fewer numbers
_NUMBER = re.compile(r"\d{1,4}[a-zåäö]?")
_POSTAL = re.compile(r"\d{5}")
_RANK = operator.attrgetter("rank")


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
    addresses: list[IndexedAddress] = field(default_factory=list)


@dataclass
class _Query:
    street: str
    number: str
    rest: list[str]


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


def _rest_matches(address: IndexedAddress, rest: list[str]) -> bool:
    """Postal code and town are optional, but when typed they must fit."""
    known = address.rest  # the postal code without spaces, the town's words
    return all(any(k.startswith(word) for k in known) for word in rest)


def _on_street(street_prefix: str, exact: bool = False) -> list[IndexedAddress]:
    """What ``search_text LIKE 'street_prefix%'`` finds (``%`` and ``_`` literal)."""
    return search_index.current().on_street(street_prefix, exact, cap=_CAP)


def _similar_streets(street: str, by_fold: dict[str, tuple[str, ...]]) -> list[str]:
    """The known streets the typed one probably means ("Sjovagen", "Storgtan")."""
    wanted = fold(street)
    prefixed = [name for folded, group in by_fold.items() if folded.startswith(wanted)
                for name in group]
    if prefixed:
        return sorted(prefixed)
    close = difflib.get_close_matches(wanted, list(by_fold), n=3, cutoff=0.8)
    return sorted(name for folded in close for name in by_fold[folded])


def _candidates(parsed: _Query) -> list[IndexedAddress]:
    """Addresses on the street typed; "storgatan exempelby" is a street and a town."""
    words = parsed.street.split()
    index = search_index.current()
    for cut in range(min(len(words), 6), 0, -1):  # the longest street name that exists
        street, rest = " ".join(words[:cut]), words[cut:] + parsed.rest
        found = index.on_street(street, cap=_CAP)
        if not found:
            found = [a for name in _similar_streets(street, index.streets_by_fold)
                     for a in index.on_street(name, exact=True, cap=_CAP)]
        if rest:
            found = [a for a in found if _rest_matches(a, rest)]
        if found:
            exact = [a for a in found if a.street_key == street]
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
    candidates.sort(key=_RANK)  # search_index.natural_key's order, worked out once
    street = candidates[0].street
    if not parsed.number:
        return SearchResult("street", street, "", candidates[:limit])
    found = [a for a in candidates if a.number_key == parsed.number]
    if found:
        return SearchResult("found", street, parsed.number, found[:limit])
    return SearchResult("no_number", street, parsed.number, candidates[:limit])


def search_addresses(query: str, limit: int = 20) -> list[IndexedAddress]:
    """The addresses a resident's query means; an empty list when nothing fits."""
    return lookup(query, limit).addresses
