"""Translation workflow for the platform and the modules in this repository.

    python tools/i18n.py update    extract strings, update every language's catalogues
    python tools/i18n.py compile   write the .mo files the app reads
    python tools/i18n.py check     fail on untranslated or fuzzy messages, and broken
                                   placeholders

A language is a code with a catalogue, ``translations/<code>/LC_MESSAGES/
messages.po`` (the platform's and each module's); ``update`` gives every module
a catalogue for every language any of them has.  English is the source
language, so ``update`` fills each English message with its own text; the
others are translated by people, in the .po files or with ``flask eservices
translations export|import``.

Languages declared incomplete (``translations/languages.toml``, or the
``LANGUAGES_INCOMPLETE`` setting when it is set) hold machine-assisted drafts:
their fuzzy entries are compiled and shown, and ``check`` lets them be fuzzy or
missing.  Every other language must be complete and reviewed.  A translation's
placeholders must match its message's in every language: a draft is shown too.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.catalog import Message

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from eservices.translation_work.catalogue_files import (  # noqa: E402 - after the path
    compile_catalogue,
    incomplete_languages,
    is_plural,
    languages_in,
    new_catalogue,
    po_path,
    read_catalogue,
    state_of,
    write_catalogue,
)
from eservices.translation_work.placeholders import (  # noqa: E402
    differences,
    found,
    plural_differences,
)

KEYWORDS = ["-k", "_l", "-k", "lazy_gettext"]


def catalogues() -> list[tuple[list[Path], Path]]:
    """(source folders, translations folder) for the platform and each module."""
    found_ = [([ROOT / "eservices", ROOT / "notifications"], ROOT / "translations")]
    for parent in ("services", "prototypes"):
        for translations in sorted((ROOT / parent).glob("*/translations")):
            found_.append(([translations.parent], translations))
    return found_


def languages() -> list[str]:
    return languages_in(translations for _sources, translations in catalogues())


def update() -> None:
    codes = languages()
    for sources, translations in catalogues():
        pot = translations / "messages.pot"
        command = [sys.executable, "-m", "babel.messages.frontend", "--quiet", "extract",
                   "--no-location", "--omit-header", "--sort-output", "-F",
                   str(ROOT / "babel.cfg"), *KEYWORDS, "-o", str(pot), *map(str, sources)]
        subprocess.run(command, check=True)  # noqa: S603 - fixed arguments of our own
        for language in codes:
            path = po_path(translations, language)
            catalogue = (read_catalogue(path) if path.exists()
                         else new_catalogue(language, None))
            # Read afresh for each language: Catalog.update adds the template's own
            # message objects, which filling English below would change for the next.
            catalogue.update(read_catalogue(pot), no_fuzzy_matching=True)
            if language == "en":
                for message in catalogue:
                    if is_plural(message):  # a plural: (singular, plural)
                        if not all(message.string):
                            message.string = tuple(message.id)
                    elif message.id and not message.string:
                        message.string = message.id
            write_catalogue(path, catalogue)


def compile_all() -> None:
    incomplete = incomplete_languages()
    for _source, translations in catalogues():
        for path in translations.glob("*/LC_MESSAGES/messages.po"):
            compile_catalogue(path, with_fuzzy=path.parent.parent.name in incomplete)


def placeholder_problems(message: Message) -> list[str]:
    """What is wrong with a translation's placeholders (a fuzzy draft's too)."""
    if state_of(message) == "missing":
        return []
    if is_plural(message):
        return plural_differences(message.id[0], message.id[1], list(message.string),
                                  message.python_format)
    return differences(found(message.id, message.python_format), message.string,
                       message.python_format)


def problems() -> list[str]:
    found_problems = []
    incomplete = incomplete_languages()
    for _source, translations in catalogues():
        for language in languages():
            path = po_path(translations, language)
            if not path.exists():
                if language not in incomplete:
                    found_problems.append(f"{path}: missing")
                continue
            for message in read_catalogue(path):
                if not message.id:
                    continue
                for problem in placeholder_problems(message):
                    found_problems.append(f"{path}: {problem}: {message.id!r}")
                state = state_of(message)
                if language in incomplete or state == "translated":
                    continue
                found_problems.append(f"{path}: {'fuzzy' if state == 'fuzzy' else 'untranslated'}"
                                      f": {message.id!r}")
    return found_problems


def summary() -> str:
    """One line per language declared incomplete: how far its drafts have come."""
    lines = []
    for language in sorted(incomplete_languages() & set(languages())):
        counts = {"translated": 0, "fuzzy": 0, "missing": 0}
        for _source, translations in catalogues():
            path = po_path(translations, language)
            if path.exists():
                for message in read_catalogue(path):
                    if message.id:
                        counts[state_of(message)] += 1
        lines.append(f"{language} (declared incomplete): {counts['translated']} reviewed, "
                     f"{counts['fuzzy']} fuzzy, {counts['missing']} missing")
    return "\n".join(lines)


if __name__ == "__main__":
    action = sys.argv[1] if len(sys.argv) > 1 else ""
    if action == "update":
        update()
    elif action == "compile":
        compile_all()
    elif action == "check":
        issues = problems()
        print("\n".join(issues) or "All catalogues complete.")
        if summary():
            print(summary())
        sys.exit(1 if issues else 0)
    else:
        sys.exit(__doc__)
