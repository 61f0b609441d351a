"""The old entry point, kept working: ``celery -A notifications.worker worker`` is
``celery -A eservices.worker worker`` (the Celery app moved into the platform)."""

from eservices.worker import celery, flask_app

__all__ = ["celery", "flask_app"]
