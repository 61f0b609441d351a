"""Notification statuses and the one rule about them: final statuses never move back."""

from __future__ import annotations

CREATED = "created"
SENDING = "sending"
SENT = "sent"
DELIVERED = "delivered"
UNDELIVERED = "undelivered"
FAILED = "failed"
PERMANENT_FAILURE = "permanent-failure"
OPTED_OUT = "opted-out"
REFUSED = "refused"  # never queued: a budget said no, or a bulk message could not go

FINAL = frozenset({DELIVERED, UNDELIVERED, FAILED, PERMANENT_FAILURE, OPTED_OUT, REFUSED})
ALL = (CREATED, SENDING, SENT, DELIVERED, UNDELIVERED, FAILED, PERMANENT_FAILURE, OPTED_OUT,
       REFUSED)
_RANK = {CREATED: 0, SENDING: 1, SENT: 2}


def can_move(current: str, new: str) -> bool:
    """May a notification in ``current`` take ``new``?

    Receipts may arrive late, twice or out of order ("sent" after "delivered"):
    a final status is never replaced, and nothing moves backwards - except the
    delivery code returning a failed hand-off from "sending" to "created" to retry.
    """
    if current in FINAL:
        return False
    if current == SENDING and new == CREATED:
        return True
    return new in FINAL or _RANK.get(new, -1) > _RANK.get(current, -1)


# Twilio's MessageStatus values mapped onto ours.
TWILIO_STATUS = {
    "accepted": SENDING, "scheduled": SENDING, "queued": SENT, "sending": SENT, "sent": SENT,
    "delivered": DELIVERED, "read": DELIVERED, "undelivered": UNDELIVERED, "failed": FAILED,
    "canceled": FAILED,
}
