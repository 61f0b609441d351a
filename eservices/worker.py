"""Entry point for Celery: ``celery -A eservices.worker worker`` (and ``beat``).

Building the app here sets Celery up (``eservices.tasks``) and lets every part
register its tasks, so a worker knows them all.  Celery looks for an attribute
named ``celery`` (or ``app``), so the Flask app is deliberately called
``flask_app`` here.
"""

from .app import create_app
from .tasks import celery

flask_app = create_app({"TASK_BACKEND": "celery"})

__all__ = ["celery", "flask_app"]
