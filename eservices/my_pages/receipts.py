"""Erasure requests made exactly once, and their receipts (``ErasureReceipt``).

The confirm page carries a random request id.  Submitting it claims the
receipt row first, in the erasure's transaction: of two racing submissions
(a double click) the second waits on the primary key, fails to claim once the
first has committed, and shows the first's receipt - the person is told what
was erased, once, not "nothing removed" the second time.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError

from ..db import db
from ..tokens import new_secret, secret_hash
from .erasure import ErasureReport, new_reference
from .models import ErasureReceipt


def new_request_id() -> str:
    """A request id for a confirm form (only its hash is ever stored)."""
    return new_secret()[0]


def receipt_for(request_id: str | None) -> ErasureReport | None:
    """The report of a request already done, or None."""
    if not request_id:
        return None
    found = db.session.get(ErasureReceipt, secret_hash(request_id))
    if found is None or not found.outcome:
        return None
    return ErasureReport.from_json(found.outcome)


def erase_once(request_id: str, erase: Callable[[str], ErasureReport]) -> ErasureReport:
    """Run ``erase(reference)`` once for ``request_id`` and commit; a repeat gets the
    first run's report.  ``erase`` works in the caller's (this) transaction."""
    done = receipt_for(request_id)
    if done is not None:
        return done
    receipt = ErasureReceipt(id=secret_hash(request_id), reference=new_reference(), outcome={})
    db.session.add(receipt)
    try:
        db.session.flush()  # the claim: a racing twin waits here, then fails
    except IntegrityError:
        db.session.rollback()
        done = receipt_for(request_id)
        if done is None:  # claimed by a request that has not finished: ask again later
            raise
        return done
    report = erase(receipt.reference)
    receipt.outcome = report.as_json()
    db.session.commit()
    return report


def purge_older_than(cutoff: datetime) -> int:
    """Delete receipts older than ``cutoff`` (the retention job)."""
    return db.session.execute(delete(ErasureReceipt).where(
        ErasureReceipt.created_at < cutoff)).rowcount or 0
