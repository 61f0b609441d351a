"""Languages: Swedish first, English complete, chosen per browser session.

Each module gets its own translation domain (see the registry); this module sets
the request's domain and provides locale-aware formatting for templates.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from babel import support
from babel.dates import get_date_format, get_datetime_format, get_time_format
from flask import Blueprint, Flask, abort, current_app, g, redirect, request, session
from flask_babel import (
    Babel,
    Domain,
    force_locale,
    format_currency,
    format_date,
    format_datetime,
    get_locale,
    get_translations,
)
from wtforms.i18n import messages_path

LANGUAGES = {"sv": "Svenska", "en": "English"}
DEFAULT_LANGUAGE = "sv"
# A date as every page writes it: "15 december 2026", "15 December 2026" - the day
# first in both languages (CLDR's English "long" is the US "December 15, 2026").
LONG_DATE = "d MMMM y"
# The CLDR locale whose date and time patterns a language's pages use: English as
# the municipality writes it (GOV.UK's style, "1 November 2026", "27/11/2026, 10:00"),
# not CLDR's plain English, which is American ("November 1, 2026", "10:00 AM").
_PATTERNS_OF = {"en": "en_GB"}
_NAMED_FORMATS = ("short", "medium", "long", "full")

babel = Babel()
bp = Blueprint("language", __name__)


def select_locale() -> str:
    """The page's language: the resident's own choice, else their browser's, else Swedish.

    An explicit ?lang= (from the language switch or a shared link) wins and sticks
    in the session.  Until a resident chooses, a visit follows the browser's
    Accept-Language among the site's languages (an English browser reads English
    from the first page) without storing it, so the choice stays the resident's.
    """
    requested = request.args.get("lang")
    if requested in LANGUAGES:
        session["lang"] = requested
    chosen = session.get("lang")
    if chosen in LANGUAGES:
        return chosen
    g.language_from_browser = True  # the answer depends on the header: see _vary
    return request.accept_languages.best_match(LANGUAGES) or DEFAULT_LANGUAGE


def current_language() -> str:
    return str(get_locale() or DEFAULT_LANGUAGE)


@contextmanager
def in_language(module_id: str, language: str) -> Iterator[Domain]:
    """A module's catalogue in ``language``, in a request or outside one (jobs, CLI).

    A message goes out in its recipient's language, not the language of the
    page (or job) that sends it; ``with in_language(id, lang) as t:
    t.gettext("...")`` translates from the module's own catalogue.  Needs an app
    context.
    """
    domain = current_app.extensions["eservices.modules"].domains[module_id]
    with force_locale(language if language in LANGUAGES else DEFAULT_LANGUAGE):
        yield domain


def format_sek(amount: Decimal | int | float) -> str:
    """'1 234,50 kr' in Swedish, 'SEK 1,234.50' in English (CLDR glues the code on)."""
    if current_language() == "sv":
        return format_currency(amount, "SEK")
    return format_currency(amount, "SEK", format="¤\xa0#,##0.00")


def _pattern(format: str, with_time: bool) -> str:
    """A named format ("long") as the pattern of the page's language's own locale."""
    locale = _PATTERNS_OF.get(current_language())
    if locale is None or format not in _NAMED_FORMATS:
        return format
    day = get_date_format(format, locale).pattern
    if not with_time:
        return day
    time = get_time_format(format, locale).pattern
    return get_datetime_format(format, locale).replace("{1}", day).replace("{0}", time)


def format_day(value: Any = None, format: str = "medium") -> str:
    """The ``date`` filter: Flask-Babel's ``format_date``, day first in English too."""
    return format_date(value, _pattern(format, with_time=False))


def format_moment(value: Any = None, format: str = "medium") -> str:
    """The ``datetime`` filter: Flask-Babel's ``format_datetime``, day first in English."""
    return format_datetime(value, _pattern(format, with_time=True))


def safe_next(target: str | None) -> str:
    """Only redirect within this site: never to another host.

    Control characters are refused too: CR/LF in a Location header is a 500 in
    werkzeug (and header splitting elsewhere), and browsers drop tabs and read a
    backslash as a slash, so ``/\\tevil.example`` or ``/\\evil.example`` would
    leave the site.
    """
    if not target or any(ord(char) < 0x20 or char in "\x7f\\" for char in target):
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target


@bp.route("/language/<code>")
def switch(code: str):
    """The language switch: a plain link, so it works without JavaScript."""
    if code not in LANGUAGES:
        abort(404)
    session["lang"] = code
    return redirect(safe_next(request.args.get("next")))


@lru_cache(maxsize=8)
def _wtforms_catalogue(locale: str) -> support.Translations:
    return support.Translations.load(messages_path(), [locale], domain="wtforms")


class _WTFormsMessages:
    """WTForms' own messages in the request's language, read from disk once per process.

    Flask-WTF would load the catalogue file on every request that builds a form
    (a field without a label asks for one); it takes a request's
    ``wtforms_translations`` when one is set.
    """

    def ugettext(self, string: str) -> str:
        return _wtforms_catalogue(current_language()).ugettext(string)

    def ungettext(self, singular: str, plural: str, n: int) -> str:
        return _wtforms_catalogue(current_language()).ungettext(singular, plural, n)


_WTFORMS_MESSAGES = _WTFormsMessages()


def _translations() -> support.NullTranslations:
    """Flask-Babel's ``get_translations()``, looked up once per domain and locale a request.

    A page's template translates a few dozen strings, and Flask-Babel finds the
    request's domain, locale and catalogue afresh for each.  The answer is kept
    in the request's Babel state with the domain and locale objects it was found
    for, so ``force_locale``, ``refresh`` and ``Domain.as_default`` (each of which
    replaces one of them) are honoured as before.
    """
    state = g.get("_flask_babel") if g else None
    if state is not None:
        kept = getattr(state, "eservices_translations", None)
        if (kept is not None and kept[0] is getattr(state, "babel_domain", None)
                and kept[1] is getattr(state, "babel_locale", None)):
            return kept[2]
    translations = get_translations()
    state = g.get("_flask_babel") if g else None
    if state is not None and getattr(state, "babel_locale", None) is not None:
        state.eservices_translations = (getattr(state, "babel_domain", None),
                                        state.babel_locale, translations)
    return translations


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale,
                   default_translation_directories=app.config["BABEL_TRANSLATION_DIRECTORIES"])
    app.register_blueprint(bp)
    # As Flask-Babel installs them, on the per-request lookup above.
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: _translations().ugettext(s),
        ngettext=lambda s, p, n: _translations().ungettext(s, p, n),
        pgettext=lambda c, s: _translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: _translations().unpgettext(c, s, p, n),
        newstyle=True)
    app.jinja_env.filters["sek"] = format_sek
    app.jinja_env.filters["date"] = format_day
    app.jinja_env.filters["datetime"] = format_moment

    # The platform's own catalogue for pages of no module.  Flask-Babel's default
    # is a new Domain per request, which reads the catalogue files every time.
    platform = Domain(domain=app.extensions["babel"].default_domain)

    @app.before_request
    def _use_module_domain() -> None:
        registry = app.extensions["eservices.modules"]
        module = registry.for_blueprint(request.blueprint)
        g.module = module
        # A built journey has no catalogue of its own: the platform's serves it.
        domain = registry.domains.get(module.id) if module is not None else None
        (domain or platform).as_default()
        request.wtforms_translations = _WTFORMS_MESSAGES

    @app.after_request
    def _vary(response):
        # A page in the browser's language must not be served from a shared cache to
        # a browser that asks for another.
        if g.get("language_from_browser"):
            response.vary.add("Accept-Language")
        return response

    @app.context_processor
    def _language_context() -> dict:
        return {"languages": LANGUAGES, "current_language": current_language()}
