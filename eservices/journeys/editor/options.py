"""The options editor: one option per line, languages as "sv | en" columns.

Designers paste option lists from a spreadsheet or a document, so the list
is text: a line per option, the site's languages separated by ``|`` in the
site's order.  An option's stored *value* is what answers, conditions and
exports refer to, so it is made once from the first language's text and then
kept: editing a line's wording, reordering or adding lines never changes the
value of an option that is still there.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from flask_babel import gettext as _

from ..schema import MAX_OPTIONS, Option

SEPARATOR = "|"
_NOT_KEY = re.compile(r"[^a-z0-9]+")


def key_from(text: str, fallback: str = "option") -> str:
    """An identifier made from a text: "Mat & grönt!" -> "mat_gront" (schema KEY_PATTERN)."""
    plain = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()
    key = _NOT_KEY.sub("_", plain).strip("_")[:40].rstrip("_")
    if not key:
        return fallback
    return key if key[0].isalpha() else f"{fallback}_{key}"[:40].rstrip("_")


def unique_key(wanted: str, taken: set[str]) -> str:
    """``wanted``, or ``wanted_2``, ``wanted_3`` ... when it is taken."""
    if wanted not in taken:
        return wanted
    number = 2
    while f"{wanted[:36]}_{number}" in taken:
        number += 1
    return f"{wanted[:36]}_{number}"


def as_text(options: Sequence[Option], languages: Sequence[str]) -> str:
    """The textarea's content for stored options (missing trailing languages left off)."""
    lines = []
    for option in options:
        cells = [option.label.get(language, "") for language in languages]
        while len(cells) > 1 and not cells[-1]:
            cells.pop()
        lines.append(f" {SEPARATOR} ".join(cells))
    return "\n".join(lines)


@dataclass
class Parsed:
    """The options a text gives, or the errors that stop it, line by line."""

    options: list[Option] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def parse(text: str, languages: Sequence[str], existing: Sequence[Option],
          language_names: dict[str, str]) -> Parsed:
    """Options from the textarea; values of unchanged options are kept.

    An existing option keeps its value when a new line has the same text in
    the first language, or failing that the same text in another language
    (so fixing a typo in one column keeps the value).  Blank lines are
    skipped; an empty cell between separators, a line with more columns than
    the site has languages, and two lines with the same text are errors.
    """
    result = Parsed()
    rows: list[tuple[int, dict[str, str]]] = []
    seen: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        cells = [cell.strip() for cell in line.split(SEPARATOR)]
        if len(cells) > len(languages):
            result.errors.append(_("Line %(number)s has %(cells)s columns, but the site has "
                                   "%(languages)s languages", number=number,
                                   cells=len(cells), languages=len(languages)))
            continue
        empty = [languages[index] for index, cell in enumerate(cells) if not cell]
        if empty:
            result.errors.append(_("Line %(number)s has no text in %(language)s", number=number,
                                   language=language_names.get(empty[0], empty[0])))
            continue
        first = cells[0].casefold()
        if first in seen:
            result.errors.append(_("Line %(number)s is the same as line %(earlier)s",
                                   number=number, earlier=seen[first]))
            continue
        seen[first] = number
        rows.append((number, dict(zip(languages, cells, strict=False))))
    if len(rows) > MAX_OPTIONS:
        result.errors.append(_("A question can offer at most %(limit)s options",
                               limit=MAX_OPTIONS))
    if result.errors:
        return result
    result.options = _with_values([label for _number, label in rows], languages, existing)
    return result


def _with_values(labels: list[dict[str, str]], languages: Sequence[str],
                 existing: Sequence[Option]) -> list[Option]:
    values: list[str | None] = [None] * len(labels)
    unclaimed = list(existing)

    def claim(index: int, match) -> None:
        found = next((option for option in unclaimed if match(option)), None)
        if found is not None:
            values[index] = found.value
            unclaimed.remove(found)

    first = languages[0]
    for index, label in enumerate(labels):
        claim(index, lambda o, label=label: o.label.get(first, "").casefold()
              == label[first].casefold())
    for index, label in enumerate(labels):
        if values[index] is None:
            claim(index, lambda o, label=label: any(
                label.get(lang) and o.label.get(lang, "").casefold() == label[lang].casefold()
                for lang in languages[1:]))
    taken = {value for value in values if value is not None}
    for index, label in enumerate(labels):
        if values[index] is None:
            values[index] = unique_key(key_from(label[first]), taken)
            taken.add(values[index])  # type: ignore[arg-type]
    return [Option(value=value, label=label)  # type: ignore[arg-type]
            for value, label in zip(values, labels, strict=True)]
