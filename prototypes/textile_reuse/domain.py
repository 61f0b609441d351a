"""Pick-up slots and drop-off points: plain functions, testable without Flask."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "drop_off_points.toml"
SLOT_TIMES = ("09–12", "13–16")


@dataclass(frozen=True)
class Slot:
    day: date
    time: str

    @property
    def key(self) -> str:
        return f"{self.day.isoformat()}_{self.time}"


def upcoming_slots(today: date, working_days: int = 8) -> list[Slot]:
    """Two slots a weekday from tomorrow on; the reuse market's staff drive on weekdays."""
    slots: list[Slot] = []
    day = today
    while len(slots) < working_days * len(SLOT_TIMES):
        day += timedelta(days=1)
        if day.weekday() < 5:
            slots.extend(Slot(day, time) for time in SLOT_TIMES)
    return slots


@dataclass(frozen=True)
class DropOffPoint:
    name: str
    address: str
    opening_hours: dict[str, str]  # per language
    accepts: dict[str, str]


@cache
def drop_off_points() -> tuple[DropOffPoint, ...]:
    with DATA.open("rb") as fh:
        data = tomllib.load(fh)
    return tuple(DropOffPoint(**point) for point in data["point"])
