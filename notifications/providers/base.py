"""What every provider implements, and the two kinds of failure it may report.

Providers never touch the database: delivery code hands them an ``Outgoing``
value and records what they answer.  That keeps a provider call outside any
database transaction and makes providers easy to test against local servers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True)
class Outgoing:
    """One message, as a provider needs it."""

    notification_id: str
    channel: str  # "sms" or "email"
    recipient: str  # E.164 number or e-mail address
    body: str
    subject: str = ""
    status_callback: str | None = None  # absolute URL for delivery receipts
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Accepted:
    """The provider took the message; ``provider_id`` is its own id for it."""

    provider_id: str
    status: str = "sent"  # "sent", or "delivered" where the provider is final at once


@dataclass(frozen=True)
class SentMessage:
    """A message the provider has from us, as its history lists it."""

    provider_id: str
    recipient: str
    body: str
    created_at: datetime  # aware, UTC


class ProviderError(Exception):
    """A provider refused or failed; subclasses say whether trying again can help."""

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        self.code = code


class RetryableError(ProviderError):
    """5xx, 429, time-outs and connection errors: try again later, maybe elsewhere."""

    def __init__(self, message: str, code: str | None = None,
                 retry_after: float | None = None) -> None:
        super().__init__(message, code)
        self.retry_after = retry_after


class PermanentError(ProviderError):
    """The message can never be delivered as it is (bad number, opted out ...)."""

    def __init__(self, message: str, code: str | None = None, status: str =
                 "permanent-failure") -> None:
        super().__init__(message, code)
        self.status = status  # "permanent-failure" or "opted-out"


class Provider(Protocol):
    name: str
    channel: str

    def send(self, message: Outgoing) -> Accepted:
        """Hand the message over, or raise RetryableError / PermanentError."""
        ...


class AsyncProvider(Provider, Protocol):
    """A provider that can also send from an event loop, several messages at once.

    Delivery prefers ``send_async`` where it exists: one thread then keeps
    DISPATCH_CONCURRENCY messages in flight instead of one.  The client behind it
    belongs to the running loop; ``aclose`` closes that loop's connections.
    """

    async def send_async(self, message: Outgoing) -> Accepted:
        ...

    async def aclose(self) -> None:
        ...


class Searchable(Provider, Protocol):
    """A provider that can say which messages it has from us (its message history).

    After a crash mid-hand-over, reconciliation asks rather than guesses: found means
    the provider took it, absent means it is sent again.  An unreachable provider
    raises RetryableError, and the question is asked again at the next sweep.
    """

    def sent_to(self, recipient: str, since: datetime) -> list[SentMessage]:
        """Our outgoing messages to ``recipient`` that the provider created since ``since``."""
        ...


def is_searchable(provider: Provider) -> bool:
    return callable(getattr(provider, "sent_to", None))


def is_async(provider: Provider) -> bool:
    return callable(getattr(provider, "send_async", None))
