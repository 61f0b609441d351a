"""Deleting built journeys' cases when their privacy notice says they go.

Each submission carries ``delete_after``, fixed at submission from the
version's ``privacy.retention_days`` - what the resident was told then - so a
later change of the notice never shortens or lengthens a promise already made.
The platform's hourly job deletes what has passed, with its decisions, in
batches (each its own transaction: a backlog after downtime neither holds a
long lock nor grows one huge transaction) and audits how many went, per
journey: counts only, never a reference or an answer.
"""

from __future__ import annotations

from sqlalchemy import delete, select

from .. import clock
from ..db import db
from ..staff import audit
from .models import JourneyDecision, JourneySubmission

BATCH = 500


def purge_expired(batch: int = BATCH) -> int:
    """Delete every case past its ``delete_after``; returns how many were deleted."""
    now = clock.now()
    deleted: dict[str, int] = {}
    while True:
        found = db.session.execute(
            select(JourneySubmission.id, JourneySubmission.module_id)
            .where(JourneySubmission.delete_after <= now)
            .order_by(JourneySubmission.id).limit(batch)).all()
        if not found:
            break
        ids = [id for id, _module in found]
        # Explicitly, not by ON DELETE CASCADE: SQLite enforces foreign keys only
        # when asked to, and a decision must not outlive its case anywhere.
        db.session.execute(delete(JourneyDecision)
                           .where(JourneyDecision.submission_id.in_(ids)))
        db.session.execute(delete(JourneySubmission).where(JourneySubmission.id.in_(ids))
                           .execution_options(synchronize_session=False))
        counts: dict[str, int] = {}
        for _id, module_id in found:
            counts[module_id] = counts.get(module_id, 0) + 1
        # In the batch's transaction: the record of a deletion stands or falls with it.
        for module_id, count in sorted(counts.items()):
            audit.record("journey_cases_deleted", subject=module_id, module_id=module_id,
                         cases=count)
            deleted[module_id] = deleted.get(module_id, 0) + count
        db.session.commit()
        if len(found) < batch:
            break
    return sum(deleted.values())
