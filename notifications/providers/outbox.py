"""The development outbox: nothing leaves the machine.

The notification row already holds everything a tester needs to see, so
"sending" to the outbox only marks it delivered; the outbox page and
``flask notifications outbox`` show the messages.
"""

from __future__ import annotations

from .base import Accepted, Outgoing


class OutboxProvider:
    name = "outbox"
    channel = "any"

    def send(self, message: Outgoing) -> Accepted:
        return Accepted(provider_id=f"outbox-{message.notification_id}", status="delivered")
