"""One scheduled job that applies every retention rule: each module's and the platform's.

A module declares ``Retention`` entries in ``personal_data.retention``; the
platform declares its own below, in the same shape.  The job computes
``cutoff = now - days`` for each and calls its ``apply(cutoff)``.  An operator
changes a module's ``days`` with ``<MODULE_ID>_RETENTION_<KEY>_DAYS``; a value
that is no whole number of at least one day is logged and the declared default
kept - a typo must never make the job delete everything, nor stop it.  The
platform's own periods are platform settings (``NOTIFICATION_RETENTION_DAYS``,
``RESIDENT_ACCOUNT_RETENTION_DAYS``), checked when the app starts.

Each rule runs in its own transaction with an audit record of how many rows
it touched (a count, never what): one failing rule is logged and rolled back
and the others still run.  Rules are safe to run twice, so the job is too.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l

from .. import clock
from ..db import db
from ..modules import Module, Retention
from ..staff import audit
from .collect import call, resolve

log = logging.getLogger(__name__)

PLATFORM = "platform"
JOB_NAME = "platform-retention"

#: The platform's own personal data, with the platform setting that sets each
#: period (None: fixed).
PLATFORM_RETENTION: tuple[tuple[Retention, str | None], ...] = (
    (Retention("notifications", "notifications", 90,
               "eservices.my_pages.messages:purge_older_than",
               description=_l("The text and recipient of every SMS and e-mail, and of "
                              "replies, from when it was created; the delivery record "
                              "(status, segments, cost) is kept without them.")),
     "NOTIFICATION_RETENTION_DAYS"),
    (Retention("accounts", "accounts", 730, "eservices.my_pages.account:purge_inactive",
               description=_l("A resident account with its name and proven phone numbers "
                              "and e-mail addresses, from its last e-ID sign-in.")),
     "RESIDENT_ACCOUNT_RETENTION_DAYS"),
    (Retention("sessions", "accounts", 0, "eservices.my_pages.account:purge_sessions",
               description=_l("A resident's signed-in session, deleted once it has ended "
                              "(signing out, idle time, or SESSION_HOURS after signing in).")),
     None),
    (Retention("erasure_receipts", "other", 1, "eservices.my_pages.receipts:purge_older_than",
               description=_l("The receipt of an erasure request (what was removed and "
                              "kept), shown to the person who asked, from the request.")),
     None),
)


@dataclass(frozen=True)
class Rule:
    """One retention entry of one owner, with the days in force."""

    owner: str
    retention: Retention
    days: int
    setting: str | None

    @property
    def name(self) -> str:
        return f"{self.owner}.{self.retention.key}"


def override_name(module_id: str, key: str) -> str:
    return f"{module_id.upper()}_RETENTION_{key.upper()}_DAYS"


def _raw_override(name: str) -> str | None:
    config = current_app.config
    if name in config:
        return str(config[name])
    return config.get("_ENVIRON", {}).get(name)


def module_days(module_id: str, retention: Retention) -> int:
    """The days in force for a module's entry: the operator's override, else the default."""
    name = override_name(module_id, retention.key)
    raw = _raw_override(name)
    if raw is None or not str(raw).strip():
        return retention.days
    try:
        days = int(str(raw).strip())
    except ValueError:
        days = 0
    if days < 1:
        log.warning("%s=%r is not a whole number of days (at least 1); the default of "
                    "%d days applies", name, raw, retention.days)
        return retention.days
    return days


def _modules() -> Iterable[Module]:
    registry = current_app.extensions["eservices.modules"]
    return sorted([*registry.enabled.values(), *registry.built_modules().values()],
                  key=lambda module: module.id)


def rules() -> list[Rule]:
    """Every rule in force: the platform's, then each enabled module's, by id.

    Built journeys share their functions: an ``apply`` target named by several
    modules runs once (under the first module's id and days).
    """
    found = [Rule(PLATFORM, retention,
                  int(current_app.config[setting]) if setting else retention.days, setting)
             for retention, setting in PLATFORM_RETENTION]
    seen = {retention.apply for retention, _setting in PLATFORM_RETENTION}
    for module in _modules():
        for retention in module.personal_data.retention if module.personal_data else ():
            if retention.apply in seen:
                continue
            seen.add(retention.apply)
            found.append(Rule(module.id, retention, module_days(module.id, retention),
                              override_name(module.id, retention.key)))
    return found


def _owner_module(owner: str) -> Module | None:
    return current_app.extensions["eservices.modules"].find(owner)


def apply_rule(rule: Rule) -> int:
    """Apply one rule in its own transaction; the rows it touched."""
    cutoff = clock.now() - timedelta(days=rule.days)
    module = _owner_module(rule.owner)
    touched = (call(module, rule.retention.apply, cutoff) if module is not None
               else resolve(rule.retention.apply)(cutoff))
    touched = int(touched or 0)
    if touched:
        # Counts only: the record of a deletion stands or falls with it.
        audit.record("retention_applied", subject=rule.retention.key, module_id=rule.owner,
                     rows=touched, days=rule.days)
    db.session.commit()
    return touched


def run() -> int:
    """The platform job: every rule, each in its own transaction; rows touched in all."""
    total = 0
    for rule in rules():
        try:
            total += apply_rule(rule)
        except Exception:
            db.session.rollback()
            log.exception("retention %s failed; it runs again with the next job", rule.name)
    return total
