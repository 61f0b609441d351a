"""Storing what a resident sent through a built (or ejected) journey, as a case.

One function, used by the runtime of built journeys and by the code modules
``flask journeys eject`` writes: a journey keeps its cases, under its module
id, in one table when it moves from data to code.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Any

from ..db import db, utcnow
from .models import JourneySubmission


def record_submission(*, module_id: str, version_number: int, reference: str, language: str,
                      rows: Sequence[Mapping[str, str]], values: Mapping[str, Any],
                      retention_days: int) -> JourneySubmission:
    """Add the case for a submitted journey to the session (the caller commits).

    ``rows`` are the check-answers rows as the resident read them (``key``,
    ``label``, ``value``); ``values`` the raw answers by question key, JSON
    types only.  The case is deleted ``retention_days`` after submission by
    the platform's retention job.
    """
    now = utcnow()
    submission = JourneySubmission(
        module_id=module_id, version_number=version_number, reference=reference,
        language=language, answers={"rows": [dict(row) for row in rows], "values": dict(values)},
        status="new", submitted_at=now, status_changed_at=now,
        delete_after=now + timedelta(days=retention_days))
    db.session.add(submission)
    db.session.flush()
    return submission
