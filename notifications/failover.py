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

from sqlalchemy import Connection, select, update

from eservices import clock
from eservices.db import db, upsert_insert

from .models import ProviderState

PENALTY = 30
HEALTHY = 50
REWARD = 5
RECOVERY_PER_SWEEP = 10


def _weights(names: list[str]) -> dict[str, int]:
    """Each provider's weight; one that has no row yet has its full weight."""
    stored = dict(db.session.execute(select(ProviderState.name, ProviderState.weight).where(
        ProviderState.name.in_(names))).all())
    db.session.commit()  # end the read: no transaction stays open during the provider call
    return {name: stored.get(name, 100) for name in names}


def choose(names: list[str]) -> str:
    """The provider to use now, from the configured order (reads, never writes)."""
    if len(names) == 1:
        return names[0]
    weights = _weights(names)
    for name in names:
        if weights[name] >= HEALTHY:
            return name
    return max(names, key=lambda n: (weights[n], -names.index(n)))


def record(conn: Connection, name: str, succeeded: bool) -> None:
    """Adjust a provider's weight in one UPDATE (safe with concurrent workers).

    Written on delivery's connection, in the same commit as the outcomes of the
    batch that taught it.
    """
    column = ProviderState.weight
    if succeeded:
        values = {"weight": db.case((column + REWARD > 100, 100), else_=column + REWARD),
                  "consecutive_failures": 0}
    else:
        values = {"weight": db.case((column - PENALTY < 0, 0), else_=column - PENALTY),
                  "consecutive_failures": ProviderState.consecutive_failures + 1}
    now = clock.now()
    result = conn.execute(update(ProviderState).where(ProviderState.name == name)
                          .values(updated_at=now, **values))
    if result.rowcount == 0:
        conn.execute(upsert_insert(ProviderState).values(
            name=name, weight=100 if succeeded else 100 - PENALTY, updated_at=now,
            consecutive_failures=0 if succeeded else 1, details={},
        ).on_conflict_do_nothing(index_elements=["name"]))


def drift_back() -> None:
    """Called by the sweeper: every provider regains some weight with time."""
    column = ProviderState.weight
    db.session.execute(update(ProviderState).where(column < 100).values(
        weight=db.case((column + RECOVERY_PER_SWEEP > 100, 100),
                       else_=column + RECOVERY_PER_SWEEP)))
