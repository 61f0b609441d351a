"""Entry point for Celery: ``celery -A notifications.worker worker`` (and ``beat``).

Celery looks for an attribute named ``celery`` (or ``app``), so the Flask app is
deliberately called ``flask_app`` here.
"""

from eservices import create_app

flask_app = create_app({"TASK_BACKEND": "celery"})
celery = flask_app.extensions["notifications.dispatcher"].celery
