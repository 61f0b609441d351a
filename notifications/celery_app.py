"""Notifications' tasks on the platform's Celery app (``eservices.tasks``): the same
delivery code as in-process, run by workers.

    celery -A eservices.worker worker      # hands messages to providers
    celery -A eservices.worker beat        # the sweeper, and every module's periodic jobs

``init_app`` installs the Celery dispatcher when ``TASK_BACKEND=celery``, so a
worker built by ``eservices.worker`` knows these tasks; the Flask app they run in
is the one Celery was set up from.
"""

from __future__ import annotations

from collections.abc import Iterable

from celery.signals import worker_process_shutdown, worker_ready
from flask import Flask

from eservices.tasks import add_to_beat, celery, flask_app

from . import eventloop
from .dispatch import BATCH, follow_up_seconds


class CeleryDispatcher:
    """Hands ids to Celery workers on the broker, BATCH to a task; the worker runs the
    same ``deliver_many``."""

    def __init__(self, app: Flask) -> None:
        self.celery = celery
        # Beat runs the sweeper too, beside the platform's and modules' periodic jobs.
        add_to_beat("notifications-sweep", "notifications.sweep",
                    max(app.config["SWEEP_INTERVAL_SECONDS"], 1.0))

    def enqueue(self, ids: Iterable[str], delay: float = 0) -> None:
        ids = list(ids)
        for first in range(0, len(ids), BATCH):
            deliver_task.apply_async(args=[ids[first:first + BATCH]], countdown=delay or None)

    def wait_idle(self, timeout: float = 30) -> bool:
        return True

    def start(self) -> None:
        """Nothing to start here: the Celery workers sweep when they become ready."""

    def pause(self, timeout: float) -> bool:
        return True

    def resume(self) -> None:
        pass

    def after_fork(self) -> None:
        pass

    def shutdown(self) -> None:
        pass


def init_app(app: Flask) -> None:
    """Deliver through Celery (``TASK_BACKEND=celery``; ``eservices.tasks`` is set up)."""
    app.extensions["notifications.dispatcher"] = CeleryDispatcher(app)


@celery.task(name="notifications.deliver", max_retries=None)
def deliver_task(ids: list[str] | str) -> None:
    """Hand over a batch of notifications (one id: a task queued before batches)."""
    from .delivery import deliver_many

    eventloop.keep()  # this worker thread's provider connections last from task to task
    with flask_app().app_context():
        deliver_many([ids] if isinstance(ids, str) else ids)


@worker_process_shutdown.connect
def _close_connections(**_: object) -> None:
    from .providers import async_clients_closer

    try:
        app = flask_app()
    except RuntimeError:
        return  # never set up: no connections were opened
    with app.app_context():
        eventloop.close(async_clients_closer())


@celery.task(name="notifications.sweep")
def sweep_task(follow: bool = False, at_start: bool = False) -> None:
    """The sweep; with ``follow``, again when the next interrupted hand-over can be settled
    (the chain a starting worker begins, so recovery needs neither beat nor traffic).
    ``at_start`` takes even the newest waiting messages: nobody else is queueing them."""
    from datetime import timedelta

    from .delivery import sweep_report

    app = flask_app()
    with app.app_context():
        report = sweep_report(timedelta(0)) if at_start else sweep_report()
    again = follow_up_seconds(report, app) if follow else None
    if again is not None:
        sweep_task.apply_async(kwargs={"follow": True}, countdown=again)


@worker_ready.connect
def _sweep_at_start(**_: object) -> None:
    """A worker that starts (after a crash, say) settles what the last one left at once."""
    sweep_task.apply_async(kwargs={"follow": True, "at_start": True})
