"""When a message may go: quiet hours and per-recipient limits."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from eservices.clock import STOCKHOLM


def parse_quiet_hours(value: str) -> tuple[time, time] | None:
    """'21:00-07:00' -> (21:00, 07:00); '' -> no quiet hours."""
    if not value.strip():
        return None
    start, _, end = value.partition("-")
    try:
        return time.fromisoformat(start.strip()), time.fromisoformat(end.strip())
    except ValueError as exc:
        raise ValueError(f"quiet hours {value!r} must look like 21:00-07:00") from exc


def release_time(created: datetime, quiet: tuple[time, time] | None) -> datetime | None:
    """If ``created`` falls in quiet hours (Stockholm time), when they end; else None."""
    if quiet is None:
        return None
    start, end = quiet
    local = created.astimezone(STOCKHOLM)
    clock = local.time()
    spans_midnight = start > end
    inside = (clock >= start or clock < end) if spans_midnight else (start <= clock < end)
    if not inside:
        return None
    release_day = local.date()
    if spans_midnight and clock >= start:
        release_day += timedelta(days=1)
    # Built from the local date, so the hand-over is at 07:00 also across DST shifts.
    return datetime.combine(release_day, end, tzinfo=STOCKHOLM).astimezone(created.tzinfo)


def backoff_seconds(attempt: int, base: float, cap: float = 3600.0) -> float:
    """Exponential back-off: base, 2×base, 4×base … capped."""
    return min(cap, base * (2 ** max(attempt - 1, 0)))
