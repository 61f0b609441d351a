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

import os
import threading
import weakref

import click
from flask import Flask
from werkzeug.serving import is_running_from_reloader

_started: weakref.WeakSet[Flask] = weakref.WeakSet()
_fork_hook = threading.Lock()
_hooked = False


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
    if reload is None:
        reload = bool(context.params.get("debug") or os.environ.get("FLASK_DEBUG"))
    return not reload or is_running_from_reloader()


def start(app: Flask) -> None:
    """Start the app's dispatcher and sweeper now (idempotent)."""
    global _hooked
    app.extensions["notifications.dispatcher"].start()
    _started.add(app)
    with _fork_hook:
        if not _hooked:
            os.register_at_fork(after_in_child=_restart_after_fork)
            _hooked = True


def start_if_serving(app: Flask) -> bool:
    if serving():
        start(app)
        return True
    return False


def _restart_after_fork() -> None:
    for app in list(_started):
        app.extensions["notifications.dispatcher"].after_fork()
