"""Languages: Swedish first, English complete, chosen per browser session.

Each module gets its own translation domain (see the registry); this module sets
the request's domain and provides locale-aware formatting for templates.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from urllib.parse import urlsplit

from flask import Blueprint, Flask, abort, current_app, g, redirect, request, session
from flask_babel import (
    Babel,
    Domain,
    force_locale,
    format_currency,
    format_date,
    format_datetime,
    get_locale,
)

LANGUAGES = {"sv": "Svenska", "en": "English"}
DEFAULT_LANGUAGE = "sv"

babel = Babel()
bp = Blueprint("language", __name__)


def select_locale() -> str:
    # An explicit ?lang= (from the language switch or a shared link) wins and sticks.
    requested = request.args.get("lang")
    if requested in LANGUAGES:
        session["lang"] = requested
    chosen = session.get("lang")
    return chosen if chosen in LANGUAGES else DEFAULT_LANGUAGE


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


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale,
                   default_translation_directories=app.config["BABEL_TRANSLATION_DIRECTORIES"])
    app.register_blueprint(bp)
    app.jinja_env.filters["sek"] = format_sek
    app.jinja_env.filters["date"] = format_date
    app.jinja_env.filters["datetime"] = format_datetime

    @app.before_request
    def _use_module_domain() -> None:
        registry = app.extensions["eservices.modules"]
        module = registry.for_blueprint(request.blueprint)
        g.module = module
        # A built journey has no catalogue of its own: the platform's serves it.
        domain = registry.domains.get(module.id) if module is not None else None
        if domain is not None:
            domain.as_default()

    @app.context_processor
    def _language_context() -> dict:
        return {"languages": LANGUAGES, "current_language": current_language()}
