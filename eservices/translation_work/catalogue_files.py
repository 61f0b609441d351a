"""The catalogue files on disk: where they are, how they are read, written and compiled.

Babel only, no Flask: ``tools/i18n.py`` (update, compile, check) and the
translator workflow (export, import, status) read and write the same files the
same way, so an import writes a ``.po`` exactly as ``update`` would, and a
catalogue that is read and written again comes out byte for byte the same.

A language is a code with a catalogue, ``<translations>/<code>/LC_MESSAGES/
messages.po``.  Languages declared incomplete (machine-assisted drafts awaiting a
translator) have their fuzzy entries compiled and shown; every other language
must be complete and reviewed (``tools/i18n.py check``).
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterable
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent.parent
PLATFORM_TRANSLATIONS = ROOT / "translations"
LANGUAGE_CODE = re.compile(r"[a-z]{2,3}")
SOURCE_LANGUAGE = "sv"  # what translators here translate from
# Declared where no setting says otherwise: a file beside the platform's catalogues.
DECLARATION = PLATFORM_TRANSLATIONS / "languages.toml"
PROJECT = "Tjänsteslussen"


def po_path(translations: Path, language: str) -> Path:
    return translations / language / "LC_MESSAGES" / "messages.po"


def languages_in(folders: Iterable[Path]) -> list[str]:
    """Every language with a catalogue in any of ``folders``: Swedish, English, the rest."""
    found = {SOURCE_LANGUAGE, "en"}
    for folder in folders:
        for path in folder.glob("*/LC_MESSAGES/messages.po"):
            code = path.parent.parent.name
            if LANGUAGE_CODE.fullmatch(code):
                found.add(code)
    order = {SOURCE_LANGUAGE: 0, "en": 1}
    return sorted(found, key=lambda code: (order.get(code, 2), code))


def read_catalogue(path: Path) -> Catalog:
    with path.open("rb") as fh:
        return read_po(fh)


def new_catalogue(language: str, template: Catalog | None) -> Catalog:
    """An empty catalogue for ``language``, with the template's messages when there is one.

    Babel knows no Meänkieli (``fit``): the catalogue then has no locale of its
    own, only the code in its header, and two plural forms like Finnish.
    """
    catalogue = Catalog(locale=language, project=PROJECT)
    if template is not None:
        catalogue.update(template, no_fuzzy_matching=True)
    return catalogue


def write_catalogue(path: Path, catalogue: Catalog) -> None:
    """Write a ``.po`` as ``tools/i18n.py update`` does (same options, same bytes)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        write_po(fh, catalogue, omit_header=False, no_location=True, ignore_obsolete=True,
                 width=100)


def compile_catalogue(path: Path, with_fuzzy: bool) -> None:
    """The ``.mo`` beside a ``.po``; fuzzy drafts go in only for an incomplete language."""
    catalogue = read_catalogue(path)
    with path.with_suffix(".mo").open("wb") as fh:
        write_mo(fh, catalogue, use_fuzzy=with_fuzzy)


def is_plural(message: Message) -> bool:
    return isinstance(message.id, tuple | list)


def state_of(message: Message) -> str:
    """``missing``, ``fuzzy`` or ``translated``: what a translator still has to do."""
    strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
    if not all(strings):  # a plural's ("", "") is truthy but untranslated
        return "missing"
    return "fuzzy" if message.fuzzy else "translated"


def incomplete_languages(environ: dict[str, str] | None = None) -> set[str]:
    """The languages declared incomplete: allowed fuzzy and missing messages.

    Those ``translations/languages.toml`` declares so (each language's table
    says ``status = "complete"`` or ``"incomplete"``: the state of this
    repository's catalogues), and those a site's ``LANGUAGES_INCOMPLETE``
    setting lists (comma-separated codes, as the app reads it).
    """
    environ = os.environ if environ is None else environ
    listed = {code.strip() for code in environ.get("LANGUAGES_INCOMPLETE", "").split(",")
              if code.strip()}
    return listed | {code for code, status in declared_statuses().items()
                     if status != "complete"}


def declared_statuses(path: Path | None = None) -> dict[str, str]:
    """Language code -> declared status, from ``translations/languages.toml``."""
    path = path or DECLARATION
    if not path.is_file():
        return {}
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    return {code: str(table.get("status", "incomplete")) for code, table in data.items()
            if isinstance(table, dict)}
