"""Languages in the app: the configured ones, chosen per browser session, Swedish first.

The parts live in ``eservices.languages``; this module wires them into Flask:
Flask-Babel is given the *formatting* locale of the page's language (one Babel
can parse), catalogues are read by the language's own code (each module's
translation domain over the platform's, see the registry), Swedish in a
catalogue's gaps is marked ``lang="sv"`` on the way out, and the templates get
locale-aware filters and the language switch.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from babel import support
from flask import (
    Blueprint,
    Flask,
    Response,
    abort,
    current_app,
    g,
    has_app_context,
    redirect,
    request,
    session,
    url_for,
)
from flask_babel import Babel, format_currency, format_date, format_datetime, get_translations
from wtforms.i18n import messages_path

from .languages import marks, template_gettext
from .languages.catalogues import LanguageDomain, with_fallback
from .languages.configured import SOURCE_LANGUAGE, SWEDISH, own_name
from .languages.current import (
    SESSION_KEY,
    current_language,
    formatting_locale,
    in_language,
    site_languages,
)
from .languages.site import build

__all__ = ["DEFAULT_LANGUAGE", "LANGUAGES", "LONG_DATE", "current_language", "format_day",
           "format_moment", "format_sek", "in_language", "language_names", "safe_next",
           "site_languages"]

log = logging.getLogger(__name__)
DEFAULT_LANGUAGE = SWEDISH
# A date as every page writes it: "15 december 2026", "15 December 2026" - the day
# first (CLDR's plain English "long" is the US "December 15, 2026"; English pages
# format as en_GB anyway).
LONG_DATE = "d MMMM y"
# Text answers whose fallback marks must go; HTML pages get spans instead.
_TEXT_TYPES = ("application/json", "application/problem+json", "application/xml",
               "application/javascript")

babel = Babel()
bp = Blueprint("language", __name__)


class _OfferedLanguages(Mapping[str, str]):
    """``LANGUAGES`` as it was (code -> name), now the serving app's offered languages.

    Kept for code written when the languages were fixed (``code in LANGUAGES``,
    ``best_match(LANGUAGES)``); new code asks ``site_languages()``.  Outside an
    app it is the default pair, Swedish and English.
    """

    def _names(self) -> Mapping[str, str]:
        if has_app_context() and "eservices.languages" in current_app.extensions:
            return language_names()
        return {SWEDISH: own_name(SWEDISH), SOURCE_LANGUAGE: own_name(SOURCE_LANGUAGE)}

    def __getitem__(self, code: str) -> str:
        return self._names()[code]

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._names()))

    def __len__(self) -> int:
        return len(self._names())


LANGUAGES: Mapping[str, str] = _OfferedLanguages()


class LanguageNames(dict[str, str]):
    """Own names by code, in the switch's order; a code no longer offered (a stored
    language) is still named, not a KeyError."""

    def __missing__(self, code: str) -> str:
        return own_name(code)


def language_names() -> LanguageNames:
    """The own name of every offered language by code, in the switch's order."""
    return LanguageNames((language.code, language.name) for language in site_languages().offered)


def format_sek(amount: Decimal | int | float) -> str:
    """An amount in kronor as the language writes it: '1 234,50 kr' (sv, se),
    '1 234,50 SEK' (fi), 'SEK 1,234.50' (en; CLDR would glue the code on)."""
    if formatting_locale().split("_")[0] == "en":
        return format_currency(amount, "SEK", format="¤\xa0#,##0.00")
    return format_currency(amount, "SEK")


def format_day(value: Any = None, format: str = "medium") -> str:
    """The ``date`` filter: Flask-Babel's ``format_date`` in the formatting locale."""
    return format_date(value, format)


def format_moment(value: Any = None, format: str = "medium") -> str:
    """The ``datetime`` filter: Flask-Babel's ``format_datetime`` in the formatting locale."""
    return format_datetime(value, format)


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


#: What Werkzeug leaves unescaped in a query (WHATWG's percent-encode set), so the
#: switch's link is byte for byte what ``url_for`` builds.
_QUERY_SAFE = "!$'()*,/:;?@"


def switch_url(code: str) -> str:
    """The switch's link to ``code``, back to this page without its own ``?lang=``
    (which would otherwise win over the choice just made).

    Every page has one per other language: the route part is built once per
    language and script root, the ``next`` query per page.
    """
    query = [(key, value) for key, value in request.args.items(multi=True) if key != SESSION_KEY]
    here = request.path + (f"?{urlencode(query)}" if query else "")
    bases = current_app.extensions.setdefault("eservices.language_switch", {})
    key = (request.script_root, code)
    base = bases.get(key)
    if base is None:
        base = bases[key] = url_for("language.switch", code=code)
    return f"{base}?{urlencode([('next', here)], safe=_QUERY_SAFE)}"


@bp.route("/language/<code>")
def switch(code: str):
    """The language switch: a plain link, so it works without JavaScript."""
    if site_languages().get(code) is None:
        abort(404)
    session[SESSION_KEY] = code
    return redirect(safe_next(request.args.get("next")))


@lru_cache(maxsize=16)
def _wtforms_catalogue(code: str) -> support.NullTranslations:
    """WTForms' own messages in ``code``, Swedish where WTForms has no catalogue for it."""
    return with_fallback(code, lambda c: support.Translations.load(messages_path(), [c],
                                                                   domain="wtforms"))


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
    """The request's catalogue, looked up once per domain and language a request.

    A page's template translates a few dozen strings, and Flask-Babel finds the
    request's domain and catalogue afresh for each.  The answer is kept in the
    request's Babel state with what the language and catalogue follow from: the
    domain, the locale and the ``writing_in`` block.  ``in_language``,
    ``force_locale`` and ``Domain.as_default`` each replace one of those, so
    they are honoured as before.
    """
    if not has_app_context():
        return get_translations()
    state = getattr(g._get_current_object(), "_flask_babel", None)
    if state is not None:
        kept = getattr(state, "eservices_translations", None)
        if (kept is not None and kept[0] is getattr(state, "babel_domain", None)
                and kept[1] is getattr(state, "babel_locale", None)
                and kept[2] is getattr(state, "eservices_language", None)):
            return kept[3]
    translations = get_translations()
    state = getattr(g._get_current_object(), "_flask_babel", None)
    if state is not None and getattr(state, "babel_domain", None) is not None:
        state.eservices_translations = (state.babel_domain,
                                        getattr(state, "babel_locale", None),
                                        getattr(state, "eservices_language", None),
                                        translations)
    return translations


def _unmarked(chunks: Iterator[Any]) -> Iterator[Any]:
    for chunk in chunks:
        yield marks.strip_bytes(chunk) if isinstance(chunk, bytes) else marks.strip(chunk)


def show_fallbacks(response: Response) -> Response:
    """Swedish fallbacks as ``<span lang="sv">`` in a page's text, unmarked elsewhere."""
    if response.direct_passthrough:  # a file sent as it is
        return response
    textual = response.mimetype.startswith("text/") or response.mimetype in _TEXT_TYPES
    if not textual:
        return response
    if response.is_streamed:  # an export written row by row
        response.response = _unmarked(iter(response.response))
        return response
    data = response.get_data()
    if response.is_json:  # marks may be \u escapes there
        text = data.decode()
        if marks.is_marked_json(text):
            response.set_data(marks.strip_json(text))
        return response
    if marks.START_BYTES not in data and marks.END_BYTES not in data:
        return response
    text = data.decode(response.mimetype_params.get("charset", "utf-8"))
    response.set_data(marks.to_html(text) if response.mimetype == "text/html"
                      else marks.strip(text))
    return response


def _catalogue_folders(app: Flask) -> dict[str, Path]:
    """The translations folders whose coverage decides whether a language is offered."""
    registry = app.extensions["eservices.modules"]
    folders = {"platform": Path(app.config["BABEL_TRANSLATION_DIRECTORIES"])}
    for module in registry.enabled.values():
        if module.translations_dir.is_dir():
            folders[module.id] = module.translations_dir
    return folders


def init_app(app: Flask) -> None:
    """After the modules are registered: their catalogues decide what is offered."""
    app.extensions["eservices.languages"] = build(
        app.config["LANGUAGES"], app.config["LANGUAGES_INCOMPLETE"], _catalogue_folders(app),
        production=app.config["ESERVICES_ENV"] == "production")
    babel.init_app(app, locale_selector=formatting_locale,
                   default_translation_directories=app.config["BABEL_TRANSLATION_DIRECTORIES"])
    app.register_blueprint(bp)
    # As Flask-Babel installs them, on the per-request lookup above.
    template_gettext.install(app.jinja_env, _translations)
    app.jinja_env.filters["sek"] = format_sek
    app.jinja_env.filters["date"] = format_day
    app.jinja_env.filters["datetime"] = format_moment

    # The platform's own catalogue for pages of no module.  Flask-Babel's default
    # is a new Domain per request, which reads the catalogue files every time.
    platform = LanguageDomain(current_language, domain=app.extensions["babel"].default_domain)
    app.extensions["eservices.platform_domain"] = platform

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
    def _vary(response: Response) -> Response:
        # A page in the browser's language must not be served from a shared cache to
        # a browser that asks for another.
        if g.get("language_from_browser"):
            response.vary.add("Accept-Language")
        return show_fallbacks(response)

    @app.context_processor
    def _language_context() -> dict:
        return {"languages": language_names(), "current_language": current_language(),
                "language_switch_url": switch_url}
