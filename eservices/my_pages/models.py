"""The one table of the data rights: the receipt of an erasure request.

Erasing signs the resident out, so the page that tells them what went and what
was kept cannot be found through their account; it is found through a receipt
named by a random id that only their browser holds (in its session).  The
same id makes the request safe to repeat: a second press of the button finds
the receipt (the primary key is the claim) and shows it, instead of erasing
again and reporting nothing removed.  Receipts go after a day (retention).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from ..db import UTCDateTime, db, utcnow


class ErasureReceipt(db.Model):
    __tablename__ = "platform_erasure_receipt"

    #: ``tokens.secret_hash`` of the id in the browser's session (or the staff form).
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    #: The request's reference in the audit log (random, names nobody).
    reference: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    #: ``ErasureReport.as_json()``: counts, module ids and what was kept, and why.
    outcome: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
