"""The module's settings, parsed once per app into one typed, frozen object.

The manifest declares the settings as text (environment variables are text);
the pages, the code sender, the alert job and the API all want numbers and
times.  Parsing them in one place, once, means a malformed value falls back to
the same default everywhere instead of each reader deciding differently, and
no request pays for parsing again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask import current_app

from eservices import toolkit as tk

MODULE_ID = "collection_alerts"
CACHE = "collection_alerts.settings"
DEFAULT_REMINDER_TIME = "18:00"


@dataclass(frozen=True)
class Settings:
    reminder_time: str  #: "HH:MM", the usual evening-before time (Swedish time)
    lead_minutes: tuple[int, ...]  #: the truck-is-coming lead times offered, smallest first
    code_minutes: int  #: how long a verification code is valid
    code_attempts: int  #: wrong guesses allowed per code
    codes_per_number: int  #: codes one number may be sent per hour
    codes_per_client: int  #: codes one client may ask for per hour
    event_max_future_minutes: int  #: API events further ahead than this are refused


def _int(name: str, minimum: int = 1) -> int:
    return tk.whole_number_setting(current_app, MODULE_ID, name, minimum)


def _raw(name: str) -> str:
    return tk.module_setting(current_app, MODULE_ID, name)


def _reminder_time() -> str:
    value = _raw("REMINDER_TIME").strip()
    return value if re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", value) else DEFAULT_REMINDER_TIME


def _lead_minutes() -> tuple[int, ...]:
    minutes = {int(part) for part in _raw("APPROACH_LEAD_MINUTES").split(",")
               if part.strip().isdigit() and 0 < int(part) <= 240}
    return tuple(sorted(minutes)) or (15,)


def settings() -> Settings:
    """This app's settings (parsed on first use, then kept with the app)."""
    cached = current_app.extensions.get(CACHE)
    if cached is None:
        cached = current_app.extensions[CACHE] = Settings(
            reminder_time=_reminder_time(), lead_minutes=_lead_minutes(),
            code_minutes=_int("CODE_MINUTES"), code_attempts=_int("CODE_ATTEMPTS"),
            codes_per_number=_int("CODES_PER_NUMBER_PER_HOUR"),
            codes_per_client=_int("CODES_PER_CLIENT_PER_HOUR"),
            event_max_future_minutes=_int("EVENT_MAX_FUTURE_MINUTES", minimum=0))
    return cached
