"""The module's settings as values, each read and parsed here and only here.

Settings come from the environment as ``IDEAS_<NAME>`` (the manifest lists
them).  Lists are comma-separated; a department is ``key=Name``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l

from eservices import toolkit as tk

from .meta import MODULE_ID
from .statuses import ALL_STATUSES


def _setting(name: str) -> str:
    return tk.module_setting(current_app, MODULE_ID, name)


@dataclass(frozen=True)
class Department:
    key: str
    label: str


#: The departments (förvaltningar) of the demo municipality, used when
#: ``IDEAS_DEPARTMENTS`` is empty.
DEFAULT_DEPARTMENTS = (
    ("samhallsbyggnad", _l("Community planning and building")),
    ("miljo", _l("Environment and waste")),
    ("utbildning", _l("Education")),
    ("socialtjanst", _l("Social services and care")),
    ("kultur-fritid", _l("Culture and leisure")),
    ("naringsliv", _l("Business and work")),
    ("digitalisering", _l("Digitalisation and IT")),
    ("ovrigt", _l("Something else")),
)


@lru_cache(maxsize=8)
def _parse_departments(raw: str) -> tuple[tuple[str, str], ...]:
    parsed = []
    for item in raw.split(","):
        key, _, name = item.strip().partition("=")
        if key.strip() and name.strip():
            parsed.append((key.strip(), name.strip()))
    return tuple(parsed)


def departments() -> list[Department]:
    """The departments an idea can concern, in the configured order."""
    configured = _parse_departments(_setting("DEPARTMENTS"))
    pairs = configured or DEFAULT_DEPARTMENTS
    return [Department(key, str(label)) for key, label in pairs]


def department_label(key: str) -> str:
    return next((d.label for d in departments() if d.key == key), key)


def statuses() -> tuple[str, ...]:
    """The statuses in force, in order; unknown keys in the setting are ignored."""
    raw = [s.strip() for s in _setting("STATUSES").split(",") if s.strip()]
    chosen = tuple(s for s in raw if s in ALL_STATUSES)
    return chosen or ALL_STATUSES


# -- challenges, supports, comments, moderation (helper B) --------------------------


def _whole_number(name: str) -> int:
    return tk.whole_number_setting(current_app, MODULE_ID, name)


def reports_to_hide() -> int:
    """Reports from different people after which an idea or comment is hidden."""
    return _whole_number("REPORTS_TO_HIDE")


def codes_per_number() -> int:
    """One-time codes one mobile number may be sent per hour."""
    return _whole_number("CODES_PER_NUMBER")


def codes_per_client() -> int:
    """One-time codes one client (browser address) may ask for per hour."""
    return _whole_number("CODES_PER_CLIENT")


def comments_per_person() -> int:
    """Comments one proved person may write per hour."""
    return _whole_number("COMMENTS_PER_HOUR")


# -- submitting (helper A) -----------------------------------------------------------

#: Attachments one idea may have.
MAX_ATTACHMENTS = 5


def employee_email_domains() -> frozenset[str]:
    """The domains of work e-mail addresses that make a submitter an employee."""
    raw = _setting("EMPLOYEE_EMAIL_DOMAINS")
    return frozenset(d.strip().lower().lstrip("@") for d in raw.split(",") if d.strip())


def attachment_max_bytes() -> int:
    """The largest attachment in bytes (``IDEAS_ATTACHMENT_MAX_MB``, default 10)."""
    return _whole_number("ATTACHMENT_MAX_MB") * 1024 * 1024


def attachment_dir() -> Path:
    """Where attachments are kept: never under the static folder, so never served as is."""
    raw = _setting("ATTACHMENT_DIR").strip()
    return Path(raw) if raw else Path(current_app.instance_path) / "ideas-attachments"


# -- statistics (helper D) -----------------------------------------------------------


def answer_within_days() -> int:
    """The days within which an idea should get its first answer (the statistics' N)."""
    return _whole_number("ANSWER_WITHIN_DAYS")
