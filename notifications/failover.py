"""Provider failover, as GOV.UK Notify does it.

Each SMS provider has a weight (0-100) kept in the database, so every process
agrees.  A failure takes weight from the provider that failed; success and the
passing of time give it back.  Traffic goes to the first configured provider
whose weight is at least HEALTHY (else to the heaviest), so one error changes
nothing, repeated errors shift traffic to the next provider, and it drifts back
once the sweeper has restored the first one's weight - if it fails again, it
drops lower and has to wait longer.
"""

from __future__ import annotations

from sqlalchemy import select, update

from eservices import clock
from eservices.db import db

from .models import ProviderState

PENALTY = 30
HEALTHY = 50
REWARD = 5
RECOVERY_PER_SWEEP = 10


def _states(names: list[str]) -> dict[str, ProviderState]:
    found = {s.name: s for s in db.session.scalars(
        select(ProviderState).where(ProviderState.name.in_(names)))}
    for name in names:
        if name not in found:
            found[name] = ProviderState(name=name, weight=100, consecutive_failures=0,
                                        details={})
            db.session.add(found[name])
    db.session.flush()
    return found


def choose(names: list[str]) -> str:
    """The provider to use now, from the configured order."""
    if len(names) == 1:
        return names[0]
    states = _states(names)
    for name in names:
        if states[name].weight >= HEALTHY:
            return name
    return max(names, key=lambda n: (states[n].weight, -names.index(n)))


def record(name: str, succeeded: bool) -> None:
    """Adjust a provider's weight in one UPDATE (safe with concurrent workers)."""
    column = ProviderState.weight
    if succeeded:
        values = {"weight": db.case((column + REWARD > 100, 100), else_=column + REWARD),
                  "consecutive_failures": 0}
    else:
        values = {"weight": db.case((column - PENALTY < 0, 0), else_=column - PENALTY),
                  "consecutive_failures": ProviderState.consecutive_failures + 1}
    result = db.session.execute(update(ProviderState).where(ProviderState.name == name)
                                .values(updated_at=clock.now(), **values))
    if result.rowcount == 0:
        db.session.add(ProviderState(name=name, weight=100 if succeeded else 100 - PENALTY,
                                     consecutive_failures=0 if succeeded else 1, details={}))


def drift_back() -> None:
    """Called by the sweeper: every provider regains some weight with time."""
    column = ProviderState.weight
    db.session.execute(update(ProviderState).where(column < 100).values(
        weight=db.case((column + RECOVERY_PER_SWEEP > 100, 100),
                       else_=column + RECOVERY_PER_SWEEP)))
