"""Celery for the production path: the platform's Celery app, its periodic-job task and
the beat schedule.

    celery -A eservices.worker worker      # runs tasks: message delivery, periodic jobs
    celery -A eservices.worker beat        # schedules the platform's and modules' jobs

The Celery app belongs to the platform, not to one of its parts: the platform's
own periodic jobs run here, and a part that hands work to Celery (notifications
registers ``notifications.deliver`` and ``notifications.sweep``) puts its tasks
on ``celery`` and its beat entries in with ``add_to_beat``.  So ``notifications``
depends on ``eservices`` and never the other way round.  This module is imported
only when ``TASK_BACKEND=celery`` (Celery is an optional dependency).
"""

from __future__ import annotations

from celery import Celery
from flask import Flask

from .scheduler import jobs, run_job

celery = Celery("eservices")
_flask_app: Flask | None = None


def init_app(app: Flask) -> Celery:
    """Configure Celery from the Flask app; the tasks of this process run in it."""
    global _flask_app
    _flask_app = app
    celery.conf.update(
        broker_url=app.config["CELERY_BROKER_URL"],
        task_ignore_result=True,
        task_acks_late=True,  # a worker that dies mid-task leaves the task for another
        worker_prefetch_multiplier=4,
        broker_connection_retry_on_startup=True,
        beat_schedule=beat_schedule(app),
    )
    return celery


def beat_schedule(app: Flask) -> dict[str, dict]:
    """The platform's and every enabled module's periodic jobs as celery beat entries."""
    return {f"job-{name}": {"task": "eservices.periodic", "schedule": job.every_seconds,
                            "args": (name,)} for name, job in jobs(app).items()}


def add_to_beat(name: str, task: str, every_seconds: float, **options: object) -> None:
    """Let beat also send ``task`` every ``every_seconds`` (after ``init_app``)."""
    celery.conf.beat_schedule = {**celery.conf.beat_schedule,
                                 name: {"task": task, "schedule": every_seconds, **options}}


def flask_app() -> Flask:
    """The Flask app whose context a task runs in."""
    if _flask_app is None:
        raise RuntimeError("Celery was not set up from a Flask app: start workers and beat "
                           "with `celery -A eservices.worker`")
    return _flask_app


@celery.task(name="eservices.periodic")
def periodic_task(name: str) -> None:
    run_job(flask_app(), name)
