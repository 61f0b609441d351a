"""Where delivery runs: threads in the app process by default, Celery at scale.

Both run the same ``delivery.deliver`` and ``delivery.sweep``; the dispatcher
only decides where and when.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor

from flask import Flask

log = logging.getLogger(__name__)


class InProcessDispatcher:
    """A thread pool inside the app: no other server needed.

    Retries wait on timers; a sweeper thread re-queues anything left behind (a
    crash between commit and hand-off, quiet hours ending).  Nothing is lost if
    the process dies: the rows are in the database and the next sweep finds them.
    """

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.executor = ThreadPoolExecutor(max_workers=app.config["DISPATCH_THREADS"],
                                           thread_name_prefix="notifications")
        self._lock = threading.Lock()
        self._in_flight = 0
        self._idle = threading.Condition(self._lock)
        self._timers: set[threading.Timer] = set()
        self._sweeper: threading.Thread | None = None
        self._stopping = threading.Event()

    def enqueue(self, ids: Iterable[str], delay: float = 0) -> None:
        if self._stopping.is_set():
            return  # shutting down: the rows stay "created" for the next start's sweeper
        if delay > 0:
            for notification_id in ids:
                timer = threading.Timer(delay, self.enqueue, args=([notification_id],))
                timer.daemon = True
                with self._lock:
                    self._timers.add(timer)
                timer.start()
            return
        self._start_sweeper()
        for notification_id in ids:
            with self._lock:
                self._in_flight += 1
            self.executor.submit(self._run, notification_id)

    def _run(self, notification_id: str) -> None:
        from .delivery import deliver

        try:
            with self.app.app_context():
                deliver(notification_id)
        except Exception:
            log.exception("delivering notification %s failed; the sweeper will retry",
                          notification_id)
        finally:
            with self._lock:
                self._in_flight -= 1
                self._idle.notify_all()

    def wait_idle(self, timeout: float = 30) -> bool:
        """Block until no delivery is running (tests and benchmarks)."""
        with self._lock:
            return self._idle.wait_for(lambda: self._in_flight == 0, timeout=timeout)

    def _start_sweeper(self) -> None:
        interval = self.app.config["SWEEP_INTERVAL_SECONDS"]
        if interval <= 0 or self._sweeper is not None:
            return
        with self._lock:
            if self._sweeper is not None:
                return
            self._sweeper = threading.Thread(target=self._sweep_forever, args=(interval,),
                                             name="notifications-sweeper", daemon=True)
        self._sweeper.start()

    def _sweep_forever(self, interval: float) -> None:
        from .delivery import sweep

        while not self._stopping.wait(interval):
            try:
                with self.app.app_context():
                    sweep()
            except Exception:
                log.exception("notification sweep failed")

    def shutdown(self) -> None:
        self._stopping.set()
        with self._lock:
            timers = list(self._timers)
        for timer in timers:
            timer.cancel()
        self.executor.shutdown(wait=True)


class CeleryDispatcher:
    """Hands ids to Celery workers on the broker; the worker runs the same code."""

    def __init__(self, app: Flask) -> None:
        from .celery_app import init_celery

        self.celery = init_celery(app)

    def enqueue(self, ids: Iterable[str], delay: float = 0) -> None:
        from .celery_app import deliver_task

        for notification_id in ids:
            deliver_task.apply_async(args=[notification_id], countdown=delay or None)

    def wait_idle(self, timeout: float = 30) -> bool:
        return True

    def shutdown(self) -> None:
        pass


def init_app(app: Flask) -> None:
    backend = app.config["TASK_BACKEND"]
    if backend == "celery":
        dispatcher: InProcessDispatcher | CeleryDispatcher = CeleryDispatcher(app)
    elif backend == "inprocess":
        dispatcher = InProcessDispatcher(app)
    else:
        raise ValueError(f"TASK_BACKEND={backend!r}: use inprocess or celery")
    app.extensions["notifications.dispatcher"] = dispatcher
