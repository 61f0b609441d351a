"""Reading an export file into records: CSV or JSON, each row with where it came from.

This exists so the rest of the importer never sees bytes, encodings, delimiters or
file suffixes: it gets ``(where, values)`` pairs, ``where`` being what a person can
find in the file ("routes.csv, line 4", "routes.json, item [3]").  A file that
cannot be read at all raises ``ImportFailed`` here, so ``Problem`` and
``ImportFailed`` live here too.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

Item = dict[str, Any]
Located = list[tuple[str, Item]]  # (where, item)


@dataclass(frozen=True)
class Problem:
    where: str  # "routes.csv, line 4", "routes.json, item [3]" or just the file name
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class ImportFailed(Exception):
    """The file has problems; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


def _column(name: Any) -> str:
    return "_".join(str(name).replace("\ufeff", "").strip().lower().split())


def _decode(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        raise ImportFailed([Problem(f"{path.name}, line {line}",
                                    "the file is not UTF-8 (save it as CSV UTF-8)")]) from None


def _read_csv(path: Path, text: str, required: Sequence[str]) -> list[tuple[str, Item]]:
    header_line = text.split("\n", 1)[0]
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [_column(name) for name in next(rows, [])]
    if not any(header):
        raise ImportFailed([Problem(path.name, "the file is empty")])
    missing = [c for c in required if c not in header]
    if missing:
        raise ImportFailed([Problem(f"{path.name}, line 1",
                                    f"missing column(s): {', '.join(missing)}")])
    records, problems = [], []
    # Spreadsheet line numbers count records: a quoted value with line breaks is one line.
    for line, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        where = f"{path.name}, line {line}"
        if len(row) > len(header):
            problems.append(Problem(where, f"{len(row)} fields but the header has "
                                           f"{len(header)} (a {delimiter!r} inside a value "
                                           "must be in quotes)"))
        else:
            records.append((where, dict(zip(header, row, strict=False))))
    if problems:
        raise ImportFailed(problems)
    return records


def _read_json(path: Path, text: str) -> list[tuple[str, Item]]:
    try:
        items = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportFailed([Problem(f"{path.name}, line {error.lineno}",
                                    f"not valid JSON: {error.msg}")]) from None
    if not isinstance(items, list):
        raise ImportFailed([Problem(path.name, "expected a JSON list of objects")])
    records, problems = [], []
    for index, item in enumerate(items):
        where = f"{path.name}, item [{index}]"
        if isinstance(item, dict):
            records.append((where, {_column(k): v for k, v in item.items()}))
        else:
            problems.append(Problem(where, "expected an object"))
    if problems:
        raise ImportFailed(problems)
    return records


def read_records(path: Path, required: Sequence[str] = ()) -> list[tuple[str, Item]]:
    """(where, values) for every row, or ImportFailed when the file cannot be read."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".txt", ".json"):
        raise ImportFailed([Problem(path.name, "expected a .csv or .json file")])
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ImportFailed([Problem(path.name, f"cannot read the file ({error.strerror})")]
                           ) from None
    text = _decode(path, data)
    if suffix == ".json":
        return _read_json(path, text)
    return _read_csv(path, text, required)
