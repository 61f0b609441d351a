"""A subscription as plain values: what a household has, or would have after a change.

The tariff rules and the price work on a ``Plan`` and never on database rows, so
they can be tested without a database and reused by any later module (the
collection calendar, an e-ID version of this journey) that needs the same rules.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any


@dataclass(frozen=True, order=True)
class Bin:
    """One container: a tariff container type (e.g. ``restavfall``) and its size."""

    container: str
    litres: int


@dataclass(frozen=True)
class Pause:
    """A seasonal pause of a holiday home's collection, both days inclusive."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass(frozen=True)
class Plan:
    """Everything about a household's subscription that the tariff prices."""

    bins: tuple[Bin, ...]
    frequency: str
    home_composting: bool = False
    shared_with: str | None = None  # the other household's customer number
    holiday_home: bool = False
    pause: Pause | None = None

    def with_changes(self, **changes: Any) -> Plan:
        return replace(self, **changes)

    def bin_for(self, container: str) -> Bin | None:
        return next((b for b in self.bins if b.container == container), None)

    # -- storage as JSON (a case keeps the plans it was priced with) ----------
    def to_json(self) -> dict[str, Any]:
        return {
            "bins": [{"container": b.container, "litres": b.litres} for b in self.bins],
            "frequency": self.frequency,
            "home_composting": self.home_composting,
            "shared_with": self.shared_with,
            "holiday_home": self.holiday_home,
            "pause": ({"start": self.pause.start.isoformat(), "end": self.pause.end.isoformat()}
                      if self.pause else None),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Plan:
        pause = data.get("pause")
        return cls(
            bins=tuple(Bin(b["container"], int(b["litres"])) for b in data["bins"]),
            frequency=data["frequency"],
            home_composting=bool(data.get("home_composting")),
            shared_with=data.get("shared_with"),
            holiday_home=bool(data.get("holiday_home")),
            pause=(Pause(date.fromisoformat(pause["start"]), date.fromisoformat(pause["end"]))
                   if pause else None),
        )
