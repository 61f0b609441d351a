"""The languages one site offers: configured, and checked against their catalogues.

``LANGUAGES`` names them; a language whose catalogue (the platform's or any
enabled module's) is incomplete or holds fuzzy drafts is offered only when
``LANGUAGES_INCOMPLETE`` lists it.  Otherwise production refuses to start,
naming the catalogues, and development starts without it and says why: a
resident must never meet a half-translated language nobody chose to offer.
Swedish and English are exempt: Swedish is the reference that
``tools/i18n.py check`` keeps complete, and English is the messages' own text.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from babel import Locale

from ..config import ConfigurationError
from .configured import SWEDISH, Language, parse_codes, parse_languages
from .coverage import Coverage, catalogue_coverage

log = logging.getLogger(__name__)


class IncompleteCatalogue(ConfigurationError):
    """A configured language's catalogue is incomplete and it is not allowed to be."""


@dataclass(frozen=True)
class SiteLanguages:
    """The offered languages in switch order, and what is known about each."""

    offered: tuple[Language, ...]
    incomplete: frozenset[str]  # offered although their catalogues have gaps

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(language.code for language in self.offered)

    def get(self, code: str | None) -> Language | None:
        return next((language for language in self.offered if language.code == code), None)

    def usable(self, code: str | None) -> str:
        """``code`` if the site offers it, else Swedish (a stored language since removed)."""
        return code if code is not None and self.get(code) is not None else SWEDISH

    def locale_of(self, code: str) -> str:
        """The Babel locale that formats ``code``'s dates, numbers and amounts."""
        language = self.get(code)
        return language.locale if language is not None else code

    def code_for_locale(self, locale: Locale | str) -> str:
        """The language a Babel locale set by ``force_locale("en")`` stands for."""
        name = str(locale)
        language = Locale.parse(name).language if name else SWEDISH
        for candidate in (name, language):
            if self.get(candidate) is not None:
                return candidate
        same_format = next((lang.code for lang in self.offered if lang.locale == name), None)
        return same_format or language


def coverage_gaps(language: str, catalogues: Mapping[str, Path]) -> list[tuple[str, Coverage]]:
    """The catalogues (by owner) in which ``language`` is not complete."""
    gaps = []
    for owner, folder in catalogues.items():
        coverage = catalogue_coverage(folder, language)
        if coverage.total and not coverage.complete:
            gaps.append((owner, coverage))
    return gaps


def build(configured: str | Iterable[Language], incomplete: str | Iterable[str],
          catalogues: Mapping[str, Path], production: bool) -> SiteLanguages:
    """The site's languages from its settings, with each catalogue checked.

    ``catalogues`` are the translations folders by owner ("platform", module ids).
    """
    languages = parse_languages(configured) if isinstance(configured, str) else tuple(configured)
    allowed = parse_codes(incomplete) if isinstance(incomplete, str) else frozenset(incomplete)
    offered, problems = [], []
    for language in languages:
        gaps = coverage_gaps(language.code, catalogues) if language.falls_back_to_swedish else []
        if gaps and language.code not in allowed:
            problems.append(f"the {language.code} catalogue is incomplete ("
                            + "; ".join(f"{owner}: {coverage.describe()}"
                                        for owner, coverage in gaps) + ")")
            continue
        offered.append(language)
    if problems:
        advice = ("complete it, or list the language in LANGUAGES_INCOMPLETE to offer it "
                  "with the missing texts in Swedish")
        if production:
            raise IncompleteCatalogue("LANGUAGES: " + "; ".join(problems) + f": {advice}")
        for problem in problems:
            log.warning("LANGUAGES: %s; the language is not offered: %s", problem, advice)
    codes = {language.code for language in offered}
    return SiteLanguages(tuple(offered), frozenset(allowed & codes))
