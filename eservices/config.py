"""Settings: one declared list, read from the environment (and ``.env``).

Every setting the platform reads is declared here once, with its default and a
one-line explanation.  The README's configuration table is checked against this
list by a test, so the documentation cannot drift from the code.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .languages.configured import parse_codes, parse_languages


class ConfigurationError(RuntimeError):
    """The configuration is unusable; the message says what to change."""


def _bool(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _list(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str
    parse: Callable[[str], Any] = str
    secret: bool = False


SETTINGS: tuple[Setting, ...] = (
    Setting("ESERVICES_ENV", "development",
            "`development` or `production`. Production refuses to start without "
            "`SECRET_KEY`, `DATABASE_URL` and `PUBLIC_BASE_URL`."),
    Setting("SECRET_KEY", "", "Signs sessions and CSRF tokens. Development generates a "
            "random one per instance (stored in `instance/secret_key`).", secret=True),
    Setting("DATABASE_URL", "", "SQLAlchemy URL. Empty means the embedded SQLite file "
            "`instance/eservices.sqlite3`; production uses `postgresql+psycopg://…`."),
    Setting("PORT", "5000", "Port that `make run` serves on.", int),
    Setting("PREFERRED_URL_SCHEME", "http", "`https` behind a TLS-terminating proxy."),
    Setting("TRUSTED_PROXIES", "0", "Number of reverse proxies in front of the app whose "
            "`X-Forwarded-*` headers are trusted.", int),
    Setting("MODULES_DISABLED", "", "Comma-separated ids of installed modules to switch off.",
            _list),
    Setting("MODULES_ENABLED", "", "If set, only these module ids are enabled "
            "(comma-separated).", _list),
    Setting("STAFF_MAX_FAILED_LOGINS", "5", "Failed staff sign-ins one client may make for "
            "one username before it must wait (a minute, doubling with each further "
            "failure); accounts are never locked. Ten times this many failures an hour "
            "stop a client for every username, and slow an account down from all "
            "clients.", int),
    Setting("STAFF_LOCKOUT_MINUTES", "15", "The longest a client must wait between failed "
            "staff sign-ins (the cap of the doubling delay).", int),
    Setting("STAFF_IDLE_MINUTES", "30", "A staff session unused this long ends; staff sign "
            "in again.", int),
    Setting("SESSION_HOURS", "8", "How long a browser session (and a resident's unfinished "
            "answers) is kept.", int),
    Setting("CSRF_MINUTES", "60", "How long a form page may stay open before submitting "
            "needs a fresh page.", int),
    Setting("MUNICIPALITY_NAME", "Exempelkommun", "Shown in the header, titles and the "
            "accessibility statement."),
    Setting("MUNICIPALITY_LOGO", "", "URL path of a logo served by the app "
            "(e.g. `/static/img/logo.svg`); empty shows the name only."),
    Setting("MUNICIPALITY_EMAIL", "kontakt@exempelkommun.se", "Contact e-mail shown in the "
            "footer and the accessibility statement."),
    Setting("MUNICIPALITY_PHONE", "0910-00 00 00", "Contact telephone number."),
    Setting("MUNICIPALITY_ADDRESS", "Storgatan 1, 931 85 Exempelstad", "Postal address."),
    Setting("MUNICIPALITY_WEBSITE", "https://www.exempelkommun.se", "The municipality's "
            "main website."),
    Setting("THEME_PRIMARY_COLOUR", "#1d4f6e", "Header colour; must reach 4.5:1 "
            "contrast against white."),
    Setting("THEME_LINK_COLOUR", "#1a5a8a", "Link colour; must reach 4.5:1 contrast "
            "against white."),
    Setting("ACCESSIBILITY_STATUS", "partial", "`full`, `partial` or `none`: how far the "
            "site meets WCAG 2.1 AA, as the accessibility statement declares."),
    Setting("ACCESSIBILITY_KNOWN_ISSUES", "", "Known accessibility problems, separated by `|`, "
            "listed in the statement."),
    Setting("ACCESSIBILITY_ASSESSED", "2026-11-01", "Date of the latest accessibility "
            "assessment (ISO)."),
    Setting("LANGUAGES", "sv,en", "The site's languages, in the language switch's order "
            "(comma-separated codes, each with a catalogue `translations/<code>/`); Swedish "
            "(`sv`) is required and fills any missing text. `code:locale` names the Babel "
            "locale that formats a language's dates, numbers and amounts (`fit:fi`, `smj:sv`); "
            "without one `en` formats as `en_GB`, `se` as `se_SE`, `fit` as `fi`, `smj` and "
            "`sma` as `sv`, others as themselves.", parse_languages),
    Setting("LANGUAGES_INCOMPLETE", "", "Languages offered although their catalogues lack "
            "texts or hold fuzzy drafts (e.g. `se,fit`); each missing text is shown in "
            "Swedish, marked `lang=\"sv\"`. Any other incomplete language stops production "
            "from starting, and is left out (with a warning) in development.", parse_codes),
    Setting("LOG_LEVEL", "INFO", "Python logging level."),
    Setting("PROTECT_PROTOTYPES", "auto", "Ask for a test-round password on prototype pages: "
            "`on`, `off`, or `auto` (on in production)."),
    Setting("PUBLIC_BASE_URL", "", "The site's public address (e.g. `https://e.exempelkommun.se`): "
            "every link in an SMS or e-mail and every provider callback is built from it, never "
            "from the request. Required in production, and https there; development uses "
            "`http://127.0.0.1:PORT`."),
    Setting("TRUSTED_HOSTS", "", "Extra host names the site answers to (comma-separated); "
            "the host of `PUBLIC_BASE_URL` is always trusted, and in development `127.0.0.1` "
            "and `localhost`. A request for any other `Host` gets 400.", _list),
    Setting("TRUSTED_PROXY_ADDRESSES", "127.0.0.1,::1", "Addresses of the reverse proxies "
            "counted by `TRUSTED_PROXIES`: `X-Forwarded-*` headers are honoured only on "
            "requests that come from one of them (comma-separated IPs or networks).", _list),
    Setting("DATABASE_CONNECT_TIMEOUT_SECONDS", "5", "How long opening a database "
            "connection may take before the page answers 503.", int),
    Setting("DATABASE_STATEMENT_TIMEOUT_SECONDS", "15", "How long one database statement "
            "may run (PostgreSQL) before it is cancelled and the page answers 503.", int),
    # -- residents signed in with e-ID (each provider's EID_<NAME>_*: residents/providers.py)
    Setting("RESIDENT_SESSION_IDLE_MINUTES", "30", "A resident's e-ID session unused this "
            "long ends; they sign in again. It ends after `SESSION_HOURS` in any case.", int),
    Setting("EID_PROVIDERS", "", "The OpenID Connect e-ID providers (brokers) residents "
            "may sign in with, as comma-separated names; each NAME is set up with the "
            "`EID_<NAME>_*` settings below.", _list),
    Setting("EID_DEMO_ENABLED", "false", "`true` offers the built-in demo provider (test "
            "personnummer, no real sign-in) for prototypes and development; production "
            "refuses to start with it.", _bool),
    Setting("EID_TIMEOUT_SECONDS", "10", "How long an e-ID provider may take to answer "
            "(discovery, keys, tokens).", float),
    # -- messages to contact details nobody has proven (SMS-pumping protection)
    Setting("UNVERIFIED_MESSAGES_PER_CLIENT_PER_HOUR", "10", "SMS and e-mail one client "
            "(address) may make the site send, per hour, to contact details typed into a "
            "form; more are not sent.", int),
    Setting("UNVERIFIED_MESSAGES_PER_RECIPIENT_PER_DAY", "5", "Messages per day to one "
            "typed number or address that nobody has proven to own.", int),
    Setting("UNVERIFIED_SMS_PER_HOUR", "100", "SMS per hour, site-wide, to typed numbers "
            "nobody has proven to own: the ceiling on what SMS-pumping fraud can cost.", int),
    Setting("UNVERIFIED_EMAILS_PER_HOUR", "500", "E-mails per hour, site-wide, to typed "
            "addresses nobody has proven to own.", int),
    # -- background work
    Setting("TASK_BACKEND", "inprocess", "`inprocess` (threads inside the app, no other "
            "server) or `celery` (workers on `CELERY_BROKER_URL`)."),
    Setting("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0", "Broker for `TASK_BACKEND=celery`."),
    Setting("DISPATCH_THREADS", "4", "Threads that hand messages to providers in-process, each "
            "taking up to 25 queued messages at a time.", int),
    Setting("DISPATCH_CONCURRENCY", "5", "Messages one thread (or Celery task) keeps in flight "
            "to an SMS provider (Twilio, 46elks); SMTP takes one at a time.", int),
    Setting("SWEEP_INTERVAL_SECONDS", "30", "How often messages left waiting (a crash, a "
            "retry, quiet hours) are looked for; 0 turns the in-process sweeper off.", float),
    Setting("DISPATCH_LEASE_MARGIN_SECONDS", "30", "Time beyond its provider time-outs that "
            "a process owns the messages it is handing over; once it has passed (the process "
            "died), a sweep asks the provider what it has and sends only the rest again.",
            float),
    Setting("PERIODIC_JOBS", "on", "`on` runs the modules' scheduled jobs (such as evening "
            "reminders) in a thread of the app when `TASK_BACKEND=inprocess`; `off` leaves "
            "them to `celery beat` or cron (`flask eservices run-job NAME`)."),
    Setting("WASTE_REGISTER", "services.waste_register.adapter:DemoRegister",
            "The waste register the waste services read and write (customers, properties, "
            "containers, routes, holiday shifts), as `package.module:Factory`; the default "
            "is the demo municipality's own tables. See `docs/waste-register.md`."),
    # -- notifications
    Setting("SMS_PROVIDER", "outbox", "`outbox` (nothing leaves the machine), `twilio`, "
            "`46elks`, or an ordered failover list such as `twilio,46elks`.", _list),
    Setting("EMAIL_PROVIDER", "outbox", "`outbox` or `smtp`."),
    Setting("TWILIO_ACCOUNT_SID", "", "Twilio account SID."),
    Setting("TWILIO_AUTH_TOKEN", "", "Twilio auth token (also checks webhook signatures).",
            secret=True),
    Setting("TWILIO_FROM", "", "Sender number in E.164, or use `TWILIO_MESSAGING_SERVICE_SID`."),
    Setting("TWILIO_MESSAGING_SERVICE_SID", "", "Twilio Messaging Service SID (`MG…`)."),
    Setting("TWILIO_BASE_URL", "https://api.twilio.com", "Twilio API address: a regional "
            "proxy, or a local Twilio-compatible server in tests."),
    Setting("ELKS46_USERNAME", "", "46elks API username."),
    Setting("ELKS46_PASSWORD", "", "46elks API password.", secret=True),
    Setting("ELKS46_FROM", "", "46elks sender: E.164 number or 3-11 letters and digits."),
    Setting("ELKS46_BASE_URL", "https://api.46elks.com/a1", "46elks API address."),
    Setting("PROVIDER_TIMEOUT_SECONDS", "10", "How long a provider may take to answer.", float),
    Setting("SMTP_HOST", "", "SMTP server for `EMAIL_PROVIDER=smtp`."),
    Setting("SMTP_PORT", "587", "SMTP port.", int),
    Setting("SMTP_SECURITY", "starttls", "`starttls`, `ssl` or `none` (only for a local relay)."),
    Setting("SMTP_USERNAME", "", "SMTP user name; empty sends without signing in."),
    Setting("SMTP_PASSWORD", "", "SMTP password.", secret=True),
    Setting("EMAIL_FROM", "E-tjänster <noreply@exempelkommun.se>", "Sender of e-mail."),
    Setting("SMS_MAX_SEGMENTS", "3", "Longest SMS accepted, in segments.", int),
    Setting("SMS_PRICE_PER_SEGMENT", "0.45", "Estimated price per SMS segment in SEK, for "
            "previews."),
    Setting("SMS_PER_RECIPIENT_PER_HOUR", "10", "SMS to one number per hour; more wait.", int),
    Setting("QUIET_HOURS", "21:00-07:00", "Non-urgent SMS created in this span (Stockholm "
            "time) are held until it ends; empty turns it off."),
    Setting("QUIET_HOURS_EXEMPT", "verification,alert", "Categories sent even in quiet "
            "hours.", _list),
    Setting("NOTIFICATION_MAX_ATTEMPTS", "8", "Hand-over attempts before a message fails.",
            int),
    Setting("NOTIFICATION_RETRY_SECONDS", "10", "First retry delay; doubles each time.", float),
    Setting("NOTIFICATION_RETENTION_DAYS", "90", "Days message bodies and recipients are kept; "
            "the platform's retention job (and `flask notifications purge`) removes older "
            "ones.", int),
    Setting("RESIDENT_ACCOUNT_RETENTION_DAYS", "730", "Days a resident account (name, proven "
            "phone numbers and e-mail addresses) is kept after its last e-ID sign-in.", int),
)

SETTINGS_BY_NAME = {setting.name: setting for setting in SETTINGS}


def read_settings(environ: Mapping[str, str], overrides: Mapping[str, Any] | None = None,
                  module_settings: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Return the platform settings parsed from ``environ``, with ``overrides`` on top."""
    overrides = dict(overrides or {})
    values: dict[str, Any] = {}
    for setting in SETTINGS:
        if setting.name in overrides:
            values[setting.name] = overrides.pop(setting.name)
            continue
        raw = environ.get(setting.name, setting.default)
        try:
            values[setting.name] = setting.parse(raw)
        except ValueError as exc:
            raise ConfigurationError(f"{setting.name}={raw!r} is not valid: {exc}") from exc
    values.update(overrides)
    return values


def check_production(values: Mapping[str, Any]) -> None:
    """Refuse to run production on development defaults, naming what is missing."""
    production = values["ESERVICES_ENV"] == "production"
    check_public_base_url(str(values.get("PUBLIC_BASE_URL") or ""), production)
    if not production:
        return
    missing = [name for name in ("SECRET_KEY", "DATABASE_URL", "PUBLIC_BASE_URL")
               if not values.get(name)]
    if missing:
        raise ConfigurationError(
            "Production mode (ESERVICES_ENV=production) needs these settings: "
            + ", ".join(missing))
    if len(str(values["SECRET_KEY"])) < 32:
        raise ConfigurationError("SECRET_KEY must be at least 32 characters in production.")


def check_public_base_url(value: str, production: bool) -> None:
    """Refuse a ``PUBLIC_BASE_URL`` that cannot start a link in a message.

    Every SMS and e-mail link is built from it, so a typo would send residents to a
    wrong (or someone else's) address; production links must be https.
    """
    if not value:
        return
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query \
            or parts.fragment or parts.username or parts.password:
        raise ConfigurationError(
            f"PUBLIC_BASE_URL={value!r} must be an address like https://e.exempelkommun.se "
            "(http or https and a host name, optionally a path; no query or user name).")
    if production and parts.scheme != "https":
        raise ConfigurationError("PUBLIC_BASE_URL must start with https:// in production: "
                                 "links in messages must not be readable on the way.")


def instance_secret_key(instance_path: Path) -> str:
    """A per-installation random key for development, so none is ever hard-coded."""
    key_file = instance_path / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    import secrets

    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


def env() -> Mapping[str, str]:
    """The process environment (a seam so the app factory can be given another one)."""
    return os.environ
