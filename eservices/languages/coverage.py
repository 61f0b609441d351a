"""How much of a catalogue is translated: the one measure start-up, ``status`` and staff use.

The Swedish catalogue is the reference (every message of the code, translated
by people and checked complete by ``tools/i18n.py check``).  A message counts
as translated when the language's ``.po`` gives it a string that is not fuzzy;
a fuzzy one is a machine-assisted draft awaiting a translator (compiled and
shown only in a language configured as incomplete).  The ``.po`` files are
read, not the ``.mo``: they are what a translator changes, and they exist in
a fresh checkout.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from .configured import SWEDISH


@dataclass(frozen=True)
class Coverage:
    """One catalogue of one language against the Swedish one."""

    catalogue: Path  # the language's messages.po (it may not exist)
    language: str
    total: int  # messages in the Swedish catalogue
    translated: int  # of those, translated and not fuzzy
    fuzzy: int  # of those, with a fuzzy (draft) translation

    @property
    def missing(self) -> int:
        return self.total - self.translated - self.fuzzy

    @property
    def complete(self) -> bool:
        return self.translated == self.total

    @property
    def percent(self) -> int:
        """Translated share, rounded down (99 % until the last message is done)."""
        return 100 if self.total == 0 else self.translated * 100 // self.total

    def describe(self) -> str:
        """"812 of 900 translated, 40 fuzzy, 48 missing", for logs and errors."""
        return (f"{self.translated} of {self.total} translated, {self.fuzzy} fuzzy, "
                f"{self.missing} missing")


def po_path(translations_dir: Path, language: str) -> Path:
    return translations_dir / language / "LC_MESSAGES" / "messages.po"


@lru_cache(maxsize=128)
def _read(path: Path, modified: int) -> Catalog:  # ``modified`` keys the cache on changes
    with path.open("rb") as fh:
        return read_po(fh)


def read_catalogue(path: Path) -> Catalog | None:
    """A ``.po`` file as a Babel catalogue (read once until it changes), or None if absent."""
    try:
        modified = path.stat().st_mtime_ns
    except FileNotFoundError:
        return None
    return _read(path, modified)


def _is_translated(string: object) -> bool:
    if isinstance(string, tuple | list):  # a plural: every form must be there
        return bool(string) and all(string)
    return bool(string)


def catalogue_coverage(translations_dir: Path, language: str) -> Coverage:
    """Coverage of ``language`` in one translations folder (the platform's or a module's)."""
    path = po_path(translations_dir, language)
    reference = read_catalogue(po_path(translations_dir, SWEDISH))
    ids = [(message.id, message.context) for message in reference or () if message.id]
    own = read_catalogue(path) if language != SWEDISH else reference
    translated = fuzzy = 0
    for message_id, context in ids:
        message = own.get(message_id, context) if own is not None else None
        if message is None or not _is_translated(message.string):
            continue
        if message.fuzzy:
            fuzzy += 1
        else:
            translated += 1
    return Coverage(path, language, len(ids), translated, fuzzy)
