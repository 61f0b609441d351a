"""Celery for the production path: the same delivery code, run by workers.

    celery -A notifications.worker worker      # hands messages to providers
    celery -A notifications.worker beat        # the sweeper, and every module's periodic jobs
"""

from __future__ import annotations

from celery import Celery
from celery.signals import worker_process_shutdown, worker_ready
from flask import Flask

from . import eventloop

celery = Celery("eservices")
_flask_app: Flask | None = None


def init_celery(app: Flask) -> Celery:
    global _flask_app
    _flask_app = app
    celery.conf.update(
        broker_url=app.config["CELERY_BROKER_URL"],
        task_ignore_result=True,
        task_acks_late=True,  # a worker that dies mid-task leaves the task for another
        worker_prefetch_multiplier=4,
        broker_connection_retry_on_startup=True,
        beat_schedule={"notifications-sweep": {
            "task": "notifications.sweep",
            "schedule": max(app.config["SWEEP_INTERVAL_SECONDS"], 1.0)},
            **_module_jobs(app)},
    )
    return celery


def _module_jobs(app: Flask) -> dict[str, dict]:
    """Every module's periodic jobs (the manifest's ``periodic``) for celery beat."""
    from eservices.scheduler import jobs

    return {f"job-{name}": {"task": "eservices.periodic", "schedule": job.every_seconds,
                            "args": (name,)} for name, job in jobs(app).items()}


def _app() -> Flask:
    if _flask_app is None:  # a worker started without notifications.worker
        from eservices import create_app

        init_celery(create_app({"TASK_BACKEND": "celery"}))
    assert _flask_app is not None
    return _flask_app


@celery.task(name="notifications.deliver", max_retries=None)
def deliver_task(ids: list[str] | str) -> None:
    """Hand over a batch of notifications (one id: a task queued before batches)."""
    from .delivery import deliver_many

    eventloop.keep()  # this worker thread's provider connections last from task to task
    with _app().app_context():
        deliver_many([ids] if isinstance(ids, str) else ids)


@worker_process_shutdown.connect
def _close_connections(**_: object) -> None:
    from .providers import async_clients_closer

    if _flask_app is not None:
        with _flask_app.app_context():
            eventloop.close(async_clients_closer())


@celery.task(name="eservices.periodic")
def periodic_task(name: str) -> None:
    from eservices.scheduler import run_job

    run_job(_app(), name)


@celery.task(name="notifications.sweep")
def sweep_task(follow: bool = False, at_start: bool = False) -> None:
    """The sweep; with ``follow``, again when the next interrupted hand-over can be settled
    (the chain a starting worker begins, so recovery needs neither beat nor traffic).
    ``at_start`` takes even the newest waiting messages: nobody else is queueing them."""
    from datetime import timedelta

    from .delivery import sweep_report
    from .dispatch import follow_up_seconds

    app = _app()
    with app.app_context():
        report = sweep_report(timedelta(0)) if at_start else sweep_report()
    again = follow_up_seconds(report, app) if follow else None
    if again is not None:
        sweep_task.apply_async(kwargs={"follow": True}, countdown=again)


@worker_ready.connect
def _sweep_at_start(**_: object) -> None:
    """A worker that starts (after a crash, say) settles what the last one left at once."""
    sweep_task.apply_async(kwargs={"follow": True, "at_start": True})
