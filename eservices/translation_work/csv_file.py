"""CSV for a spreadsheet: one row per text (per plural form), as Swedish Excel opens it.

Columns: language, module, kind, id, form, context, msgid (the English), source
(the Swedish), target, status, notes.  Only language, module, kind, id, form,
target and status are read back; the rest is there for the translator.  Written
with semicolons and a BOM (``tk.excel_csv``); read with semicolons or commas.  A
cell that a spreadsheet would run as a formula gets an apostrophe in front,
which the import takes off again.
"""

from __future__ import annotations

import csv
import io

from flask_babel import gettext as _

from ..staff.export import FORMULA_STARTS, excel_csv, safe_cell
from .incoming import IMPORT_STATES, Incoming, Parsed, Problem, unit_state, unknown_state
from .notes import notes
from .units import Export

COLUMNS = ("language", "module", "kind", "id", "form", "context", "msgid", "source",
           "target", "status", "notes")
READ = ("language", "module", "kind", "id", "form", "target", "status")


def write(export: Export) -> bytes:
    rows = []
    for unit in export.units:
        note = "\n".join(text for _category, text in notes(unit))
        for form, text in enumerate(unit.target):
            english = unit.english[0] if form == 0 else unit.english[-1]
            rows.append([export.language, unit.module, unit.kind, unit.id,
                         str(form) if unit.plural else "", unit.context, english,
                         unit.source_of_form(form), text, unit.state, note])
    return excel_csv(COLUMNS, ([safe_cell(cell) for cell in row] for row in rows))


def unsafe_cell(cell: str) -> str:
    """The text the export wrote, without the apostrophe that kept it from being a formula."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS) else cell


def _rows(text: str) -> list[tuple[int, list[str]]]:
    """Every record with the line it starts on (a cell can hold line breaks)."""
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    found, start = [], 1
    for row in reader:
        found.append((start, row))
        start = reader.line_num + 1
    return found


def read(data: bytes) -> Parsed:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return Parsed(None, problems=[Problem(_(
            "The file is not UTF-8 text. Save it from the spreadsheet as “CSV UTF-8”"))])
    try:
        rows = _rows(text)
    except csv.Error as error:
        return Parsed(None, problems=[Problem(_("The file cannot be read as CSV: %(error)s",
                                                error=str(error)))])
    if not rows:
        return Parsed(None, problems=[Problem(_("The file is empty"))])
    header = [cell.strip().lower() for cell in rows[0][1]]
    missing = [name for name in READ if name not in header]
    if missing:
        return Parsed(None, problems=[Problem(_("the first row must name the columns; "
                                                "missing: %(columns)s",
                                                columns=", ".join(missing)), line=1)])
    column = {name: header.index(name) for name in READ}
    parsed = Parsed(None)
    units: dict[tuple[str, str], Incoming] = {}
    languages: set[str] = set()
    for line, row in rows[1:]:
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < len(header):
            parsed.problems.append(Problem(_("the row has %(found)d columns, the first row "
                                             "%(wanted)d", found=len(row),
                                             wanted=len(header)), line=line))
            continue
        cells = {name: row[index] for name, index in column.items()}
        languages.add(cells["language"].strip())
        _add(units, cells, line, parsed.problems)
    if len(languages) > 1:
        parsed.problems.append(Problem(_("the rows are in more than one language: "
                                         "%(languages)s", languages=", ".join(
                                             sorted(languages)))))
    parsed.language = next(iter(languages)) if len(languages) == 1 else None
    parsed.units = list(units.values())
    return parsed


def _add(units: dict[tuple[str, str], Incoming], cells: dict[str, str], line: int,
         problems: list[Problem]) -> None:
    file = f"{cells['kind'].strip()}:{cells['module'].strip()}"
    unit_id = cells["id"].strip()
    name = f"{file} {unit_id}"
    status = cells["status"].strip().lower() or "initial"
    if status not in IMPORT_STATES:
        problems.append(Problem(unknown_state(status), line, name))
        return
    form_cell = cells["form"].strip()
    form = int(form_cell) if form_cell.isdigit() else 0 if not form_cell else -1
    unit = units.setdefault((file, unit_id), Incoming(file, unit_id, [], [], status))
    if form == 0 and unit.forms:
        problems.append(Problem(_("the text is in the file twice"), line, name))
        return
    if form != len(unit.forms):
        problems.append(Problem(_("the plural form “%(form)s” is out of order: forms are "
                                  "numbered 0, 1, … in consecutive rows",
                                  form=form_cell), line, name))
        return
    unit.forms.append(unsafe_cell(cells["target"]))
    unit.lines.append(line)
    unit.state = unit_state([unit.state, status]) if unit.forms[:-1] else status
