"""The time, as the app sees it.

Code that decides by the clock (quiet hours, retries, reminders, ETAs) asks
``clock.now()`` instead of the system time, so tests and replays can run a
recorded day with a controlled clock - the real code path, another time source.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context

from .db import utcnow

# The municipality's own time: what "today" and "18:00" mean to residents.
STOCKHOLM = ZoneInfo("Europe/Stockholm")


class SystemClock:
    def now(self) -> datetime:
        return utcnow()


class ControlledClock:
    """A clock that only moves when told to (tests, replays, benchmarks)."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("start must be timezone-aware")
        self._now = start

    def now(self) -> datetime:
        return self._now

    def set(self, moment: datetime) -> None:
        self._now = moment

    def advance(self, **delta: float) -> datetime:
        self._now += timedelta(**delta)
        return self._now


SYSTEM = SystemClock()


def now() -> datetime:
    if has_app_context():
        return current_app.extensions.get("eservices.clock", SYSTEM).now()
    return SYSTEM.now()


def today() -> date:
    """Today's date in Sweden (a change "from tomorrow" means a Swedish tomorrow)."""
    return now().astimezone(STOCKHOLM).date()
