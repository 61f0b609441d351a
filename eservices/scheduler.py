"""Modules' periodic jobs: in a thread of the app on one machine, by Celery beat at scale.

A module lists ``PeriodicJob``s in its manifest.  With ``TASK_BACKEND=inprocess``
and ``PERIODIC_JOBS=on`` a daemon thread, started with the first request, runs each
job on its interval; with Celery, ``celery beat`` schedules the same jobs (see
eservices.tasks); cron can call ``flask eservices run-job NAME``.  Jobs
are written to be rerun safely, so two processes running one is wasteful, not wrong.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from importlib import import_module

from flask import Flask

from .modules import PeriodicJob

log = logging.getLogger(__name__)


# The platform's own housekeeping, scheduled like any module's jobs.
PLATFORM_JOBS = (
    PeriodicJob("platform-purge-limit-counters", "eservices.limits:purge_expired", 3600),
    PeriodicJob("platform-purge-staff-records", "eservices.staff.housekeeping:purge_expired",
                3600),
    PeriodicJob("platform-purge-journey-cases", "eservices.journeys.retention:purge_expired",
                3600),
    # Every module's declared retention and the platform's own (eservices/my_pages).
    PeriodicJob("platform-retention", "eservices.my_pages.retention:run", 3600),
)


def jobs(app: Flask) -> dict[str, PeriodicJob]:
    registry = app.extensions["eservices.modules"]
    return {job.name: job for job in PLATFORM_JOBS} | {
        job.name: job for module in registry.enabled.values() for job in module.periodic}


def target(job: PeriodicJob) -> Callable[[], object]:
    path, _, name = job.target.partition(":")
    return getattr(import_module(path), name)


def run_job(app: Flask, name: str) -> object:
    """Run one job by name inside an app context (Celery, cron and the thread use this)."""
    job = jobs(app)[name]
    with app.app_context():
        return target(job)()


class InProcessScheduler:
    def __init__(self, app: Flask) -> None:
        self.app = app
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def start(self) -> None:
        with self._lock:
            if self._thread is not None or not jobs(self.app):
                return
            self._thread = threading.Thread(target=self._run, name="eservices-scheduler",
                                            daemon=True)
            self._thread.start()

    def _run(self) -> None:
        due = {name: 0.0 for name in jobs(self.app)}
        while not self._stopping.wait(1.0):
            for name, job in jobs(self.app).items():
                if time.monotonic() < due.get(name, 0.0):
                    continue
                due[name] = time.monotonic() + job.every_seconds
                try:
                    run_job(self.app, name)
                except Exception:
                    log.exception("periodic job %s failed; it runs again in %.0f s", name,
                                  job.every_seconds)

    def stop(self) -> None:
        self._stopping.set()


def init_app(app: Flask) -> None:
    scheduler = InProcessScheduler(app)
    app.extensions["eservices.scheduler"] = scheduler
    if app.config["TASK_BACKEND"] != "inprocess" or app.config["PERIODIC_JOBS"] != "on":
        return

    @app.before_request
    def _start_scheduler() -> None:
        # Started by the first request, not at import: CLI commands stay single-threaded.
        scheduler.start()
