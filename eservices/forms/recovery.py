"""What a POST with an expired (or missing) CSRF token may leave in a journey.

Such a POST is kept so the resident who left a page open too long gets their
answers back.  But anyone can send one - no token is needed - so without a cap
four 9 MB POSTs grew the database by 64 MB.  What is kept is therefore bounded:

* only fields a form can have: short identifier-like names, at most
  ``MAX_FIELDS`` of them and ``MAX_VALUES`` values each;
* each value at most ``MAX_VALUE_CHARS`` (twice the longest text any form
  accepts), the page at most ``MAX_PAGE_CHARS`` in all;
* at most ``MAX_PAGES`` pages per journey, the newest kept;
* nothing older than ``SESSION_HOURS``: after that the session holding the
  journey has ended, and nobody comes back for the answers.

Entries are ``{"stashed_at": ISO time, "fields": {name: [values]}}`` by path.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from flask import current_app

from .. import clock

MAX_PAGES = 3
MAX_FIELDS = 40
MAX_VALUES = 20
MAX_VALUE_CHARS = 10_000
MAX_PAGE_CHARS = 20_000
MAX_PATH_CHARS = 300
# A date in three boxes posts "<name>-day": names as WTForms fields have them.
FIELD_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,63}")


def bounded(form: Mapping[str, Any]) -> dict[str, list[str]]:
    """The posted fields within the caps; a field that would break them is left out."""
    kept: dict[str, list[str]] = {}
    total = 0
    for name, values in form.items():
        if len(kept) >= MAX_FIELDS:
            break
        if not isinstance(name, str) or not FIELD_NAME.fullmatch(name):
            continue
        listed = values if isinstance(values, list) else [values]
        clipped = [str(value)[:MAX_VALUE_CHARS] for value in listed[:MAX_VALUES]]
        size = len(name) + sum(len(value) for value in clipped)
        if total + size > MAX_PAGE_CHARS:
            continue
        kept[name] = clipped
        total += size
    return kept


def _fresh(recovered: Mapping[str, Any] | None, now: datetime) -> dict[str, dict[str, Any]]:
    """The entries stashed within a session's lifetime, oldest first."""
    cutoff = now - timedelta(hours=current_app.config["SESSION_HOURS"])
    fresh: dict[str, dict[str, Any]] = {}
    for path, entry in (recovered or {}).items():
        if not isinstance(entry, dict):
            continue
        if not isinstance(entry.get("fields"), dict):
            # Stashed before the cap (the fields themselves): kept, bounded, for a session.
            fresh[path] = {"stashed_at": now.isoformat(), "fields": bounded(entry)}
            continue
        try:
            stashed_at = datetime.fromisoformat(str(entry.get("stashed_at")))
        except ValueError:
            continue
        if stashed_at.tzinfo is not None and stashed_at >= cutoff:
            fresh[path] = entry
    return fresh


def with_entry(recovered: Mapping[str, Any] | None, path: str,
               fields: dict[str, list[str]]) -> dict[str, dict[str, Any]]:
    """``recovered`` with ``fields`` stashed for ``path``: expired and oldest pages dropped."""
    now = clock.now()
    entries = {p: e for p, e in _fresh(recovered, now).items() if p != path}
    entries[path] = {"stashed_at": now.isoformat(), "fields": fields}
    return dict(list(entries.items())[-MAX_PAGES:])


def fields_for(recovered: Mapping[str, Any] | None, path: str) -> dict[str, list[str]] | None:
    """The answers stashed for ``path``, if any are still fresh."""
    entry = _fresh(recovered, clock.now()).get(path)
    return entry["fields"] if entry is not None else None
