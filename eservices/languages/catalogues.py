"""Catalogues chosen by the page's language code, with Swedish in place of a gap.

Flask-Babel picks a catalogue by its locale, and its locale must be one Babel
can parse: ``fit`` (Meänkieli) would crash it, and ``fit`` pages formatted as
Finnish would read the Finnish catalogue.  So the platform gives Flask-Babel the
*formatting* locale and reads catalogues itself, by the language's own code
(``translations/fit/LC_MESSAGES/messages.mo``).  In a language other than
Swedish and English a message its catalogue lacks is the Swedish one, marked
(``marks``) so the page can say it is Swedish.
"""

from __future__ import annotations

from collections.abc import Callable

from babel import support
from flask import g
from flask_babel import Domain

from . import marks
from .configured import SOURCE_LANGUAGE, SWEDISH

_CONTEXT = "%s\x04%s"


class WithSwedish(support.NullTranslations):
    """A language's catalogue whose gaps are filled from Swedish, marked as Swedish.

    A message Swedish lacks too (which ``tools/i18n.py check`` forbids) stays
    the English source text, unmarked: it is not Swedish.
    """

    def __init__(self, own: support.NullTranslations, swedish: support.NullTranslations) -> None:
        super().__init__()
        self.own, self.swedish = own, swedish
        self._catalog = own._catalog
        self.plural = getattr(own, "plural", self.plural)

    def _swedish_for(self, key: object, swedish: Callable[[], str], source: str) -> str:
        if key in self.swedish._catalog:
            return marks.mark(swedish())
        return source

    def gettext(self, message: str) -> str:
        found = self._catalog.get(message)
        if found is not None:
            return found
        return self._swedish_for(message, lambda: self.swedish.gettext(message), message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:  # type: ignore[override]
        found = self._catalog.get((singular, self.plural(n)))
        if found is not None:
            return found
        source = singular if n == 1 else plural
        return self._swedish_for((singular, 0), lambda: self.swedish.ngettext(singular, plural, n),
                              source)

    def pgettext(self, context: str, message: str) -> str:  # type: ignore[override]
        key = _CONTEXT % (context, message)
        found = self._catalog.get(key)
        if found is not None:
            return found
        return self._swedish_for(key, lambda: self.swedish.pgettext(context, message), message)

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> str:
        key = _CONTEXT % (context, singular)
        found = self._catalog.get((key, self.plural(n)))
        if found is not None:
            return found
        source = singular if n == 1 else plural
        return self._swedish_for((key, 0),
                              lambda: self.swedish.npgettext(context, singular, plural, n),
                              source)

    ugettext, ungettext = gettext, ngettext
    upgettext, unpgettext = pgettext, npgettext


def load(directories: list[str], domain: str, code: str) -> support.Translations:
    """The catalogues of ``code`` in ``directories`` merged, later ones winning."""
    translations = support.Translations()
    for directory in directories:
        catalogue = support.Translations.load(directory, [code], domain)
        translations.merge(catalogue)
        if hasattr(catalogue, "plural"):  # merge() copies only the messages
            translations.plural = catalogue.plural
    return translations


def with_fallback(code: str, load_code: Callable[[str], support.NullTranslations]
                  ) -> support.NullTranslations:
    """``code``'s catalogue, with Swedish filling its gaps where that is the rule."""
    own = load_code(code)
    if code in (SWEDISH, SOURCE_LANGUAGE):
        return own
    return WithSwedish(own, load_code(SWEDISH))


class LanguageDomain(Domain):
    """A Flask-Babel domain whose catalogue follows the page's language code.

    ``language`` is the function that tells the code (``current_language``).
    """

    def __init__(self, language: Callable[[], str], translation_directories: list[str] | None
                 = None, domain: str = "messages") -> None:
        super().__init__(translation_directories=translation_directories, domain=domain)
        self._language = language

    def get_translations(self) -> support.NullTranslations:
        if not g:
            return support.NullTranslations()
        return self.translations_for(self._language())

    def translations_for(self, code: str) -> support.NullTranslations:
        """The catalogue of ``code`` (read once per process), whatever the page's language."""
        key = (code, self.domain[0])
        found = self.cache.get(key)
        if found is None:
            directories = list(self.translation_directories)
            found = self.cache[key] = with_fallback(
                code, lambda c: load(directories, self.domain[0], c))
        return found
