"""Where delivery runs: threads in the app process by default, Celery at scale
(``celery_app.CeleryDispatcher``).

Both run the same ``delivery.deliver`` and ``delivery.sweep``; the dispatcher
only decides where and when.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Iterable
from datetime import timedelta

from flask import Flask

from . import eventloop
from .background import Gate
from .delivery import SweepReport, sweep_report

log = logging.getLogger(__name__)

BATCH = 25  # notifications claimed, handed over and recorded together


class InProcessDispatcher:
    """Worker threads inside the app: no other server needed.

    Each thread takes whatever ids are waiting (up to BATCH) and hands them over
    with ``deliver_many``, so a backlog is claimed and recorded in batches; while
    one thread records its batch, another's messages are in flight.
    Retries wait on timers; a sweeper thread re-queues anything left behind (a
    crash between commit and hand-off, quiet hours ending).  Nothing is lost if
    the process dies: the rows are in the database, a serving process starts its
    sweeper at once (``start``), and the sweep settles interrupted hand-overs with
    the provider as soon as their leases run out.
    """

    def __init__(self, app: Flask) -> None:
        self.app = app
        self._reset()

    def _reset(self) -> None:
        self._queue: queue.SimpleQueue[str | None] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._in_flight = 0
        self._idle = threading.Condition(self._lock)
        self._timers: set[threading.Timer] = set()
        self._workers: list[threading.Thread] = []
        self._sweeper: threading.Thread | None = None
        self._stopping = threading.Event()
        self._gate = Gate()

    def enqueue(self, ids: Iterable[str], delay: float = 0) -> None:
        if self._stopping.is_set():
            return  # shutting down: the rows stay "created" for the next start's sweeper
        if delay > 0:
            for notification_id in ids:
                timer = threading.Timer(delay, self._fire, args=(notification_id,))
                timer.daemon = True
                with self._lock:
                    self._timers.add(timer)
                timer.start()
            return
        self._start_threads()
        for notification_id in ids:
            with self._lock:
                self._in_flight += 1
            self._queue.put(notification_id)

    def _fire(self, notification_id: str) -> None:
        with self._lock:
            self._timers = {t for t in self._timers if t.is_alive()}
        self.enqueue([notification_id])

    def _work(self) -> None:
        from .providers import async_clients_closer

        eventloop.keep()  # provider connections last from batch to batch
        try:
            self._deliver_from_queue()
        finally:
            with self.app.app_context():
                eventloop.close(async_clients_closer())

    def _deliver_from_queue(self) -> None:
        from .delivery import deliver_many

        while True:
            first = self._queue.get()
            if first is None:
                return
            batch = [first]
            while len(batch) < BATCH:
                try:
                    more = self._queue.get_nowait()
                except queue.Empty:
                    break
                if more is None:
                    self._queue.put(None)  # leave the stop signal for this thread's next turn
                    break
                batch.append(more)
            try:
                with self._gate.section(), self.app.app_context():
                    deliver_many(batch)
            except Exception:
                log.exception("delivering %d notifications failed; the sweeper will retry",
                              len(batch))
            finally:
                with self._lock:
                    self._in_flight -= len(batch)
                    self._idle.notify_all()

    def wait_idle(self, timeout: float = 30) -> bool:
        """Block until no delivery is queued or running (tests and benchmarks)."""
        with self._lock:
            return self._idle.wait_for(lambda: self._in_flight == 0, timeout=timeout)

    def start(self) -> None:
        """Start delivering now, not at the first message: a process that starts after a
        crash finds what the last one left (no new traffic needed)."""
        self._start_threads(sweep_at_once=True)

    def _start_threads(self, sweep_at_once: bool = False) -> None:
        with self._lock:
            if self._workers:
                return
            self._workers = [threading.Thread(target=self._work, daemon=True,
                                              name=f"notifications-{i}")
                             for i in range(self.app.config["DISPATCH_THREADS"])]
            interval = self.app.config["SWEEP_INTERVAL_SECONDS"]
            if interval > 0 or sweep_at_once:
                self._sweeper = threading.Thread(target=self._sweep_forever,
                                                 args=(interval, sweep_at_once),
                                                 name="notifications-sweeper", daemon=True)
        for thread in self._workers:
            thread.start()
        if self._sweeper is not None:
            self._sweeper.start()

    def _sweep_forever(self, interval: float, at_once: bool) -> None:
        """Sweep every ``interval`` seconds, and as soon as an interrupted hand-over's
        lease runs out (so recovery waits for the lease, not for the next interval)."""
        wait = 0.0 if at_once else interval
        while not self._stopping.wait(wait):
            # The first sweep of a starting process takes even the newest waiting messages:
            # the process that wrote them is gone.
            grace = timedelta(0) if at_once else timedelta(seconds=5)
            wait, at_once = interval, False
            try:
                with self._gate.section(), self.app.app_context():
                    report = sweep_report(grace)
            except Exception:
                log.exception("notification sweep failed")
                wait = interval if interval > 0 else 30.0  # a database away: try again
                continue
            pending = follow_up_seconds(report, self.app)
            if pending is not None:
                wait = min(wait, pending) if wait > 0 else pending
            if wait <= 0:
                return  # no periodic sweeper, and nothing left to settle

    def pause(self, timeout: float) -> bool:
        """Before a fork: let running hand-overs finish, start no new ones."""
        return self._gate.pause(timeout)

    def resume(self) -> None:
        self._gate.resume()

    def after_fork(self) -> None:
        """Threads do not survive fork: a forked server worker (gunicorn --preload)
        starts its own, with fresh locks and queue."""
        started = bool(self._workers) and not self._stopping.is_set()
        self._reset()
        if started:
            self.start()

    def shutdown(self) -> None:
        self._stopping.set()
        with self._lock:
            timers, workers = list(self._timers), list(self._workers)
        for timer in timers:
            timer.cancel()
        for _ in workers:
            self._queue.put(None)
        for thread in workers:
            thread.join(timeout=30)


def follow_up_seconds(report: SweepReport, app: Flask) -> float | None:
    """When to sweep again for hand-overs still unsettled: at the next lease expiry, or
    after the interval while a provider cannot answer; None if nothing is pending."""
    from eservices import clock

    reconciled = report.reconciled
    waits = []
    if reconciled.next_expiry is not None:
        with app.app_context():
            waits.append((reconciled.next_expiry - clock.now()).total_seconds() + 0.5)
    if reconciled.unanswered:
        waits.append(app.config["SWEEP_INTERVAL_SECONDS"] or 30.0)
    return max(0.5, min(waits)) if waits else None


def init_app(app: Flask) -> None:
    """Threads in the app (``TASK_BACKEND=celery`` installs ``celery_app``'s instead)."""
    backend = app.config["TASK_BACKEND"]
    if backend != "inprocess":
        raise ValueError(f"TASK_BACKEND={backend!r}: use inprocess or celery")
    app.extensions["notifications.dispatcher"] = InProcessDispatcher(app)
