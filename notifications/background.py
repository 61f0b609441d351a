"""Delivery starts with the serving process, not with the first message.

After a crash, nothing new may arrive for hours; the messages the dead process
left must still go out.  So the process that serves the site starts the
dispatcher and its sweeper as soon as the app exists: ``wsgi.py`` (gunicorn and
any WSGI server) and ``flask run`` call ``start_if_serving``.  Other ``flask``
commands load the same ``wsgi`` module and must not start it (a migration, a
purge).  Threads do not survive ``fork``: a server that imports the app before
forking workers (``gunicorn --preload``) gets the threads restarted in each
worker.  Celery workers sweep when they become ready (``celery_app``).
"""

from __future__ import annotations

import logging
import os
import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager

import click
from flask import Flask
from flask.helpers import get_debug_flag
from werkzeug.serving import is_running_from_reloader

log = logging.getLogger(__name__)
_started: weakref.WeakSet[Flask] = weakref.WeakSet()
_fork_hook = threading.Lock()
_hooked = False


class Gate:
    """Work sections that a ``fork`` waits for.

    A thread inside a database or provider call may hold a lock of a C library
    (SQLite's, libpq's, OpenSSL's); a child forked at that moment inherits the lock
    but not the thread, and deadlocks on first use.  So delivery threads work inside
    ``section()``, and before a fork ``pause`` lets running sections finish and
    holds new ones until ``resume``.
    """

    def __init__(self) -> None:
        self._changed = threading.Condition(threading.Lock())
        self._busy = 0
        self._paused = False

    @contextmanager
    def section(self) -> Iterator[None]:
        with self._changed:
            self._changed.wait_for(lambda: not self._paused)
            self._busy += 1
        try:
            yield
        finally:
            with self._changed:
                self._busy -= 1
                self._changed.notify_all()

    def pause(self, timeout: float) -> bool:
        with self._changed:
            self._paused = True
            return self._changed.wait_for(lambda: self._busy == 0, timeout)

    def resume(self) -> None:
        with self._changed:
            self._paused = False
            self._changed.notify_all()


def serving() -> bool:
    """Is this process about to serve requests?

    Under a ``flask`` command only ``run`` serves - and with the reloader only the
    child it starts.  Outside any command (gunicorn, uWSGI, ``python -c``) the
    importer of ``wsgi`` is the server.
    """
    context = click.get_current_context(silent=True)
    if context is None:
        return True
    if context.command.name != "run":
        return False
    reload = context.params.get("reload")
    if reload is None:  # as ``flask run`` decides: the reloader comes with debug mode
        reload = get_debug_flag()
    return not reload or is_running_from_reloader()


def start(app: Flask) -> None:
    """Start the app's dispatcher and sweeper now (idempotent)."""
    global _hooked
    app.extensions["notifications.dispatcher"].start()
    _started.add(app)
    with _fork_hook:
        if not _hooked:
            os.register_at_fork(before=_pause_before_fork, after_in_parent=_resume_after_fork,
                                after_in_child=_restart_after_fork)
            _hooked = True


def start_if_serving(app: Flask) -> bool:
    if serving():
        start(app)
        return True
    return False


def _pause_before_fork() -> None:
    for app in list(_started):
        timeout = app.config["PROVIDER_TIMEOUT_SECONDS"] * 3
        if not app.extensions["notifications.dispatcher"].pause(timeout):
            log.warning("forking while a hand-over is still running; the new process may "
                        "hang on a lock that thread held")


def _resume_after_fork() -> None:
    for app in list(_started):
        app.extensions["notifications.dispatcher"].resume()


def _restart_after_fork() -> None:
    """In the new process: fresh database connections (the parent's, and the pool's
    locks its threads may have held at the fork, are not this process's), new threads."""
    from eservices.db import db

    for app in list(_started):
        with app.app_context():
            db.engine.dispose(close=False)
        app.extensions["notifications.dispatcher"].after_fork()
