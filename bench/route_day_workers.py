"""Worker processes that serve the route-day benchmark's requests, as gunicorn's would.

A production deployment serves ``wsgi:app`` from several processes (README,
"Deploying at scale"), so the benchmark does too: each worker builds its own
app - or the bare baseline app - and takes requests from one shared queue, the
way free gunicorn workers take connections.  Threads in one process would
measure the interpreter lock rather than the app.

Times are ``time.perf_counter()`` readings, which on Linux come from the
system-wide monotonic clock and so compare between processes.
"""

from __future__ import annotations

import gc
import multiprocessing
import queue
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bench.route_day_baseline import bare_app

READY, DONE = "ready", "done"


class CountingDispatcher:
    """Takes the ids a commit hands over and only counts them: delivery is not measured."""

    def __init__(self) -> None:
        self.handed_over = 0
        self._lock = threading.Lock()

    def enqueue(self, ids: Iterable[str], delay: float = 0) -> None:
        with self._lock:
            self.handed_over += len(list(ids))

    def wait_idle(self, timeout: float = 30) -> bool:
        return True

    def shutdown(self) -> None:
        pass


class ReplayClock:
    """The app's clock during the replay: simulated time running ``speed`` × wall time.

    The wall-clock moment the replay starts lives in shared memory: the workers
    get the clock when they start, and the replay sets the moment once all are
    ready.
    """

    def __init__(self, start: datetime, speed: float) -> None:
        self.start, self.speed = start, speed
        self._wall = multiprocessing.get_context("spawn").RawValue("d", 0.0)

    @property
    def wall(self) -> float:
        return float(self._wall.value)

    @wall.setter
    def wall(self, value: float) -> None:
        self._wall.value = value

    def now(self) -> datetime:
        return self.start + timedelta(seconds=(time.perf_counter() - self.wall) * self.speed)

    def wall_at(self, moment: datetime) -> float:
        return self.wall + (moment - self.start).total_seconds() / self.speed


@dataclass(frozen=True)
class Target:
    """What a worker serves: the real app (``config`` given) or the bare baseline."""

    database_url: str
    instance: str
    config: dict[str, Any] | None = None  # None: the bare INSERT endpoint
    clock: ReplayClock | None = None
    gc_freeze: bool = False


def _build(target: Target) -> tuple[Any, CountingDispatcher | None]:
    if target.config is None:
        return bare_app(target.database_url, create=False), None
    from eservices import create_app

    app = create_app(target.config, environ={}, instance_path=target.instance)
    dispatcher = CountingDispatcher()
    app.extensions["notifications.dispatcher"] = dispatcher
    if target.clock is not None:
        app.extensions["eservices.clock"] = target.clock
    return app, dispatcher


def serve(target: Target, inbox: Any, outbox: Any) -> None:
    """A worker's life: build the app, answer requests until ``None``, report the count.

    Each request is ``(due, path, body, headers)``; each answer ``(due → commit,
    service time, alerts queued)``.  A failed request is reported as text and ends
    the benchmark.
    """
    app, dispatcher = _build(target)
    client = app.test_client()
    if target.gc_freeze:
        gc.collect()
        gc.freeze()  # as a pre-loading server does: start-up objects are never rescanned
    outbox.put((READY,))
    while (item := inbox.get()) is not None:
        due, path, body, headers = item
        started = time.perf_counter()
        response = client.post(path, data=body, content_type="application/json",
                               headers=headers)
        done = time.perf_counter()
        if response.status_code != 200:
            outbox.put((DONE, f"{response.status_code} {response.get_data(as_text=True)}"))
            return
        outbox.put((done - due, done - started, response.get_json().get("alerts_queued", 0)))
    outbox.put((DONE, dispatcher.handed_over if dispatcher else 0))


class Pool:
    """``processes`` workers serving ``target`` from one queue."""

    def __init__(self, target: Target, processes: int) -> None:
        context = multiprocessing.get_context("spawn")  # a clean interpreter, like gunicorn's
        self.inbox, self.outbox = context.Queue(), context.Queue()
        self.workers = [context.Process(target=serve, args=(target, self.inbox, self.outbox),
                                        daemon=True) for _ in range(processes)]
        for worker in self.workers:
            worker.start()
        for _ in self.workers:
            message = self.outbox.get(timeout=120)
            assert message == (READY,), message
        self.results: list[tuple[float, float, int]] = []
        self.handed_over = 0

    def submit(self, due: float, path: str, body: bytes, headers: dict[str, str]) -> None:
        self.inbox.put((due, path, body, headers))

    def drain(self) -> None:
        """Take the answers that have arrived so far, without waiting."""
        try:
            while True:
                self._take(self.outbox.get_nowait())
        except queue.Empty:
            pass

    def close(self) -> list[tuple[float, float, int]]:
        """Wait for every request; the answers, in the order they came."""
        for _ in self.workers:
            self.inbox.put(None)
        finished = 0
        while finished < len(self.workers):
            message = self.outbox.get(timeout=600)
            if message[0] == DONE:
                finished += 1
                if isinstance(message[1], str):
                    raise SystemExit(f"a request failed: {message[1]}")
                self.handed_over += message[1]
            else:
                self._take(message)
        for worker in self.workers:
            worker.join(timeout=30)
        return self.results

    def _take(self, message: tuple[Any, ...]) -> None:
        if message[0] == DONE:  # only a failed request ends a worker early
            raise SystemExit(f"a request failed: {message[1]}")
        self.results.append(message)  # type: ignore[arg-type]


def bare_events(database_url: str, instance: str, day_events: list[tuple[datetime, str, bytes]],
                processes: int) -> tuple[float, list[float]]:
    """All events as fast as the bare endpoint's workers take them: (events/s, service times)."""
    bare_app(database_url).extensions["bench.engine"].dispose()  # fresh tables
    pool = Pool(Target(database_url, instance), processes)
    day = day_events[0][0].date().isoformat()
    started = time.perf_counter()
    for _arrival, route, body in day_events:
        pool.submit(time.perf_counter(), f"/events/{route}/{day}", body, {})
    results = pool.close()
    elapsed = time.perf_counter() - started
    return len(day_events) / elapsed, [service for _, service, _ in results]
