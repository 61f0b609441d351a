"""The site's languages as configuration: codes, their own names, their formatting locales.

A language is a code with a catalogue under ``translations/<code>/`` (the
platform's and each module's).  The code is what the page is written in (the
catalogue, ``<html lang>``, a recipient's stored language); the *formatting
locale* is the Babel (CLDR) locale its dates, numbers and amounts are written
with.  They differ where CLDR lacks the language (Meänkieli ``fit``, written
the Finnish way) or knows only its name (Lule Sámi ``smj``, whose CLDR dates
come out as "2026 M03 14"): Flask-Babel is only ever given the formatting
locale, which it can parse.  ``data/languages.toml`` holds what Babel lacks.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from babel import Locale, UnknownLocaleError

SWEDISH = "sv"
#: The language the code's messages are written in: a catalogue for it holds the
#: messages themselves, so a missing entry already reads right.
SOURCE_LANGUAGE = "en"
_DATA = Path(__file__).resolve().parent / "data" / "languages.toml"
_CODE = re.compile(r"^[a-z]{2,3}$")


@dataclass(frozen=True)
class Language:
    """One configured language: its code and the Babel locale that formats for it."""

    code: str
    locale: str

    @property
    def name(self) -> str:
        """The language's name in itself ("suomi", "davvisámegiella", "meänkieli")."""
        return own_name(self.code)

    @property
    def falls_back_to_swedish(self) -> bool:
        """Whether a message its catalogue lacks is shown in Swedish (marked ``lang="sv"``).

        Swedish needs no fallback, and English is the messages' own language.
        """
        return self.code not in (SWEDISH, SOURCE_LANGUAGE)


@cache
def _known() -> dict[str, dict[str, str]]:
    with _DATA.open("rb") as fh:
        return tomllib.load(fh)


def _babel_locale(code: str) -> Locale | None:
    try:
        return Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        return None


@cache
@cache
def own_name(code: str) -> str:
    """A language's name as its speakers write it: the data file's, else Babel's, else the code.

    Kept per code: every page names each language in its switch, and Babel parses
    the locale to answer.
    """
    named = _known().get(code, {}).get("name")
    if named:
        return named
    locale = _babel_locale(code)
    return (locale.get_language_name(code) if locale is not None else None) or code


def label_name(code: str) -> str:
    """The own name as a label begins ("Svenska", "Suomi"): the journey editor's fields."""
    name = own_name(code)
    return name[:1].upper() + name[1:]


def _formats_itself(locale: Locale) -> bool:
    """Whether CLDR has real date patterns for ``locale`` (not only the root's "y MMMM d")."""
    root = Locale("root")
    return locale.date_formats["long"].pattern != root.date_formats["long"].pattern


def default_locale(code: str) -> str:
    """The formatting locale of ``code`` when the configuration names none.

    Raises ValueError, saying what to write, when Babel cannot format the language.
    """
    known = _known().get(code, {}).get("format")
    if known:
        return known
    locale = _babel_locale(code)
    if locale is None or not _formats_itself(locale):
        raise ValueError(f"Babel cannot format dates and numbers in {code!r}; name the locale "
                         f"to format it with, e.g. {code}:sv or {code}:fi")
    return code


def babel_locale_for(code: str) -> str:
    """A Babel locale for ``code`` without an app (generated code, files): its default
    formatting locale, or Swedish's for a language Babel cannot format."""
    try:
        return default_locale(code)
    except ValueError:
        return SWEDISH


def catalogue_locale(code: str) -> str:
    """The locale to give a Babel ``Catalog`` for ``code``: the code itself where Babel
    knows it, else its formatting locale (Meänkieli's catalogue gets Finnish plurals)."""
    return code if _babel_locale(code) is not None else babel_locale_for(code)


def parse_languages(value: str) -> tuple[Language, ...]:
    """``"sv,en,fi,se,fit:fi,smj:sv"`` as Languages, in order; ValueError says what is wrong."""
    languages: list[Language] = []
    for entry in (item.strip() for item in value.split(",")):
        if not entry:
            continue
        code, _, locale = (part.strip() for part in entry.partition(":"))
        if not _CODE.match(code):
            raise ValueError(f"{code!r} is not a language code (2-3 lower-case letters)")
        if any(language.code == code for language in languages):
            raise ValueError(f"{code!r} is listed twice")
        if locale:
            if _babel_locale(locale) is None:
                raise ValueError(f"{code}:{locale}: Babel knows no locale {locale!r}")
        else:
            locale = default_locale(code)
        languages.append(Language(code, locale))
    if not any(language.code == SWEDISH for language in languages):
        raise ValueError("Swedish (sv) must be one of the languages: it is every text's fallback")
    return tuple(languages)


def parse_codes(value: str) -> frozenset[str]:
    """A comma-separated list of language codes (``LANGUAGES_INCOMPLETE``)."""
    codes = frozenset(item.strip() for item in value.split(",") if item.strip())
    wrong = sorted(code for code in codes if not _CODE.match(code))
    if wrong:
        raise ValueError(f"{', '.join(wrong)}: not language codes")
    return codes
