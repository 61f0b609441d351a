"""An event loop per delivery thread, for providers with an asynchronous client.

The SMS providers send from an event loop (Twilio through its SDK's asyncio
client, which costs about a quarter of the CPU of the blocking one per message;
46elks with aiohttp), so one thread keeps several messages in flight.
A long-lived worker thread (the in-process dispatcher's, a Celery worker's)
calls ``keep()`` once, so its loop - and the HTTP connections opened in it -
last from batch to batch.  Any other caller (a test, a CLI command) gets a loop
for one call, whose connections are closed before it returns.
"""

from __future__ import annotations

import asyncio
import contextvars
import threading
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")
_local = threading.local()


def keep() -> None:
    """Give this thread a loop that lasts until ``close()``."""
    if getattr(_local, "runner", None) is None:
        _local.runner = asyncio.Runner()


def run(work: Callable[[], Awaitable[T]], close_clients: Callable[[], Awaitable[None]]) -> T:
    """Run ``work()`` in this thread's loop; ``close_clients`` ends a one-call loop."""
    runner: asyncio.Runner | None = getattr(_local, "runner", None)
    if runner is not None:
        # In the caller's context (its Flask app context), not the one the loop began in.
        return runner.run(work(), context=contextvars.copy_context())  # type: ignore[arg-type]

    async def once() -> T:
        try:
            return await work()
        finally:
            await close_clients()

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(once())
    # Called from code that runs a loop of its own (an async caller, a test driving a
    # browser): a loop cannot run inside another, so this call gets a thread.
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(contextvars.copy_context().run, asyncio.run, once()).result()


def close(close_clients: Callable[[], Awaitable[None]]) -> None:
    """Close this thread's kept loop and the connections opened in it."""
    runner: asyncio.Runner | None = getattr(_local, "runner", None)
    if runner is None:
        return
    try:
        runner.run(close_clients())  # type: ignore[arg-type]
    finally:
        runner.close()
        _local.runner = None
