"""From a claimed row to a provider's answer, and what that answer means.

``delivery`` claims a batch and records its outcomes; in between, each message
is checked (opt-out, per-recipient limit), given a provider (failover), handed
over with no transaction open - several at a time where the provider has an
asynchronous client - and its answer turned into an ``Outcome``.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import cast

from flask import current_app
from sqlalchemy import Row

from eservices import clock

from . import eventloop, failover, statuses
from .policy import backoff_seconds
from .providers import async_clients_closer, build_provider, is_async, status_callback_url
from .providers.base import (
    Accepted,
    AsyncProvider,
    Outgoing,
    PermanentError,
    ProviderError,
    RetryableError,
)

log = logging.getLogger(__name__)


@dataclass
class Outcome:
    """What happened to one claimed notification, written back in one batch."""

    notification_id: str
    status: str
    detail: str
    provider: str | None = None
    provider_id: str | None = None
    handed_over_at: datetime | None = None
    error_code: str | None = None
    error_message: str | None = None
    retry_delay: float | None = None  # back to "created", due again after this many seconds
    attempt_used: bool = True
    # What the answer says beyond this message, written with the batch's outcomes:
    provider_healthy: bool | None = None  # weighs the provider for failover (None: no say)
    opt_out_source: str = ""  # the provider reports the recipient has opted out


@dataclass
class Handover:
    """A claimed message that passed its checks, on its way to ``provider``."""

    row: Row
    provider: str
    outgoing: Outgoing


def prepare(row: Row, opted_out: set[str], recent: Counter[str]) -> Outcome | Handover:
    """Check one claimed notification and choose its provider; an Outcome if it stays."""
    config = current_app.config
    if row.channel == "sms":
        if row.recipient in opted_out:
            # provider="": the claim named a likely provider; this never reached one.
            return Outcome(row.id, statuses.OPTED_OUT, "recipient has opted out", provider="")
        if recent[row.recipient] >= config["SMS_PER_RECIPIENT_PER_HOUR"]:
            return Outcome(row.id, statuses.CREATED, "per-recipient limit reached; waiting",
                           provider="", retry_delay=600, attempt_used=False)
        recent[row.recipient] += 1  # messages of one batch go out together: count them now
        names = config["SMS_PROVIDER"]
        provider_name = names[0]
        if len(names) > 1:
            provider_name = failover.choose(names)
    else:
        provider_name = config["EMAIL_PROVIDER"]
    return Handover(row, provider_name, Outgoing(
        notification_id=row.id, channel=row.channel, recipient=row.recipient, body=row.body,
        subject=row.subject, status_callback=status_callback_url(provider_name, row.id)))


def send_all(handovers: list[Handover]) -> list[Accepted | ProviderError]:
    """Hand each message to its provider, with no transaction open.

    Providers with an asynchronous client (the SMS ones) get DISPATCH_CONCURRENCY
    messages at a time from this thread's event loop; the others (SMTP, the
    outbox) one after another.  Every message gets an answer: a provider that
    breaks in an unforeseen way fails that message, not its batch.
    """
    providers = {h.provider: build_provider(h.provider) for h in handovers}
    results: dict[int, Accepted | ProviderError] = {}
    concurrent = [i for i, h in enumerate(handovers) if is_async(providers[h.provider])]
    if concurrent:
        limit = current_app.config["DISPATCH_CONCURRENCY"]

        async def send_concurrently() -> list[Accepted | BaseException]:
            slots = asyncio.Semaphore(limit)

            async def send(handover: Handover) -> Accepted:
                async with slots:
                    provider = cast(AsyncProvider, providers[handover.provider])
                    return await provider.send_async(handover.outgoing)

            return await asyncio.gather(*(send(handovers[i]) for i in concurrent),
                                        return_exceptions=True)

        answers = eventloop.run(send_concurrently, async_clients_closer())
        for i, answer in zip(concurrent, answers, strict=True):
            results[i] = _answer(handovers[i], answer)
    for i, handover in enumerate(handovers):
        if i not in results:
            try:
                results[i] = providers[handover.provider].send(handover.outgoing)
            except Exception as error:
                results[i] = _answer(handover, error)
    return [results[i] for i in range(len(handovers))]


def _answer(handover: Handover, result: Accepted | BaseException) -> Accepted | ProviderError:
    if isinstance(result, Accepted | ProviderError):
        return result
    if not isinstance(result, Exception):
        raise result  # cancelled, interrupted: not a provider's answer
    log.error("%s failed unexpectedly sending %s", handover.provider,
              handover.row.id, exc_info=result)
    # Whether it went out is unknown: final, rather than risk sending it twice.
    return PermanentError(f"{handover.provider} failed: {type(result).__name__}",
                          "unexpected", status=statuses.FAILED)


def outcome_of(handover: Handover, result: Accepted | ProviderError,
               opted_out: set[str]) -> Outcome:
    """What one provider answer means for the notification (and for failover).

    Nothing is written here: the provider's health and an opt-out it reports
    travel in the ``Outcome``, and delivery writes them with the batch's
    statuses in one commit - so a crash leaves all of a batch's consequences
    or none.
    """
    config = current_app.config
    row, provider_name = handover.row, handover.provider
    weighs_providers = row.channel == "sms" and len(config["SMS_PROVIDER"]) > 1
    if isinstance(result, RetryableError):
        failure = {"provider": provider_name, "error_code": result.code or "",
                   "error_message": str(result)[:300],
                   "provider_healthy": False if weighs_providers else None}
        if row.attempts >= config["NOTIFICATION_MAX_ATTEMPTS"]:
            return Outcome(row.id, statuses.FAILED, f"gave up after {row.attempts} attempts: "
                           f"{result.code or result}", **failure)
        delay = backoff_seconds(row.attempts, config["NOTIFICATION_RETRY_SECONDS"])
        return Outcome(row.id, statuses.CREATED, f"{provider_name}: {result.code or result}; "
                       "retrying", retry_delay=max(delay, result.retry_after or 0), **failure)
    if isinstance(result, PermanentError):
        source = ""
        if result.status == statuses.OPTED_OUT and row.recipient not in opted_out:
            source = f"{provider_name}:{result.code}"
            opted_out.add(row.recipient)  # later messages of the batch to this number
        return Outcome(row.id, result.status, f"{provider_name}: {result.code or result}",
                       provider=provider_name, error_code=result.code or "",
                       error_message=str(result)[:300], opt_out_source=source)
    assert isinstance(result, Accepted), result
    return Outcome(row.id, result.status, f"handed to {provider_name}",
                   provider=provider_name, provider_id=result.provider_id,
                   handed_over_at=clock.now(),
                   provider_healthy=True if weighs_providers else None)
