"""What a translator's file says, before it is believed: units read, and problems found.

Both formats (``xliff_file``, ``csv_file``) read into the same ``Parsed``, with the
line of every unit and plural form, so each problem can name where in the file
the translator must look.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _

#: The largest file an import reads: a whole language is well under 3 MB.
FILE_LIMIT = 8 * 1024 * 1024
TEXT_LIMIT = 20_000  # characters in one translation (the longest e-mail is ~1 500)
IMPORT_STATES = {"initial": "initial", "translated": "translated", "reviewed": "reviewed",
                 "final": "reviewed"}


@dataclass(frozen=True)
class Problem:
    message: str
    line: int | None = None
    unit: str = ""

    def __str__(self) -> str:
        if self.line is not None and self.unit:
            return _("Line %(line)d, %(unit)s: %(problem)s", line=self.line, unit=self.unit,
                     problem=self.message)
        if self.line is not None:
            return _("Line %(line)d: %(problem)s", line=self.line, problem=self.message)
        if self.unit:
            return f"{self.unit}: {self.message}"
        return self.message


@dataclass
class Incoming:
    file: str
    id: str
    forms: list[str]
    lines: list[int]
    state: str

    @property
    def key(self) -> tuple[str, str]:
        return (self.file, self.id)

    @property
    def line(self) -> int:
        return self.lines[0] if self.lines else 0

    @property
    def name(self) -> str:
        return f"{self.file} {self.id}"


@dataclass
class Parsed:
    language: str | None
    units: list[Incoming] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def unit_state(states: list[str]) -> str:
    """One state for a unit whose plural forms each carry one: the least done wins."""
    mapped = [IMPORT_STATES[state] for state in states]
    if all(state == "reviewed" for state in mapped):
        return "reviewed"
    if all(state == "initial" for state in mapped):
        return "initial"
    return "translated"


def unknown_state(state: str) -> str:
    return _("the state “%(state)s” is none of %(states)s", state=state,
             states=", ".join(("initial", "translated", "reviewed")))
