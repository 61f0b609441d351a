"""How long message content is kept: bodies and recipients go, the delivery record stays.

One function for both ways it is run - ``flask notifications purge`` by hand or
cron, and the platform's retention job (``platform-retention``) - so the two
can never blank different things.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update

from eservices import clock
from eservices.db import db

from .models import InboundMessage, Notification


def purge_content_older_than(cutoff: datetime) -> tuple[int, int]:
    """Blank the text and recipient of messages, and of replies, older than ``cutoff``;
    (messages, replies) touched.  Status, segments and provider stay, for the
    bookkeeping.  Safe to run twice: what is blanked is not counted again."""
    sent = db.session.execute(
        update(Notification)
        .where(Notification.created_at < cutoff, Notification.purged_at.is_(None))
        .values(body="", subject="", recipient="", purged_at=clock.now())
        .execution_options(synchronize_session=False))
    replies = db.session.execute(
        update(InboundMessage).where(InboundMessage.received_at < cutoff,
                                     InboundMessage.body != "")
        .values(body="", sender="").execution_options(synchronize_session=False))
    return sent.rowcount or 0, replies.rowcount or 0
