"""How far each language has come: translated, fuzzy and missing, per module and kind.

Counted from the same units an export writes, so the numbers are what a
translator would find in the file: ``translated`` is reviewed, ``fuzzy`` a
draft awaiting review, ``missing`` not translated at all.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .sources import Source
from .units import collect

_COUNTED_AS = {"reviewed": "translated", "translated": "fuzzy", "initial": "missing"}


@dataclass(frozen=True)
class Coverage:
    language: str
    module: str
    kind: str  # "catalogue" or "templates"
    translated: int
    fuzzy: int
    missing: int

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.missing

    @property
    def complete(self) -> bool:
        return self.fuzzy == 0 and self.missing == 0

    @property
    def percent(self) -> int:
        """Reviewed share, rounded down: 99 until the last text is done."""
        return 100 * self.translated // self.total if self.total else 100


def coverage(found: list[Source], language: str) -> list[Coverage]:
    counts: dict[tuple[str, str], Counter[str]] = {}
    for unit in collect(found, language).units:
        counts.setdefault((unit.module, unit.kind), Counter())[_COUNTED_AS[unit.state]] += 1
    return [Coverage(language, module, kind, count["translated"], count["fuzzy"],
                     count["missing"]) for (module, kind), count in counts.items()]


def total(rows: list[Coverage], language: str) -> Coverage:
    """One language's rows added up."""
    return Coverage(language, "", "", sum(row.translated for row in rows),
                    sum(row.fuzzy for row in rows), sum(row.missing for row in rows))
