"""The application factory."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from dotenv import load_dotenv
from flask import Flask, Response, abort, current_app, g, render_template, request, url_for

import notifications

from . import config as settings
from . import (
    hosts,
    i18n,
    inputs,
    journeys,
    log_privacy,
    open311,
    proxies,
    scheduler,
    staff,
)
from . import limits as _limits  # noqa: F401  (its table belongs to the metadata)
from .application import Application
from .availability import engine_options
from .db import db
from .designer import hooks as designer
from .extensions import csrf
from .forms.validators import display_mobile, display_postal_code
from .modules.registry import ModuleRegistry, register_modules
from .my_pages import init_app as init_my_pages
from .privacy import mask_phone
from .residents import init_app as init_residents
from .theme import Theme
from .translation_work import init_app as init_translation_work
from .views import errors, health, public

ROOT = Path(__file__).resolve().parent.parent
PLATFORM_TRANSLATIONS = ROOT / "translations"

CONTENT_SECURITY_POLICY = ("default-src 'self'; img-src 'self' data:; style-src 'self'; "
                           "script-src 'self'; form-action 'self'; frame-ancestors 'none'; "
                           "base-uri 'self'; object-src 'none'")
# No page asks for a camera, a position or a payment; no embedded content may either.
PERMISSIONS_POLICY = ("accelerometer=(), autoplay=(), camera=(), geolocation=(), "
                      "gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=(), "
                      "browsing-topics=()")
# Once a browser has reached the site over https it never tries plain http again.
STRICT_TRANSPORT_SECURITY = "max-age=31536000; includeSubDomains"
JSON_TYPES = ("application/json", "application/problem+json")


def create_app(overrides: Mapping[str, Any] | None = None,
               environ: Mapping[str, str] | None = None,
               instance_path: str | os.PathLike[str] | None = None) -> Flask:
    """Build the app from the environment; ``overrides`` win (tests use them)."""
    if environ is None:
        load_dotenv(override=False)
        environ = settings.env()
    if instance_path is None:
        instance_path = environ.get("ESERVICES_INSTANCE_PATH") or ROOT / "instance"
    app = Application("eservices", instance_path=str(Path(instance_path).resolve()))
    values = settings.read_settings(environ, overrides)
    settings.check_production(values)
    _configure(app, values, environ)

    logging.basicConfig(level=app.config["LOG_LEVEL"],
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    log_privacy.install()
    # Order matters: the host check sees the host a trusted proxy forwarded.
    hosts.init_app(app)
    proxies.init_app(app)
    inputs.init_app(app)  # before any rule and hook: converters, cleaned input

    db.init_app(app)
    csrf.init_app(app)

    registry = ModuleRegistry()
    app.extensions["eservices.modules"] = registry
    app.extensions["eservices.theme"] = Theme.from_config(app.config)
    for blueprint in (public.bp, health.bp):
        app.register_blueprint(blueprint)
    register_modules(app, registry, PLATFORM_TRANSLATIONS)
    i18n.init_app(app)
    staff.init_app(app)
    init_residents(app)
    designer.init_app(app)
    journeys.init_app(app)
    init_translation_work(app)
    init_my_pages(app)
    open311.init_app(app)
    if app.config["TASK_BACKEND"] == "celery":  # Celery is an optional dependency
        from . import tasks

        tasks.init_app(app)  # before the parts that put their tasks on it
    notifications.init_app(app)
    scheduler.init_app(app)
    errors.init_app(app)
    _add_layout_context(app)
    app.before_request(_close_retired_modules)

    from .cli import eservices_cli
    app.cli.add_command(eservices_cli)
    return app


def _configure(app: Flask, values: dict[str, Any], environ: Mapping[str, str]) -> None:
    production = values["ESERVICES_ENV"] == "production"
    secret_key = values["SECRET_KEY"] or settings.instance_secret_key(Path(app.instance_path))
    database_url = values["DATABASE_URL"]
    if not database_url:
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
        database_url = f"sqlite:///{Path(app.instance_path) / 'eservices.sqlite3'}"
    app.config.update(values)
    app.config.update(
        _ENVIRON=environ,
        SECRET_KEY=secret_key,
        SQLALCHEMY_DATABASE_URI=database_url,
        SQLALCHEMY_ENGINE_OPTIONS=engine_options(database_url, values),
        WTF_CSRF_TIME_LIMIT=values["CSRF_MINUTES"] * 60,
        PERMANENT_SESSION_LIFETIME=timedelta(hours=values["SESSION_HOURS"]),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=production,
        SESSION_COOKIE_NAME="eservices_session",
        BABEL_DEFAULT_LOCALE=i18n.DEFAULT_LANGUAGE,
        BABEL_DEFAULT_TIMEZONE="Europe/Stockholm",
        BABEL_TRANSLATION_DIRECTORIES=str(PLATFORM_TRANSLATIONS),
        MAX_CONTENT_LENGTH=10 * 1024 * 1024,
    )


def _close_retired_modules() -> None:
    """A retired module's resident pages answer 410 Gone with a friendly page."""
    module = g.get("module")
    registry = current_app.extensions["eservices.modules"]
    if (module is not None and not request.path.startswith("/staff")
            and registry.stage(module) == "retired"):
        abort(410)


@dataclass(frozen=True)
class LayoutLinks:
    """The layout's own links (attributes, not keys: a template reads them cheaper)."""

    stylesheet: str
    theme: str
    script: str
    home: str
    my_pages: str
    accessibility: str


def _layout_urls() -> LayoutLinks:
    """The layout's own links, built once per process and script root.

    Every page links the same stylesheet, script, home page, My pages and
    accessibility statement; building them was a tenth of a simple page.
    """
    kept = current_app.extensions.setdefault("eservices.layout_urls", {})
    urls = kept.get(request.script_root)
    if urls is None:
        urls = kept[request.script_root] = LayoutLinks(
            stylesheet=url_for("static", filename="css/eservices.css"),
            theme=url_for("theme_css"),
            script=url_for("static", filename="js/eservices.js"),
            home=url_for("public.index"),
            my_pages=url_for("my_pages.overview"),
            accessibility=url_for("public.accessibility_statement"))
    return urls


def _add_layout_context(app: Flask) -> None:
    app.jinja_env.filters["masked_phone"] = mask_phone
    app.jinja_env.filters["phone"] = display_mobile  # "070-123 45 67" on every page
    app.jinja_env.filters["postal_code"] = display_postal_code  # "931 31"
    @app.context_processor
    def _layout() -> dict:
        registry = current_app.extensions["eservices.modules"]
        module = g.get("module")
        stage = registry.stage(module) if module is not None else None
        return {"theme": current_app.extensions["eservices.theme"], "module": module,
                "module_stage": stage, "is_staff_page": request.path.startswith("/staff"),
                "layout_urls": _layout_urls()}

    @app.route("/theme.css")
    def theme_css() -> Response:
        # Colours come from configuration; serving them as a stylesheet keeps the
        # Content-Security-Policy free of inline styles.
        css = render_template("eservices/theme.css",
                              theme=current_app.extensions["eservices.theme"])
        response = Response(css, mimetype="text/css")
        response.cache_control.max_age = 300
        return response

    @app.after_request
    def _security_headers(response: Response) -> Response:
        # One pass over the headers a view set (each ``setdefault`` would scan them).
        headers = response.headers
        present = {name.lower() for name, _value in headers}
        wanted = [("Content-Security-Policy", CONTENT_SECURITY_POLICY),
                  ("X-Content-Type-Options", "nosniff"),
                  ("Referrer-Policy", "same-origin"),
                  ("X-Frame-Options", "DENY")]
        module = g.get("module")
        registry = current_app.extensions["eservices.modules"]
        in_design = module is not None and registry.stage(module) in ("idea", "prototype",
                                                                      "pilot")
        staff_page = request.path.startswith("/staff")
        if staff_page or in_design:
            headers["X-Robots-Tag"] = "noindex, nofollow"
        # Machine answers (the API, /healthz) change by the second and may name
        # personal data: no proxy or browser keeps them, nor pages or answers to a POST.
        if (staff_page or request.method == "POST" or response.mimetype == "text/html"
                or response.mimetype in JSON_TYPES):
            wanted.append(("Cache-Control", "no-store"))
        wanted.append(("Permissions-Policy", PERMISSIONS_POLICY))
        if (current_app.config["ESERVICES_ENV"] == "production"
                or current_app.config["PREFERRED_URL_SCHEME"] == "https"):
            wanted.append(("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY))
        headers.extend([(name, value) for name, value in wanted
                        if name.lower() not in present])
        return response
