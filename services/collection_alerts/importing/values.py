"""Parsing single values as the waste-management exports write them.

This exists to keep the lenient, bilingual reading of one cell - weekdays and week
patterns in Swedish or English, times with ":" or ".", decimal commas, postal codes
with a space, fraction lists - apart from the rules about whole rows.  Each parser
takes the cell's text and returns the value, raising ``ValueError`` (or ``KeyError``)
for the generic "expected ..." message, or ``BadValue`` with a message fit to show.
"""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date, time

from ..schedule import FRACTION_NAMES


class BadValue(ValueError):
    """A value error whose message is fit to show."""


def _fold(text: str) -> str:
    """Lower case without diacritics, single spaces: "Jämna  veckor" -> "jamna veckor"."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


_DAYS = {_fold(name): day for day, names in enumerate((
    ("måndag", "mån", "monday", "mon"), ("tisdag", "tis", "tuesday", "tue", "tues"),
    ("onsdag", "ons", "wednesday", "wed"),
    ("torsdag", "tors", "tor", "thursday", "thu", "thur", "thurs"),
    ("fredag", "fre", "friday", "fri"), ("lördag", "lör", "saturday", "sat"),
    ("söndag", "sön", "sunday", "sun"))) for name in names}
_WEEKS = {**dict.fromkeys(("every", "every week", "weekly", "varje", "varje vecka",
                           "alla veckor"), (1, 0)),
          **dict.fromkeys(("odd", "odd weeks", "udda", "udda veckor"), (2, 1)),
          **dict.fromkeys(("even", "even weeks", "jamn", "jamna", "jamna veckor"), (2, 0))}
_EVERY_NTH = re.compile(r"(?:every|var) (\d+)(?:st|nd|rd|th|:e|:a)? ?(?:weeks?|veckan?)? "
                        r"(?:from|fran) (?:week|vecka|v\.?) ?(\d+)")


def parse_integer(value: str) -> int:
    if not re.fullmatch(r"[+-]?\d+", value):
        raise ValueError(value)
    return int(value)


def parse_decimal(value: str) -> float:
    number = float(value.replace(",", "."))
    if not math.isfinite(number):
        raise ValueError(value)
    return number


def parse_weekday(value: str) -> int:
    if value.isdigit():
        if 1 <= int(value) <= 7:
            return int(value) - 1
        raise ValueError(value)
    return _DAYS[_fold(value).rstrip(".")]


def parse_weeks(value: str) -> tuple[int, int]:
    text = _fold(value)
    if text in _WEEKS:
        return _WEEKS[text]
    match = _EVERY_NTH.fullmatch(text)
    if not match:
        raise ValueError(value)
    cycle, week = int(match[1]), int(match[2])
    if not (1 <= cycle <= 52 and 1 <= week <= 53):
        raise BadValue("every 1-52 weeks, from a week 1-53")
    return cycle, week % cycle


def parse_month_day(value: str) -> str:
    if not re.fullmatch(r"\d\d-\d\d", value):
        raise ValueError(value)
    date(2024, int(value[:2]), int(value[3:]))  # a leap year: 02-29 is a day
    return value


def parse_time(value: str) -> time:
    match = re.fullmatch(r"(\d{1,2})[:.](\d\d)(?::00)?", value)
    if not match:
        raise ValueError(value)
    return time(int(match[1]), int(match[2]))


def parse_date(value: str) -> date:
    if not re.fullmatch(r"\d{4}-\d\d-\d\d", value):
        raise ValueError(value)
    return date.fromisoformat(value)


def parse_postal_code(value: str) -> str:
    code = value.replace(" ", "")
    if not re.fullmatch(r"\d{5}", code):
        raise ValueError(value)
    return code


def parse_fractions(value: str) -> list[str]:
    fractions: list[str] = []
    for part in re.split(r"[,|]", value):
        fraction = part.strip().lower()
        if fraction and fraction not in FRACTION_NAMES:
            raise BadValue(f"unknown fraction {fraction!r} (known: {', '.join(FRACTION_NAMES)})")
        if fraction and fraction not in fractions:
            fractions.append(fraction)
    if not fractions:
        raise BadValue("no fraction given")
    return fractions
