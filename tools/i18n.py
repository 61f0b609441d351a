"""Translation workflow for the platform and the modules in this repository.

    python tools/i18n.py update    extract strings, update sv/en catalogues
    python tools/i18n.py compile   write the .mo files the app reads
    python tools/i18n.py check     fail on untranslated or fuzzy messages

English is the source language, so ``update`` fills each English message with
its own text; Swedish is translated by people, in the .po files.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("sv", "en")
KEYWORDS = ["-k", "_l", "-k", "lazy_gettext"]


def catalogues() -> list[tuple[list[Path], Path]]:
    """(source folders, translations folder) for the platform and each module."""
    found = [([ROOT / "eservices", ROOT / "notifications"], ROOT / "translations")]
    for parent in ("services", "prototypes"):
        for translations in sorted((ROOT / parent).glob("*/translations")):
            found.append(([translations.parent], translations))
    return found


def update() -> None:
    for sources, translations in catalogues():
        pot = translations / "messages.pot"
        command = [sys.executable, "-m", "babel.messages.frontend", "--quiet", "extract",
                   "--no-location", "--omit-header", "--sort-output", "-F",
                   str(ROOT / "babel.cfg"), *KEYWORDS, "-o", str(pot), *map(str, sources)]
        subprocess.run(command, check=True)  # noqa: S603 - fixed arguments of our own
        with pot.open("rb") as fh:
            template = read_po(fh)
        for language in LANGUAGES:
            po_path = translations / language / "LC_MESSAGES" / "messages.po"
            if po_path.exists():
                with po_path.open("rb") as fh:
                    catalogue = read_po(fh, locale=language)
            else:
                po_path.parent.mkdir(parents=True, exist_ok=True)
                from babel.messages.catalog import Catalog
                catalogue = Catalog(locale=language, project="Tjänsteslussen")
            catalogue.update(template, no_fuzzy_matching=True)
            if language == "en":
                for message in catalogue:
                    if isinstance(message.id, tuple | list):  # a plural: (singular, plural)
                        if not all(message.string):
                            message.string = tuple(message.id)
                    elif message.id and not message.string:
                        message.string = message.id
            with po_path.open("wb") as fh:
                write_po(fh, catalogue, omit_header=False, no_location=True,
                         ignore_obsolete=True, width=100)


def compile_all() -> None:
    for _source, translations in catalogues():
        for po_path in translations.glob("*/LC_MESSAGES/messages.po"):
            with po_path.open("rb") as fh:
                catalogue = read_po(fh)
            with po_path.with_suffix(".mo").open("wb") as fh:
                write_mo(fh, catalogue)


def problems() -> list[str]:
    found = []
    for _source, translations in catalogues():
        for language in LANGUAGES:
            po_path = translations / language / "LC_MESSAGES" / "messages.po"
            if not po_path.exists():
                found.append(f"{po_path}: missing")
                continue
            with po_path.open("rb") as fh:
                catalogue = read_po(fh)
            for message in catalogue:
                if not message.id:
                    continue
                if message.fuzzy:
                    found.append(f"{po_path}: fuzzy: {message.id!r}")
                elif not message.string or (isinstance(message.string, tuple)
                                            and not all(message.string)):
                    # A plural's string is a tuple: ("", "") is truthy but untranslated.
                    found.append(f"{po_path}: untranslated: {message.id!r}")
    return found


if __name__ == "__main__":
    action = sys.argv[1] if len(sys.argv) > 1 else ""
    if action == "update":
        update()
    elif action == "compile":
        compile_all()
    elif action == "check":
        issues = problems()
        print("\n".join(issues) or "All catalogues complete.")
        sys.exit(1 if issues else 0)
    else:
        sys.exit(__doc__)
