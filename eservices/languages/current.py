"""Which language is being written now: the page's, or the one a message is sent in.

A page's language is the resident's choice (``?lang=`` or the switch, kept in
the session), else the best of their browser's Accept-Language among the
site's languages, else Swedish.  A message goes out in its recipient's
language: ``in_language`` switches both the catalogue (by code) and the
formatting locale (Flask-Babel's ``force_locale``) for a block, in a request or
outside one.  Code that calls ``force_locale("en")`` itself still gets the
English catalogue: a locale forced by anyone else is read back as a language.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import current_app, g, has_app_context, has_request_context, request, session
from flask_babel import Domain, force_locale

from .configured import SWEDISH
from .site import SiteLanguages

SESSION_KEY = "lang"


def site_languages() -> SiteLanguages:
    return current_app.extensions["eservices.languages"]


def select_language() -> str:
    """The page's language code (see the module's docstring); needs a request."""
    site = site_languages()
    requested = request.args.get(SESSION_KEY)
    if site.get(requested) is not None:
        session[SESSION_KEY] = requested
    chosen = session.get(SESSION_KEY)
    if site.get(chosen) is not None:
        return chosen
    g.language_from_browser = True  # the answer depends on the header: Vary
    return request.accept_languages.best_match(site.codes) or SWEDISH


def current_language() -> str:
    """The code of the language being written: a message's in ``in_language``, else the page's.

    A page asks a few dozen times (every translated string does), so the answer
    is kept in ``g`` with what it was worked out from: the Babel locale, the
    ``writing_in`` block and whether a request is active.  A ``force_locale``
    or ``writing_in`` replaces one of those objects, so it is worked out again.
    """
    if not has_app_context():
        return SWEDISH
    globals_ = g._get_current_object()
    state = getattr(globals_, "_flask_babel", None)
    locale = getattr(state, "babel_locale", None)
    forced = getattr(state, "eservices_language", None)
    in_request = has_request_context()
    kept = getattr(globals_, "_current_language", None)
    if (kept is not None and kept[0] is locale and kept[1] is forced
            and kept[2] is in_request):
        return kept[3]
    code = _language_for(locale, forced, in_request, globals_)
    globals_._current_language = (locale, forced, in_request, code)
    return code


def _language_for(locale, forced, in_request: bool, globals_) -> str:
    if forced is not None and locale is forced[1]:
        return forced[0]
    if in_request:
        code = getattr(globals_, "language", None)
        if code is None:
            code = globals_.language = select_language()
        if locale is None or str(locale) == site_languages().locale_of(code):
            return code
        return site_languages().code_for_locale(locale)  # someone's force_locale
    return site_languages().code_for_locale(locale) if locale is not None else SWEDISH


def formatting_locale() -> str:
    """Flask-Babel's locale selector: the current language's formatting locale."""
    return site_languages().locale_of(current_language())


@contextmanager
def writing_in(language: str | None) -> Iterator[str]:
    """Write in ``language`` for a block: its catalogue (by code) and its formatting locale.

    Use it instead of Flask-Babel's ``force_locale``, which cannot take a code
    Babel lacks (``fit``).  A language the site does not offer is written in
    Swedish; the code written in is what the block gets.
    """
    code = site_languages().usable(language)
    with force_locale(site_languages().locale_of(code)):
        state = g._flask_babel
        previous = getattr(state, "eservices_language", None)
        state.eservices_language = (code, state.babel_locale)
        try:
            yield code
        finally:
            state.eservices_language = previous


@contextmanager
def in_language(module_id: str, language: str | None) -> Iterator[Domain]:
    """A module's catalogue in ``language``, in a request or outside one (jobs, CLI).

    ``with in_language(id, lang) as t: t.gettext("...")`` translates from the
    module's own catalogue, and dates and amounts formatted inside the block
    follow the language's formatting locale (``writing_in``).  Needs an app
    context.
    """
    domain = current_app.extensions["eservices.modules"].domains[module_id]
    with writing_in(language):
        yield domain
