"""Every text of a journey as an addressable row: the translation table and its CSV.

A text is named by a path through the definition - ``name``,
``pages.bin.question.label``, ``pages.bin.question.options.food.label``,
``receipts.1.text`` - with pages and options named by their keys rather than
their positions, so a file handed to a translator still lands on the right
texts after the designer has moved a page.  The paths are the table's field
names and the CSV's first column, and stay the same from one save to the next.

The CSV is UTF-8 with a byte order mark (Excel reads it as UTF-8), ``;``
between fields, and a cell a spreadsheet would run as a formula (``=``, ``+``,
``-``, ``@``) starts with an apostrophe, which the import takes off again.
Importing checks every row before it changes anything.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _

from ...staff.export import FORMULA_STARTS
from ..schema import JourneyDefinition
from .common import language_name

#: The longest text the schema accepts.
TEXT_LIMIT = 5000
#: The largest file the import reads: far more than any journey's texts.
FILE_LIMIT = 1_000_000
KEY_COLUMN = "key"


@dataclass(frozen=True)
class Slot:
    """One text of the journey: where it is, what it is called, and its translations."""

    path: str
    label: str
    texts: Mapping[str, str]
    #: Where it sits in the definition's JSON (keys and list positions).
    locator: tuple[str | int, ...]
    long: bool = False
    #: A text the journey must have in every language (else only when written).
    required: bool = True

    def missing(self, languages: Sequence[str]) -> list[str]:
        if not self.required and not any((t or "").strip() for t in self.texts.values()):
            return []
        return [code for code in languages if not (self.texts.get(code) or "").strip()]


def _page_name(number: int, heading: Mapping[str, str], key: str, language: str) -> str:
    text = heading.get(language) or next((t for t in heading.values() if t), key)
    return _("Page %(number)s “%(name)s”", number=number, name=text)


def slots(definition: JourneyDefinition, language: str) -> list[Slot]:
    """Every text the journey has or could have, in reading order; labels in ``language``."""
    found: list[Slot] = []

    def add(path: str, label: str, texts: Mapping[str, str], locator: tuple[str | int, ...],
            long: bool = False, required: bool = True) -> None:
        found.append(Slot(path, label, dict(texts), locator, long, required))

    add("name", _("The service's name"), definition.name, ("name",))
    add("summary", _("The summary"), definition.summary, ("summary",), long=True)
    add("start", _("The start page"), definition.start, ("start",), long=True, required=False)
    for index, page in enumerate(definition.pages):
        base, where = f"pages.{page.key}", ("pages", index)
        name = _page_name(index + 1, page.heading(), page.key, language)
        question = page.question
        if question is None:
            add(f"{base}.title", _("%(page)s: heading", page=name), page.title,
                (*where, "title"))
            add(f"{base}.body", _("%(page)s: text", page=name), page.body, (*where, "body"),
                long=True)
            continue
        q = (*where, "question")
        add(f"{base}.question.label", _("%(page)s: question", page=name), question.label,
            (*q, "label"))
        add(f"{base}.question.hint", _("%(page)s: hint", page=name), question.hint,
            (*q, "hint"), required=False)
        add(f"{base}.question.summary_label", _("%(page)s: label on check answers", page=name),
            question.summary_label, (*q, "summary_label"), required=False)
        for number, option in enumerate(question.options):
            add(f"{base}.question.options.{option.value}.label",
                _("%(page)s: option “%(value)s”", page=name, value=option.value),
                option.label, (*q, "options", number, "label"))
        if question.type == "several_choices":
            add(f"{base}.question.none_option", _("%(page)s: “none of these”", page=name),
                question.none_option, (*q, "none_option"), required=False)
    add("check_answers.title", _("Check answers: heading"), definition.check_answers.title,
        ("check_answers", "title"), required=False)
    add("check_answers.declaration", _("Check answers: declaration"),
        definition.check_answers.declaration, ("check_answers", "declaration"), long=True,
        required=False)
    add("confirmation.title", _("Confirmation: heading"), definition.confirmation.title,
        ("confirmation", "title"), required=False)
    add("confirmation.next_steps", _("Confirmation: what happens next"),
        definition.confirmation.next_steps, ("confirmation", "next_steps"), long=True)
    for index, receipt in enumerate(definition.receipts):
        number = index + 1
        if receipt.channel == "email":
            add(f"receipts.{number}.subject", _("Receipt %(number)s: subject", number=number),
                receipt.subject, ("receipts", index, "subject"))
        add(f"receipts.{number}.text", _("Receipt %(number)s: text", number=number),
            receipt.text, ("receipts", index, "text"), long=True)
    add("privacy.controller", _("Privacy: data controller"), definition.privacy.controller,
        ("privacy", "controller"))
    add("privacy.purpose", _("Privacy: purpose"), definition.privacy.purpose,
        ("privacy", "purpose"), long=True)
    return found


def shown(all_slots: Sequence[Slot]) -> list[Slot]:
    """The rows of the table and the CSV: every required text, and the optional ones written."""
    return [slot for slot in all_slots
            if slot.required or any((t or "").strip() for t in slot.texts.values())]


def applied(definition: JourneyDefinition, all_slots: Sequence[Slot],
            changes: Mapping[str, Mapping[str, str]]) -> JourneyDefinition:
    """``definition`` with ``changes`` (path -> language -> text; "" removes the text)."""
    data: dict[str, Any] = definition.model_dump(mode="json", by_alias=True, exclude_none=True)
    by_path = {slot.path: slot for slot in all_slots}
    for path, texts in changes.items():
        slot = by_path[path]
        container: Any = data
        for step in slot.locator[:-1]:
            container = container[step]
        current = dict(container.get(slot.locator[-1]) or {})
        for code, text in texts.items():
            if text.strip():
                current[code] = text.strip()
            else:
                current.pop(code, None)
        container[slot.locator[-1]] = current
    return JourneyDefinition.model_validate(data)


# -- CSV --------------------------------------------------------------------------------

def _safe(cell: str) -> str:
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def _unsafe(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS) else cell


def to_csv(rows: Sequence[Slot], languages: Sequence[str]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([KEY_COLUMN, *languages])
    for slot in rows:
        writer.writerow([slot.path, *(_safe(slot.texts.get(code, "")) for code in languages)])
    return buffer.getvalue().encode("utf-8-sig")


def from_csv(data: bytes, all_slots: Sequence[Slot], languages: Sequence[str]
             ) -> tuple[dict[str, dict[str, str]], list[str]]:
    """(path -> language -> text of every non-empty cell, every problem with its row).

    An empty cell leaves its text as it is: a translator's file with only the
    English filled in never wipes the Swedish.  Any problem means nothing is used.
    """
    if not data.strip():
        return {}, [_("The file is empty")]
    if len(data) > FILE_LIMIT:
        return {}, [_("The file is larger than 1 MB; it cannot be a journey's texts")]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return {}, [_("The file is not UTF-8 text. Save it from the spreadsheet as “CSV UTF-8”")]
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        return {}, [_("The file cannot be read as CSV: %(error)s", error=str(error))]
    header = [cell.strip() for cell in rows[0]]
    problems = _header_problems(header, languages)
    if problems:
        return {}, problems
    known = {slot.path for slot in all_slots}
    changes: dict[str, dict[str, str]] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            problems.append(_("Row %(row)s has %(found)s columns; the first row has "
                              "%(wanted)s", row=number, found=len(row), wanted=len(header)))
            continue
        path = row[0].strip()
        if path not in known:
            problems.append(_("Row %(row)s: the journey has no text “%(key)s”", row=number,
                              key=path))
            continue
        if path in changes:
            problems.append(_("Row %(row)s: the text “%(key)s” is in the file twice",
                              row=number, key=path))
            continue
        cells = {}
        for code, cell in zip(header[1:], row[1:], strict=True):
            value = _unsafe(cell.strip())
            if len(value) > TEXT_LIMIT:
                problems.append(_("Row %(row)s: the text in %(language)s is longer than "
                                  "%(limit)s characters", row=number,
                                  language=language_name(code), limit=TEXT_LIMIT))
            elif value:
                cells[code] = value
        changes[path] = cells
    return ({} if problems else changes), problems


def _header_problems(header: Sequence[str], languages: Sequence[str]) -> list[str]:
    problems = []
    if not header or header[0].lower() not in (KEY_COLUMN, "path"):
        problems.append(_("Row 1: the first column must be “key”, as in the exported file"))
    seen: set[str] = set()
    for column, name in enumerate(header[1:], start=2):
        if name not in languages:
            problems.append(_("Row 1: column %(column)s “%(name)s” is not a language of this "
                              "site (%(languages)s)", column=column, name=name,
                              languages=", ".join(languages)))
        elif name in seen:
            problems.append(_("Row 1: the language “%(name)s” has two columns", name=name))
        seen.add(name)
    if len(header) < 2:
        problems.append(_("Row 1: the file has no language columns"))
    return problems
